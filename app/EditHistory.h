#pragma once
// The curator's document and its history: every edit replaces the document with a new version
// and keeps the one before, so undo and redo are unlimited within a session and always restore
// exactly what was there. Typing into one field merges into one step (its merge key), so an undo
// takes back the whole word rather than one character.
//
// Main thread. No failure modes beyond std::bad_alloc (a version of the demo's texts is ~60 KB).

#include <cstddef>
#include <string>
#include <vector>

#include "hotspots/SceneModel.h"

namespace docent::app {

// What a curator edits: the hotspots and the replay's cue sheet (the manifest rides along for a
// new scene made from a bare model and for the cue sheet's path).
struct CuratorDocument {
    hotspots::SceneManifest manifest;
    std::vector<hotspots::Hotspot> hotspots;
    std::vector<hotspots::Cue> cues; // in time order
    bool hasCueSheet = false;        // false: the replay's in-band cues, not retimed yet

    bool operator==(const CuratorDocument&) const = default;
};

class EditHistory {
public:
    explicit EditHistory(CuratorDocument initial = {});

    const CuratorDocument& current() const { return m_versions[m_at].document; }

    // Makes `after` the current version, labelled for the undo menu ("place hotspot"). An edit
    // whose non-empty mergeKey equals the previous edit's (the same text field, typed into)
    // replaces that step instead of adding one. Redo history after the current version is
    // dropped. An edit that changes nothing is ignored.
    void commit(CuratorDocument after, const std::string& label, const std::string& mergeKey = {});
    // Ends merging: the next edit is a step of its own even with the same key (focus moved).
    void breakMerge() { m_mergeOpen = false; }

    bool canUndo() const { return m_at > 0; }
    bool canRedo() const { return m_at + 1 < m_versions.size(); }
    bool undo();
    bool redo();
    // The label of the edit undo() / redo() would take back or do again ("" when none).
    std::string undoLabel() const;
    std::string redoLabel() const;
    std::size_t steps() const { return m_versions.size() - 1; }

private:
    struct Version {
        CuratorDocument document;
        std::string label;    // of the edit that made this version
        std::string mergeKey; // of that edit
    };
    std::vector<Version> m_versions;
    std::size_t m_at = 0;
    bool m_mergeOpen = false;
};

} // namespace docent::app
