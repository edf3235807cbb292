#include "CuratorFiles.h"

#include <signal.h>

#include <cerrno>
#include <cstdint>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hotspots/DurableFile.h"
#include "hotspots/SceneWriter.h"

namespace docent::app {
namespace fs = std::filesystem;

namespace {

constexpr const char* kOriginName = "autosave.json"; // which scene, and when

// The scene folder's files as the document has them (the cue sheet only once the curator made
// one: until then the replay's in-band cues stay authoritative).
hotspots::SceneFolder sceneWith(const hotspots::SceneFolder& opened,
                                const CuratorDocument& document) {
    hotspots::SceneFolder scene = opened;
    scene.manifest = document.manifest;
    scene.hotspots = document.hotspots;
    if (document.hasCueSheet) {
        hotspots::CueSheet sheet;
        if (scene.manifest.replay) {
            sheet.recording = scene.manifest.replay->recording;
        }
        sheet.cues = document.cues;
        scene.cueSheet = sheet;
    } else {
        scene.cueSheet.reset();
    }
    return scene;
}

std::uint64_t fnv1a(const std::string& text) {
    std::uint64_t hash = 1469598103934665603ull;
    for (const unsigned char c : text) {
        hash = (hash ^ c) * 1099511628211ull;
    }
    return hash;
}

std::string localTimeNow() {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char text[64];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M:%S", &local);
    return text;
}

} // namespace

bool isAssembledCopy(const std::string& folder) {
    std::error_code ec;
    return fs::exists(fs::path(folder) / kAssembledMarker, ec);
}

bool saveCuratorDocument(const hotspots::SceneFolder& opened, const CuratorDocument& document,
                         const std::string& folder, bool newFolder, std::string& error) {
    if (!newFolder && isAssembledCopy(folder)) {
        error = folder +
                ": this is a copy of the scene that the build assembled or a package installed, "
                "and the next build or upgrade replaces it; save elsewhere with Save As or --out "
                "DIR";
        return false;
    }
    if (!hotspots::saveScene(sceneWith(opened, document), folder, !newFolder, error)) {
        return false;
    }
    if (newFolder) {
        // The copy is the curator's own scene folder now, not an assembled one.
        std::error_code ec;
        fs::remove(fs::path(folder) / kAssembledMarker, ec);
    }
    return true;
}

fs::path recoveryFolder(const std::string& sceneFolder) {
    fs::path state;
    if (const char* xdg = std::getenv("XDG_STATE_HOME"); xdg && *xdg == '/') {
        state = fs::path(xdg) / "docent";
    } else if (const char* home = std::getenv("HOME"); home && *home == '/') {
        state = fs::path(home) / ".local" / "state" / "docent";
    } else {
        return {};
    }
    char key[24];
    std::snprintf(key, sizeof key, "%016llx", static_cast<unsigned long long>(fnv1a(sceneFolder)));
    const std::string name = fs::path(sceneFolder).filename().string();
    return state / "recovery" / ((name.empty() ? "scene" : name) + "-" + key);
}

bool writeRecovery(const fs::path& recovery, const std::string& sceneFolder,
                   const CuratorDocument& document, std::string& error) {
    std::error_code ec;
    fs::create_directories(recovery, ec);
    if (ec) {
        error = recovery.string() + ": cannot autosave: " + ec.message();
        return false;
    }
    hotspots::SceneFolder scene;
    scene.folder = sceneFolder;
    scene.manifest = document.manifest;
    if (!scene.manifest.replay && document.hasCueSheet) {
        scene.manifest.replay = hotspots::Replay{};
    }
    if (document.hasCueSheet && scene.manifest.replay->cues.empty()) {
        scene.manifest.replay->cues = "cues.json";
    }
    const nlohmann::json origin = {{"scene", sceneFolder}, {"autosaved", localTimeNow()}};
    const fs::path hotspotsFile = recovery / "hotspots.json";
    const fs::path cuesFile = recovery / (document.hasCueSheet ? scene.manifest.replay->cues : "");
    hotspots::CueSheet sheet;
    if (scene.manifest.replay) {
        sheet.recording = scene.manifest.replay->recording;
    }
    sheet.cues = document.cues;
    // The manifest last: a recovery folder is complete once its scene.json names the sheet.
    if (!hotspots::writeFileDurably(hotspotsFile.string(),
                                    hotspots::hotspotsToJson(document.hotspots), error, false) ||
        (document.hasCueSheet &&
         !hotspots::writeFileDurably(cuesFile.string(), hotspots::cueSheetToJson(sheet), error,
                                     false)) ||
        !hotspots::writeFileDurably((recovery / kOriginName).string(), origin.dump(2) + "\n", error,
                                    false) ||
        !hotspots::writeFileDurably((recovery / "scene.json").string(),
                                    hotspots::manifestToJson(scene.manifest), error, false)) {
        error = "autosave failed: " + error;
        return false;
    }
    return true;
}

std::optional<CuratorDocument> readRecovery(const fs::path& recovery, const CuratorDocument& base,
                                            std::string& when, std::string& error) {
    std::error_code ec;
    if (recovery.empty() || !fs::exists(recovery / "scene.json", ec)) {
        return std::nullopt;
    }
    std::ifstream in(recovery / kOriginName);
    const nlohmann::json origin = nlohmann::json::parse(in, nullptr, false);
    if (origin.is_discarded() || !origin.is_object() || !origin.contains("autosaved") ||
        !origin["autosaved"].is_string()) {
        error = (recovery / kOriginName).string() + ": not a docent autosave; ignored";
        return std::nullopt;
    }
    when = origin["autosaved"].get<std::string>();
    const hotspots::SceneFolder saved = hotspots::openSceneFolder(recovery.string());
    for (const auto& problem : saved.problems) {
        // The recovery folder holds no model: that one problem is expected.
        if (problem.severity == hotspots::Severity::Error && problem.pointer != "/model") {
            error =
                "the autosave in " + recovery.string() + " cannot be read: " + problem.toString();
            return std::nullopt;
        }
    }
    CuratorDocument document;
    document.manifest = saved.manifest;
    document.hotspots = saved.hotspots;
    document.hasCueSheet = saved.cueSheet.has_value();
    if (saved.cueSheet) {
        document.cues = saved.cueSheet->cues;
    } else {
        document.cues = base.cues; // the in-band cues, as when the scene was opened
    }
    if (document == base) {
        removeRecovery(recovery); // nothing unsaved in it
        return std::nullopt;
    }
    return document;
}

int sweepStaleSaves(const std::string& folder) {
    int removed = 0;
    std::error_code ec;
    for (fs::directory_iterator it(folder, ec), end; !ec && it != end; it.increment(ec)) {
        const std::string name = it->path().filename().string();
        const auto mark = name.rfind(".tmp-");
        if (mark == std::string::npos || mark + 5 >= name.size() ||
            name.find_first_not_of("0123456789", mark + 5) != std::string::npos ||
            !it->is_regular_file(ec)) {
            continue;
        }
        const std::string base = name.substr(0, mark);
        if (base != "scene.json" && base != "hotspots.json" &&
            fs::path(base).extension() != ".json") {
            continue; // only what a save of the scene's files would have left
        }
        const long pid = std::strtol(name.c_str() + mark + 5, nullptr, 10);
        if (pid > 0 && (::kill(static_cast<pid_t>(pid), 0) == 0 || errno == EPERM)) {
            continue; // that process is still there: perhaps saving now
        }
        std::error_code removeError;
        if (fs::remove(it->path(), removeError)) {
            ++removed;
        }
    }
    return removed;
}

void removeRecovery(const fs::path& recovery) {
    if (recovery.empty()) {
        return;
    }
    std::error_code ec;
    fs::remove_all(recovery, ec);
}

} // namespace docent::app
