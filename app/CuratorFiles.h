#pragma once
// Where a curator's work goes on disk. Saving writes the scene folder's files durably (each file
// is either its old or its new version, whatever happens; the previous version is kept as
// FILE.bak) and refuses a folder that the build assembled or a package installed: those are
// copies that the next build or upgrade replaces (DESIGN.md). Unsaved edits are autosaved to a
// recovery folder in the state folder ($XDG_STATE_HOME/docent/recovery/, else
// ~/.local/state/docent/recovery/), one per scene folder, offered on the next start.
//
// Main thread. Failure: false (or nullopt) with a one-line error naming the folder or file.

#include <filesystem>
#include <optional>
#include <string>

#include "EditHistory.h"
#include "hotspots/SceneFolder.h"

namespace docent::app {

// The file that marks an assembled or installed copy of a scene folder.
inline constexpr const char* kAssembledMarker = ".docent-assembled";

bool isAssembledCopy(const std::string& folder);

// Writes document into folder: in place (newFolder false: the folder opened, or the one saved
// last) or as a complete new scene folder beside nothing (newFolder: Save As, --out), with the
// model and the other files of opened copied there.
bool saveCuratorDocument(const hotspots::SceneFolder& opened, const CuratorDocument& document,
                         const std::string& folder, bool newFolder, std::string& error);

// The recovery folder of a scene folder; empty when there is no state folder (no HOME).
std::filesystem::path recoveryFolder(const std::string& sceneFolder);

bool writeRecovery(const std::filesystem::path& recovery, const std::string& sceneFolder,
                   const CuratorDocument& document, std::string& error);

// The autosaved document when the recovery folder holds one that differs from base (the scene as
// opened), with when it was autosaved; nullopt otherwise (error set when it could not be read).
std::optional<CuratorDocument> readRecovery(const std::filesystem::path& recovery,
                                            const CuratorDocument& base, std::string& when,
                                            std::string& error);

void removeRecovery(const std::filesystem::path& recovery);

// Removes what saves killed mid-way left in folder (FILE.tmp-PID of a process no longer
// running, beside the scene's files); returns how many. Never touches a save in progress.
int sweepStaleSaves(const std::string& folder);

} // namespace docent::app
