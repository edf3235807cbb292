#pragma once
// The visitor's interface over the gallery (Dear ImGui): the scene's title; a status bar -- LIVE
// with the guide's name, REPLAY with a seek bar and a chapter per artwork, RECONNECTING, OFF AIR
// with the next tour in the visitor's time zone -- with the guide's controls (pause and seek,
// mute and volume, captions, picture-in-picture, follow or wander, language); the tour's artworks
// with "go there" (the moon thread marked); a minimap of the rooms with the visitor and the
// guide; the commentary card; the guide's captions. It draws a VisitorView and reports what the
// visitor asked for as VisitorActions; the app does the rest. Every control also has a key.
//
// Render thread, between engine::UiLayer::beginFrame() and draw(). No failure modes.

#include <map>
#include <optional>
#include <string>
#include <vector>

#include <glm/glm.hpp>

namespace docent::app {

struct Chapter {
    double seconds = 0.0; // where the guide reaches the artwork in the replay
    std::string title;
};

struct ArtworkRow {
    std::string id;
    std::string title;
    std::string byline; // artist, date
    bool moon = false;  // on the tour's moon thread
    bool guideHere = false;
    std::optional<glm::vec2> mapPosition; // x, z in metres
};

struct MapRoom {
    glm::vec2 min{0.0f}; // x, z in metres
    glm::vec2 max{0.0f};
};

// A hotspot's marker on screen.
struct Marker {
    std::string id;
    glm::vec2 at{0.0f};  // pixels
    float size = 1.0f;   // 1 near, smaller with distance
    bool hidden = false; // behind a wall from here: only a faint ring
    bool active = false; // the guide is there: lit and pulsing
    bool moon = false;
};

enum class Broadcast { None, Connecting, Live, Replay, Reconnecting, OffAir, Ended, Failed };

struct VisitorView {
    std::string language; // en, fr, zh
    std::string title;
    int texturesLoaded = 0; // progressive loading: textures in, of texturesTotal
    int texturesTotal = 0;
    bool window = false;  // interactive (key hints shown); false in headless runs
    bool keyHints = true; // the card's hints name keys (not on a kiosk's touch screen)
    bool reducedMotion = false;
    double timeSeconds = 0.0;   // the UI clock, for the active marker's pulse
    bool focusControls = false; // give the status bar's controls the keyboard (F6)
    int focusStep = 0;          // Tab: +1 the next control, Shift+Tab: -1 the previous
    bool activateFocus = false; // Enter: press the focused control

    Broadcast broadcast = Broadcast::None;
    std::string guideName;
    std::string nextTour; // when off air: the next scheduled tour, in the visitor's time zone
    double position = 0.0;
    double duration = 0.0; // > 0: a replay that can be sought
    bool paused = false;
    std::vector<Chapter> chapters;
    bool hasAudio = false;
    float volume = 1.0f;
    bool muted = false;
    bool pip = false;
    bool hasCaptions = false;
    bool captionsOn = true;
    std::string caption; // the line for the frame on screen, if any
    bool follow = true;
    bool guideKnown = false; // the guide is at an artwork

    std::vector<ArtworkRow> artworks; // in the tour's order
    bool listOpen = false;
    int listSelection = -1; // keyboard selection in the list

    bool cardOpen = false;
    bool cardIsGuide = false; // the card of the artwork the guide is at
    std::string cardTitle;
    std::string cardByline;
    std::string cardMedium;
    std::string cardCommentary;
    std::vector<Marker> markers; // the hotspots in view

    bool touchPad = false; // on-screen move, turn and zoom buttons (touch screens)
    bool settingsOpen = false;
    bool focusSettings = false; // give the settings panel the keyboard (key O)
    float uiScale = 1.0f;
    bool highContrast = false;

    // Kiosk mode.
    bool attract = false;    // nobody there: only the title, the guide's card and the call
    std::string attractCall; // "touch to explore", in the language of the moment
    double countdown = -1.0; // >= 0: "still there?", seconds before the reset
    bool pinPad = false;     // the staff's PIN pad (after the admin gesture)
    int pinDigits = 0;       // digits typed so far (shown as dots)
    bool pinWrong = false;   // the last PIN was wrong

