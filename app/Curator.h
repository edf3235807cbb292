#pragma once
// Curator mode's editor (Dear ImGui) around the gallery: the scene's title and guide's name in
// every language; the hotspot list with search, add (the
// next click on the scan places the marker), move, duplicate and delete; the selected hotspot's
// texts in every language the scene declares, with a completeness count per language and a
// preview of the visitor's card; the replay's timeline with its cue marks and chapter labels,
// play and pause, scrubbing, frame steps, "mark cue here", nudging and dragging marks; undo and
// redo of every edit; save, save as, and the recovery of an autosave.
//
// Every edit goes through the EditHistory. What only the app can do (seek the replay, pick the
// scan, write files) comes back as CuratorActions; the app reports results with placeAt() and
// setStatus(). Every control is remembered by id with its rectangle (controls()), so that scripted
// sessions click them as a person would.
//
// Render thread, between engine::UiLayer::beginFrame() and draw(). No failure modes.

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "EditHistory.h"
#include "hotspots/SceneModel.h"

namespace docent::app {

// A hotspot's marker as the app projected it onto the screen.
struct CuratorMarker {
    std::string id;
    glm::vec2 at{0.0f}; // pixels
    bool hidden = false;
};

// What the app tells the editor each frame.
struct CuratorView {
    bool hasReplay = false;      // a recording plays on the panel
    double position = 0.0;       // seconds since its first video frame, of the frame on screen
    double duration = 0.0;       // 0: unknown
    double frameInterval = 0.04; // seconds between video frames
    bool paused = false;
    const std::vector<float>* waveform = nullptr; // the voice's peaks, 0..1 (may be empty)
    double waveformBucket = 0.05;                 // seconds per peak
    std::optional<std::string> firedHotspot; // the preview's hotspot, as a visitor's view fired it
    std::vector<CuratorMarker> markers;
    std::string sceneFolder;                  // where Save writes
    std::optional<std::string> recoveryOffer; // unsaved edits found from an earlier session: when
    bool window = false;
    // The producer console (--control): a button per artwork fires its cue into the broadcast.
    std::string controlUrl;    // empty: no console
    std::string controlStatus; // the broadcaster's last answer, or why it cannot be reached
    bool controlError = false;
};

struct CuratorActions {
    std::optional<double> seekTo; // a frame's time (seconds since the first video frame)
    bool togglePause = false;
    bool save = false;
    std::optional<std::string> saveAs; // a folder
    bool recover = false;
    bool discardRecovery = false;
    bool cuesChanged = false; // the preview's cue sheet must follow the document
    std::optional<std::optional<std::string>> fire; // a cue for the live broadcast (nullopt: none)
};

class Curator {
public:
    struct Rect {
        float x = 0, y = 0, width = 0, height = 0;
    };

    Curator(CuratorDocument document, std::vector<std::string> languages);

    EditHistory& history() { return m_history; }
    const CuratorDocument& document() const { return m_history.current(); }
    // Replaces the document (a recovered autosave) as one undoable step.
    void replaceDocument(CuratorDocument document, const std::string& label);

    // The hotspot being edited; "" when none.
    const std::string& selected() const { return m_selected; }
    // True while the next click on the scan places a new hotspot or moves the selected one.
    bool placing() const { return m_placing != Placing::None; }
    // The click on the scan hit the gallery: the marker goes there (a new hotspot or the selected
    // one moved). anchorProblem: why the surface cannot hold a marker ("" when it can).
    void placeAt(const std::optional<hotspots::Anchor>& anchor, const std::string& anchorProblem);
    // A click on a marker selects its hotspot.
    void selectHotspot(const std::string& id);
    // A marker dragged along the scan: each position is shown at once, and the whole drag is
    // one step of the history (endDrag() closes it).
    void dragMarker(const std::string& id, const hotspots::Anchor& anchor);
    void endDrag();

    // A message in the status bar (what a save did); errors stay until the next message.
    void setStatus(const std::string& message, bool error);

    // The keys the editor handles itself (Ctrl+S, Ctrl+Z, Ctrl+Y, Ctrl+Shift+Z, Space,
    // arrows, Delete): true when the key was taken. typing: a text field has the keyboard.
    bool onKey(int key, int mods, bool typing, CuratorActions& actions, const CuratorView& view);

    void draw(const CuratorView& view, CuratorActions& actions);

    const std::map<std::string, Rect>& controls() const { return m_controls; }
    // Every string the editor may show that is not in the document (for the font atlas).
    static std::string uiCharacters();

    // The time of the frame nearest to seconds (cue times sit exactly on frame times).
    static double snapToFrame(double seconds, double frameInterval);

private:
    enum class Placing { None, New, Move };

    void drawToolbar(const CuratorView& view, CuratorActions& actions);
    void drawList(const CuratorView& view);
    void drawEditor(const CuratorView& view);
    void drawTimeline(const CuratorView& view, CuratorActions& actions);
    void drawMarkers(const CuratorView& view);
    void drawRecovery(const CuratorView& view, CuratorActions& actions);
    void drawProducer(const CuratorView& view, CuratorActions& actions);
    void drawSceneTexts();
    void drawLanguageButtons(const std::function<int(const std::string&)>& filled, int count);
    void remember(const std::string& id);

    // Edits: each makes a new version of the document.
    void editHotspot(const std::string& label, const std::string& mergeKey,
                     const std::function<void(hotspots::Hotspot&)>& change);
    void markCue(double seconds, const std::optional<std::string>& hotspot, CuratorActions& a);
    void moveCue(std::size_t index, double seconds, CuratorActions& a);
    void deleteCue(std::size_t index, CuratorActions& a);
    void duplicateSelected();
    void deleteSelected(CuratorActions& actions);
    std::string freshId(const std::string& base) const;
    const hotspots::Hotspot* selectedHotspot() const;

    EditHistory m_history;
    std::vector<std::string> m_languages;
    std::string m_selected;
    std::string m_language; // the language whose texts are being edited
    Placing m_placing = Placing::None;
    std::string m_search;
    std::optional<std::size_t> m_selectedCue;
    std::optional<std::size_t> m_draggedCue;
    double m_dragSeconds = 0.0;
    bool m_preview = false;
    bool m_sceneOpen = false; // the editor shows the scene's own texts
    std::string m_saveAsFolder;
    std::string m_goTo; // the timeline's "go to" field
    std::string m_status;
    bool m_statusError = false;
    std::string m_activeField; // the text field being typed into, for merging its edits
    std::map<std::string, Rect> m_controls;
};

} // namespace docent::app