    std::vector<MapRoom> rooms;
    glm::vec2 visitor{0.0f};
    float visitorYawDegrees = 0.0f;
    std::optional<glm::vec2> guide;
};

struct VisitorActions {
    std::optional<double> seekTo; // seconds
    bool togglePause = false;
    bool toggleMute = false;
    std::optional<float> volume;
    bool togglePip = false;
    bool toggleCaptions = false;
    bool toggleFollow = false;
    bool goToGuide = false;
    bool toggleList = false;
    std::optional<std::string> goTo; // an artwork's id
    bool closeCard = false;
    std::optional<std::string> language;
    bool toggleSettings = false;
    std::optional<float> uiScale;
    bool toggleContrast = false;
    bool toggleMotion = false;
    bool toggleTouchPad = false;
    std::optional<char> pinKey; // the PIN pad: '0'-'9', 'C' cancel, 'K' OK
    bool stillHere = false;     // "Continue" on the countdown
    // True when the visitor pressed a control this frame (the touch pad's held buttons aside).
    bool pressed() const {
        return seekTo || togglePause || toggleMute || volume || togglePip || toggleCaptions ||
               toggleFollow || goToGuide || toggleList || goTo || closeCard || language ||
               toggleSettings || uiScale || toggleContrast || toggleMotion || toggleTouchPad ||
               pinKey || stillHere;
    }
    // The touch pad's buttons held this frame: -1..1 each.
    float moveForward = 0.0f;
    float moveRight = 0.0f;
    float turnLeft = 0.0f;
    float zoomIn = 0.0f;
};

class VisitorUi {
public:
    struct Rect {
        float x = 0, y = 0, width = 0, height = 0;
    };

    void draw(const VisitorView& view, VisitorActions& actions);

    // The texts shown and the screen rectangles of the controls on the last frame drawn (ids
    // such as "artworks", "lang-zh", "artwork:moon-harbour", "card-close"): what --stats
    // reports and what a scripted visitor clicks.
    const std::vector<std::string>& shownText() const { return m_shown; }
    const std::map<std::string, Rect>& controls() const { return m_controls; }
    // The control with the keyboard focus on the last frame ("" when none).
    const std::string& focused() const { return m_focused; }

private:
    void drawHeader(const VisitorView& view);
    void drawStatusBar(const VisitorView& view, VisitorActions& actions);
    void drawSeekBar(const VisitorView& view, VisitorActions& actions, float width);
    void drawArtworks(const VisitorView& view, VisitorActions& actions);
    void drawCard(const VisitorView& view, VisitorActions& actions);
    void drawMinimap(const VisitorView& view);
    void drawCaption(const VisitorView& view);
    void drawMarkers(const VisitorView& view);
    void drawTouchPad(const VisitorView& view, VisitorActions& actions);
    void drawSettings(const VisitorView& view, VisitorActions& actions);
    void drawAttract(const VisitorView& view);
    void drawVeil(const char* name);
    void drawCountdown(const VisitorView& view, VisitorActions& actions);
    void drawPinPad(const VisitorView& view, VisitorActions& actions);
    bool checkbox(const std::string& id, const std::string& label, bool value);
    // A large button with an arrow (pointing at angle degrees, 0 = up), a turning arrow (sign
    // 'L' or 'R') or a '+'/'-' sign; true while it is held.
    bool holdButton(const std::string& id, float angleDegrees, char sign = 0);

    // A button that is logged and registered under id; true when pressed.
    // side: a square button of that many pixels (0: sized to its label).
    bool button(const std::string& id, const std::string& label, bool selected = false,
                float side = 0.0f);
    void text(const std::string& s, bool disabled = false);
    // Flow layout in the status bar: the next item goes on the current row when it fits before
    // the window's right edge, else on a new row.
    void flow(float width);
    bool flowButton(const std::string& id, const std::string& label, bool selected = false);
    void flowText(const std::string& s, bool disabled = false);
    void textWrapped(const std::string& s);
    void remember(const std::string& id);
    void focusLastItem();
    bool activated(const std::string& id) const; // Enter on this control's focus

    // Chinese texts broken into lines, kept while their width and font size stay.
    struct Wrapped {
        float width = -1.0f;
        float fontSize = 0.0f;
        std::string text;
    };
    std::map<std::string, Wrapped> m_wrapped;
    std::vector<std::string> m_shown;
    std::map<std::string, Rect> m_controls;
    float m_statusTop = 0.0f; // pixels: the status bar's top edge, for what sits above it
    float m_flowLimit = 0.0f; // pixels: the status bar's right edge
    float m_mapTop = 0.0f;    // pixels: the minimap's top edge (0: no map)
    float m_mapLeft = 0.0f;   // pixels: the minimap's left edge
    float m_padRight = 0.0f;  // pixels: the touch pad's right edge (0: no pad)
    float m_padTop = 0.0f;    // pixels: the touch pad's top edge
    glm::vec2 m_headerBottomRight{0.0f}; // pixels: where the title panel ends
    bool m_rowStart = false;             // the next flowed item starts a row
    bool m_focusFirst = false;           // F6: focus the next button drawn
    std::vector<std::string> m_order;    // the controls in drawing order (the focus ring)
    std::string m_focused;               // the control with the keyboard focus
    std::string m_focusTarget;           // Tab: the control to focus when it is drawn
    std::string m_activeFocus;           // the focus when this frame began
    bool m_activate = false;             // Enter: press m_activeFocus this frame
};

// Seconds as h:mm:ss.
std::string clockText(double seconds);

} // namespace docent::app
