#include "VisitorUi.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>

#include <imgui.h>
#include <imgui_internal.h> // SetFocusID: F6 puts the keyboard on the first control

#include "LineBreak.h"
#include "UiText.h"

namespace docent::app {
namespace {

constexpr float kMarginEm = 0.7f;           // window margins, in font heights
constexpr std::size_t kMaxWrapped = 64;     // texts whose line breaks are kept between frames
constexpr float kBackground = 0.72f;        // alpha of the panels
constexpr float kCardWidthEm = 21.0f;       // the commentary card
constexpr float kListWidthEm = 17.0f;       // the artwork list
constexpr float kMapSizeEm = 10.0f;         // the minimap's side
constexpr float kSeekWidthEm = 16.0f;       // the replay's seek bar
constexpr float kRoomyWidthEm = 62.0f;      // narrower windows get a shorter status bar
constexpr float kTouchButtonEm = 3.2f;      // a finger-sized button (54 px, 14 mm at 96 dpi)
constexpr float kMinCaptionWidthEm = 22.0f; // narrower than this, captions move up
constexpr double kPulseHz = 1.2;            // the lit marker's pulse
constexpr float kMoonGold[3] = {0.98f, 0.84f, 0.36f};

// Panels a visitor can press (no title bar, no saved layout, not moved by dragging).
constexpr ImGuiWindowFlags kPanelFlags =
    ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
    ImGuiWindowFlags_NoFocusOnAppearing;
// Panels that only show (the title, captions).
constexpr ImGuiWindowFlags kShowFlags =
    kPanelFlags | ImGuiWindowFlags_NoInputs | ImGuiWindowFlags_NoNav;

// The commentary card's width: what the card, the attract call and the captions lay out by.
float cardWidth(float em, float displayWidth) {
    return std::min(em * kCardWidthEm, displayWidth * 0.45f);
}

ImU32 gold(float alpha = 1.0f) {
    return ImGui::ColorConvertFloat4ToU32(ImVec4(kMoonGold[0], kMoonGold[1], kMoonGold[2], alpha));
}

// A crescent (the moon thread's mark) centred at c, radius r.
void drawCrescent(ImDrawList* draw, ImVec2 c, float r, ImU32 colour, ImU32 background) {
    draw->AddCircleFilled(c, r, colour, 24);
    draw->AddCircleFilled(ImVec2(c.x + r * 0.45f, c.y - r * 0.2f), r * 0.85f, background, 24);
}

std::string badgeWords(Broadcast b) {
    switch (b) {
    case Broadcast::Live:
        return "LIVE";
    case Broadcast::Replay:
        return "REPLAY";
    case Broadcast::Reconnecting:
        return "RECONNECTING";
    case Broadcast::OffAir:
    case Broadcast::Ended:
    case Broadcast::Failed:
    case Broadcast::None:
        return "OFF AIR";
    case Broadcast::Connecting:
        return "CONNECTING";
    }
    return "OFF AIR";
}

ImVec4 badgeColour(Broadcast b) {
    switch (b) {
    case Broadcast::Live:
        return ImVec4(0.86f, 0.12f, 0.16f, 1.0f);
    case Broadcast::Replay:
        return ImVec4(0.20f, 0.45f, 0.85f, 1.0f);
    case Broadcast::Reconnecting:
    case Broadcast::Connecting:
        return ImVec4(0.85f, 0.55f, 0.05f, 1.0f);
    default:
        return ImVec4(0.40f, 0.40f, 0.40f, 1.0f);
    }
}

// "With Lin Yue", "Avec Lin Yue", "讲解：林悦"; "The guide" without a name.
std::string withGuide(const VisitorView& view) {
    if (view.guideName.empty()) {
        return uiText("The guide", view.language);
    }
    return uiText("With", view.language) + (view.language == "zh" ? "" : " ") + view.guideName;
}

} // namespace

std::string clockText(double seconds) {
    const int s = static_cast<int>(std::max(0.0, seconds));
    char text[32];
    std::snprintf(text, sizeof text, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60);
    return text;
}

void VisitorUi::remember(const std::string& id) {
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    m_controls[id] = {min.x, min.y, max.x - min.x, max.y - min.y};
    // The focus ring: every control in drawing order, Tab going round it across the panels.
    m_order.push_back(id);
    if (ImGui::IsItemFocused()) {
        m_focused = id;
    }
    if (!m_focusTarget.empty() && id == m_focusTarget) {
        focusLastItem();
        m_focusTarget.clear();
        m_focused = id;
    }
}

// The keyboard on the item just drawn: its panel in front, the focus frame showing, scrolled
// into view (a long artwork list).
void VisitorUi::focusLastItem() {
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    ImGui::FocusWindow(window);
    ImGui::SetFocusID(ImGui::GetItemID(), window);
    ImGui::GetCurrentContext()->NavDisableHighlight = false;
    ImGui::ScrollToBringRectIntoView(window,
                                     ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax()));
}

bool VisitorUi::activated(const std::string& id) const {
    return m_activate && id == m_activeFocus;
}

bool VisitorUi::button(const std::string& id, const std::string& label, bool selected, float side) {
    if (selected) {
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
    }
    // "###": the id alone names the control, so that it keeps the focus when its label
    // changes (Pause -> Play, a new language).
    const bool pressed =
        ImGui::Button((label + "###" + id).c_str(), ImVec2(side, side)) || activated(id);
    if (m_focusFirst) {
        // F6 or O: the keyboard lands on this control, with its focus frame showing.
        m_focusTarget = id;
        m_focusFirst = false;
    }
    if (selected) {
        ImGui::PopStyleColor();
    }
    remember(id);
    m_shown.push_back(label);
    return pressed;
}

void VisitorUi::flow(float width) {
    if (m_rowStart) {
        m_rowStart = false; // the first item of a row starts it
        return;
    }
    const float right = ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + width;
    if (right <= m_flowLimit) {
        ImGui::SameLine();
    }
}

bool VisitorUi::flowButton(const std::string& id, const std::string& label, bool selected) {
    flow(ImGui::CalcTextSize(label.c_str()).x + ImGui::GetStyle().FramePadding.x * 2.0f);
    return button(id, label, selected);
}

void VisitorUi::flowText(const std::string& s, bool disabled) {
    flow(ImGui::CalcTextSize(s.c_str()).x);
    text(s, disabled);
}

void VisitorUi::text(const std::string& s, bool disabled) {
    if (disabled) {
        ImGui::TextDisabled("%s", s.c_str());
    } else {
        ImGui::TextUnformatted(s.c_str());
    }
    m_shown.push_back(s);
}

void VisitorUi::textWrapped(const std::string& s) {
    m_shown.push_back(s);
    if (!hasCjk(s)) {
        ImGui::TextWrapped("%s", s.c_str());
        return;
    }
    // Chinese: broken by its own rules (LineBreak.h), at the width ImGui would wrap at.
    ImGuiWindow* window = ImGui::GetCurrentWindow();
    const float width = ImGui::CalcWrapWidthForPos(
        window->DC.CursorPos, window->DC.TextWrapPos < 0.0f ? 0.0f : window->DC.TextWrapPos);
    Wrapped& cached = m_wrapped[s];
    if (cached.width != width || cached.fontSize != ImGui::GetFontSize()) {
        const ImFont* font = ImGui::GetFont();
        const float size = ImGui::GetFontSize();
        cached.width = width;
        cached.fontSize = size;
        cached.text = breakLines(s, width, [&](std::string_view piece) {
            return font
                ->CalcTextSizeA(size, FLT_MAX, 0.0f, piece.data(), piece.data() + piece.size())
                .x;
        });
    }
    ImGui::TextUnformatted(cached.text.c_str());
}

void VisitorUi::draw(const VisitorView& view, VisitorActions& actions) {
    if (m_wrapped.size() > kMaxWrapped) {
        m_wrapped.clear(); // a language change, a long replay's captions
    }
    m_shown.clear();
    m_controls.clear();
    // Tab and Shift+Tab step round the controls of the last frame; Enter presses the one that
    // had the focus.
    m_activeFocus = m_focused;
    m_activate = view.activateFocus;
    if (view.focusStep != 0 && !m_order.empty()) {
        const auto n = static_cast<long>(m_order.size());
        const auto at = std::find(m_order.begin(), m_order.end(), m_focused);
        long next = view.focusStep > 0 ? 0 : n - 1;
        if (at != m_order.end()) {
            next = ((at - m_order.begin()) + view.focusStep % n + n) % n;
        }
        m_focusTarget = m_order[static_cast<std::size_t>(next)];
    }
    m_order.clear();
    m_focused.clear();
    drawHeader(view);
    m_mapTop = 0.0f;
    m_mapLeft = 0.0f;
    m_padRight = 0.0f;
    m_padTop = 0.0f;
    if (view.attract) {
        // Nobody there: the gallery, the guide's card and the call to come closer.
        m_statusTop = 0.0f;
        drawMarkers(view);
        drawAttract(view);
        drawCard(view, actions);
        drawPinPad(view, actions);
        return;
    }
    drawStatusBar(view, actions);
    drawMarkers(view);
    drawArtworks(view, actions);
    drawMinimap(view);
    drawTouchPad(view, actions);
    drawSettings(view, actions);
    drawCaption(view);
    drawCard(view, actions);
    drawCountdown(view, actions);
    drawPinPad(view, actions);
}

// The attract loop's call, large at the bottom: "touch to explore" in one of the venue's
// languages at a time.
void VisitorUi::drawAttract(const VisitorView& view) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float em = ImGui::GetFontSize();
    // Centred in what the guide's card (on the right) leaves free.
    const float free =
        view.cardOpen ? display.x - cardWidth(em, display.x) - em * 2.0f * kMarginEm : display.x;
    ImGui::SetNextWindowPos(ImVec2(free * 0.5f, display.y - em * 2.0f), 0, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.8f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 1.6f, em * 0.9f));
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, em * 0.8f);
    if (ImGui::Begin("##attract", nullptr, kShowFlags | ImGuiWindowFlags_AlwaysAutoResize)) {
        // Large, but never wider than most of the free width.
        const float natural = ImGui::CalcTextSize(view.attractCall.c_str()).x;
        const float room = free * 0.9f - em * 3.2f;
        ImGui::SetWindowFontScale(std::clamp(room / std::max(natural, 1.0f), 0.8f, 1.6f));
        text(view.attractCall);
        ImGui::SetWindowFontScale(1.0f);
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
}

// A veil over everything, for a panel that needs the visitor's attention (drawn just before it).
void VisitorUi::drawVeil(const char* name) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0.0f, 0.0f));
    ImGui::SetNextWindowSize(display);
    ImGui::SetNextWindowBgAlpha(0.55f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowRounding, 0.0f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowBorderSize, 0.0f);
    if (ImGui::Begin(name, nullptr, kShowFlags)) {
        ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
}

// "Still there?": the seconds left before the kiosk resets, and a large button to stay.
void VisitorUi::drawCountdown(const VisitorView& view, VisitorActions& actions) {
    if (view.countdown < 0.0) {
        return;
    }
    const std::string& lang = view.language;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float em = ImGui::GetFontSize();
    drawVeil("##countdown-veil");
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.45f), 0, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowBgAlpha(0.95f);
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, ImVec2(em * 2.0f, em * 1.5f));
    ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(em * 0.6f, em * 0.6f));
    if (ImGui::Begin("##countdown", nullptr, kPanelFlags | ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
        ImGui::SetWindowFontScale(1.6f);
        text(uiText("Still there?", lang));
        ImGui::SetWindowFontScale(1.0f);
        text(uiText("Touch the screen to continue", lang));
        const int seconds = static_cast<int>(std::ceil(view.countdown));
        text(uiText("Back to the start in", lang) + " " + std::to_string(seconds) + " s", true);
        const std::string label = uiText("Continue", lang);
        ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        if (ImGui::Button((label + "###still-here").c_str(),
                          ImVec2(std::max(ImGui::GetContentRegionAvail().x, em * 8.0f),
                                 em * kTouchButtonEm * 0.8f)) ||
            activated("still-here")) {
            actions.stillHere = true;
        }
        ImGui::PopStyleColor();
        remember("still-here");
        m_shown.push_back(label);
    }
    ImGui::End();
    ImGui::PopStyleVar(2);
}

// The staff's way out of the kiosk: a PIN pad with finger-sized keys (after five taps in the
// top-left corner).
void VisitorUi::drawPinPad(const VisitorView& view, VisitorActions& actions) {
    if (!view.pinPad) {
        return;
    }
    const std::string& lang = view.language;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float em = ImGui::GetFontSize();
    // Finger-sized keys, smaller only when four rows would not fit the screen.
    const float key = std::min(em * kTouchButtonEm, (display.y - em * 5.0f) / 4.4f);
    drawVeil("##pin-veil");
    ImGui::SetNextWindowPos(ImVec2(display.x * 0.5f, display.y * 0.5f), 0, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowBgAlpha(0.95f);
    if (ImGui::Begin("##pin", nullptr, kPanelFlags | ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::BringWindowToDisplayFront(ImGui::GetCurrentWindow());
        text(uiText("Staff PIN", lang));
        text(std::string(static_cast<std::size_t>(view.pinDigits) * 2, '*') + " ");
        if (view.pinWrong) {
            ImGui::SameLine();
            ImGui::TextColored(ImVec4(1.0f, 0.45f, 0.4f, 1.0f), "%s",
                               uiText("Wrong PIN", lang).c_str());
            m_shown.push_back(uiText("Wrong PIN", lang));
        }
        const char* rows[] = {"123", "456", "789", "C0K"};
        for (const char* row : rows) {
            for (int i = 0; i < 3; ++i) {
                const char c = row[i];
                if (i > 0) {
                    ImGui::SameLine();
                }
                const std::string label = c == 'C'   ? uiText("Cancel", lang)
                                          : c == 'K' ? std::string("OK")
                                                     : std::string(1, c);
                ImGui::PushID(c);
                const float width = std::max(key, ImGui::CalcTextSize(label.c_str()).x +
                                                      ImGui::GetStyle().FramePadding.x * 2.0f);
                const bool pressed = ImGui::Button((label + "###pin").c_str(), ImVec2(width, key));
                ImGui::PopID();
                const std::string id = c == 'C'   ? "pin-cancel"
                                       : c == 'K' ? "pin-ok"
                                                  : std::string("pin-") + c;
                remember(id);
                m_shown.push_back(label);
                if (pressed || activated(id)) {
                    actions.pinKey = c;
                }
            }
        }
    }
    ImGui::End();
}

// The scene's name and how to move: the first thing a visitor needs.
void VisitorUi::drawHeader(const VisitorView& view) {
    const float margin = ImGui::GetFontSize() * kMarginEm;
    ImGui::SetNextWindowPos(ImVec2(margin, margin));
    ImGui::SetNextWindowBgAlpha(kBackground);
    if (ImGui::Begin("##header", nullptr, kShowFlags | ImGuiWindowFlags_AlwaysAutoResize)) {
        m_headerBottomRight = glm::vec2(ImGui::GetWindowPos().x + ImGui::GetWindowSize().x,
                                        ImGui::GetWindowPos().y + ImGui::GetWindowSize().y);
        text(view.title);
        if (view.texturesTotal > 0 && view.texturesLoaded < view.texturesTotal) {
            const std::string label = uiText("Loading textures", view.language) + "  " +
                                      std::to_string(view.texturesLoaded) + " / " +
                                      std::to_string(view.texturesTotal);
            ImGui::ProgressBar(static_cast<float>(view.texturesLoaded) /
                                   static_cast<float>(view.texturesTotal),
                               ImVec2(ImGui::GetFontSize() * 16.0f, 0.0f), label.c_str());
        }
        if (view.window) {
            text(uiText("Drag to look - WASD to walk - double-click to go there - Tab: the "
                        "controls - F11: full screen",
                        view.language),
                 true);
        }
    }
    ImGui::End();
}

void VisitorUi::drawStatusBar(const VisitorView& view, VisitorActions& actions) {
    const std::string& lang = view.language;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float margin = ImGui::GetFontSize() * kMarginEm;
    ImGui::SetNextWindowPos(ImVec2(margin, display.y - margin), 0, ImVec2(0.0f, 1.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(0, 0), ImVec2(display.x - 2 * margin, FLT_MAX));
    ImGui::SetNextWindowBgAlpha(kBackground);
    if (view.focusControls) {
        ImGui::SetNextWindowFocus();
        m_focusFirst = true;
    }
    if (ImGui::Begin("##status", nullptr, kPanelFlags | ImGuiWindowFlags_AlwaysAutoResize)) {
        // The badge: a coloured word, as on a broadcast.
        const std::string badge = uiText(badgeWords(view.broadcast), lang);
        const ImVec2 padding = ImGui::GetStyle().FramePadding;
        const ImVec2 words = ImGui::CalcTextSize(badge.c_str());
        const ImVec2 at = ImGui::GetCursorScreenPos();
        const ImVec2 size(words.x + padding.x * 2.0f, words.y + padding.y * 2.0f);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        draw->AddRectFilled(at, ImVec2(at.x + size.x, at.y + size.y),
                            ImGui::ColorConvertFloat4ToU32(badgeColour(view.broadcast)),
                            ImGui::GetStyle().FrameRounding);
        draw->AddText(ImVec2(at.x + padding.x, at.y + padding.y), IM_COL32_WHITE, badge.c_str());
        ImGui::Dummy(size);
        m_shown.push_back(badge);
        m_flowLimit = display.x - margin - ImGui::GetStyle().WindowPadding.x;
        std::string state;
        switch (view.broadcast) {
        case Broadcast::Live:
            state = withGuide(view);
            break;
        case Broadcast::Replay:
            state = view.paused ? uiText("Paused", lang) : withGuide(view);
            break;
        case Broadcast::Connecting:
            state = uiText("Connecting to the guide...", lang);
            break;
        case Broadcast::Reconnecting:
            state = uiText("Stream lost - reconnecting...", lang);
            break;
        case Broadcast::Ended:
            state = uiText("The tour has ended", lang);
            break;
        case Broadcast::Failed:
            state = uiText("The guide's stream failed", lang);
            break;
        case Broadcast::OffAir:
        case Broadcast::None:
            state = view.nextTour.empty() ? uiText("No tour is scheduled", lang)
                                          : uiText("Next tour:", lang) + " " + view.nextTour;
            break;
        }
        flowText(state);
        // A narrow window gets the essentials; the keys do the rest.
        const float em = ImGui::GetFontSize();
        const bool roomy = display.x >= em * kRoomyWidthEm;
        if (view.duration > 0.0) {
            if (flowButton("pause", uiText(view.paused ? "Play" : "Pause", lang))) {
                actions.togglePause = true;
            }
            if (roomy && flowButton("back10", "-10 s")) {
                actions.seekTo = std::max(0.0, view.position - 10.0);
            }
            const float seekWidth = std::min(em * kSeekWidthEm, display.x * 0.22f);
            flow(seekWidth);
            drawSeekBar(view, actions, seekWidth);
            if (roomy && flowButton("forward10", "+10 s")) {
                actions.seekTo = std::min(view.duration, view.position + 10.0);
            }
            flowText(clockText(view.position) + " / " + clockText(view.duration));
        }
        if (view.hasAudio) {
            if (flowButton("mute", uiText(view.muted ? "Unmute" : "Mute", lang), view.muted)) {
                actions.toggleMute = true;
            }
            if (flowButton("volume-down", "-")) {
                actions.volume = std::max(0.0f, view.volume - 0.1f);
            }
            flowText(std::to_string(std::lround(view.volume * 100)) + "%", view.muted);
            if (flowButton("volume-up", "+")) {
                actions.volume = std::min(1.0f, view.volume + 0.1f);
            }
        }
        // The second row: captions, picture-in-picture, following, the artworks, languages.
        m_rowStart = true;
        if (view.hasCaptions && flowButton("captions", uiText("Captions", lang), view.captionsOn)) {
            actions.toggleCaptions = true;
        }
        if (view.broadcast != Broadcast::None && view.broadcast != Broadcast::OffAir) {
            if (flowButton("pip", uiText("Picture-in-picture", lang), view.pip)) {
                actions.togglePip = true;
            }
            if (flowButton("follow",
                           uiText(view.follow ? "Following the guide" : "Wandering", lang),
                           view.follow)) {
                actions.toggleFollow = true;
            }
            if (view.guideKnown && !view.follow &&
                flowButton("guide", uiText("Go to the guide", lang))) {
                actions.goToGuide = true;
            }
        }
        if (flowButton("artworks", uiText("Artworks", lang), view.listOpen)) {
            actions.toggleList = true;
        }
        if (flowButton("settings", uiText("Settings", lang), view.settingsOpen)) {
            actions.toggleSettings = true;
        }
        for (const auto& [code, name] : {std::pair<const char*, const char*>{"zh", "中文"},
                                         {"fr", "Français"},
                                         {"en", "English"}}) {
            if (flowButton(std::string("lang-") + code, name, view.language == code)) {
                actions.language = code;
            }
        }
        if (view.window && roomy) {
            text(uiText("Keys: M mute, -/= volume, Space pause, [ ] 10 s, C captions, P "
                        "picture-in-picture, F follow, G guide, L artworks, K language, O "
                        "settings",
                        lang),
                 true);
        }
        m_statusTop = ImGui::GetWindowPos().y;
    }
    ImGui::End();
}

// The replay's position with a tick per artwork; a click jumps there, hovering names the
// chapter.
void VisitorUi::drawSeekBar(const VisitorView& view, VisitorActions& actions, float width) {
    const float height = ImGui::GetFrameHeight();
    const ImVec2 at = ImGui::GetCursorScreenPos();
    const bool pressed = ImGui::InvisibleButton("##seek", ImVec2(width, height));
    remember("seek");
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float mid = at.y + height * 0.5f;
    const float bar = height * 0.22f;
    draw->AddRectFilled(ImVec2(at.x, mid - bar), ImVec2(at.x + width, mid + bar),
                        ImGui::GetColorU32(ImGuiCol_FrameBg), bar);
    const float done = static_cast<float>(std::clamp(view.position / view.duration, 0.0, 1.0));
    draw->AddRectFilled(ImVec2(at.x, mid - bar), ImVec2(at.x + width * done, mid + bar),
                        ImGui::GetColorU32(ImGuiCol_SliderGrab), bar);
    for (const Chapter& chapter : view.chapters) {
        const float x = at.x + width * static_cast<float>(chapter.seconds / view.duration);
        draw->AddLine(ImVec2(x, mid - bar * 2.2f), ImVec2(x, mid + bar * 2.2f),
                      ImGui::GetColorU32(ImGuiCol_Text), 1.5f);
    }
    draw->AddCircleFilled(ImVec2(at.x + width * done, mid), bar * 2.0f,
                          ImGui::GetColorU32(ImGuiCol_Text));
    if (ImGui::IsItemFocused()) {
        draw->AddRect(at, ImVec2(at.x + width, at.y + height),
                      ImGui::GetColorU32(ImGuiCol_NavHighlight), 3.0f, 0, 2.0f);
    }
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const double under =
        view.duration * std::clamp(static_cast<double>((mouse.x - at.x) / width), 0.0, 1.0);
    if (ImGui::IsItemHovered()) {
        // The chapter under the pointer: the last one starting before it.
        const Chapter* hovered = nullptr;
        for (const Chapter& chapter : view.chapters) {
            if (chapter.seconds <= under) {
                hovered = &chapter;
            }
        }
        ImGui::SetTooltip("%s%s%s", clockText(under).c_str(), hovered ? "  " : "",
                          hovered ? hovered->title.c_str() : "");
    }
    if (pressed && ImGui::IsMouseReleased(ImGuiMouseButton_Left)) {
        actions.seekTo = under;
    }
}

// The tour's artworks in the guide's order; pressing one goes there and opens its card.
void VisitorUi::drawArtworks(const VisitorView& view, VisitorActions& actions) {
    if (!view.listOpen) {
        return;
    }
    const std::string& lang = view.language;
    const float em = ImGui::GetFontSize();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float top = em * 4.5f;
    const float bottom = (m_statusTop > 0.0f ? m_statusTop : display.y) - em * kMarginEm;
    ImGui::SetNextWindowPos(ImVec2(em * kMarginEm, top));
    ImGui::SetNextWindowSize(ImVec2(em * kListWidthEm, std::max(em * 6.0f, bottom - top)));
    ImGui::SetNextWindowBgAlpha(kBackground);
    if (ImGui::Begin("##artworks", nullptr, kPanelFlags)) {
        text(uiText("Artworks", lang));
        ImGui::SameLine();
        const ImVec2 mark = ImGui::GetCursorScreenPos();
        drawCrescent(ImGui::GetWindowDrawList(), ImVec2(mark.x + em * 0.5f, mark.y + em * 0.55f),
                     em * 0.38f, gold(), ImGui::GetColorU32(ImGuiCol_WindowBg, 1.0f));
        ImGui::Dummy(ImVec2(em, em));
        ImGui::SameLine();
        text(uiText("the moon thread", lang), true);
        ImGui::Separator();
        for (std::size_t i = 0; i < view.artworks.size(); ++i) {
            const ArtworkRow& row = view.artworks[i];
            ImGui::PushID(static_cast<int>(i));
            const ImVec2 start = ImGui::GetCursorScreenPos();
            const bool selected = static_cast<int>(i) == view.listSelection;
            const std::string label = std::to_string(i + 1) + ".  " + row.title;
            if (ImGui::Selectable(("##row" + row.id).c_str(), selected || row.guideHere, 0,
                                  ImVec2(0.0f, em * 2.3f)) ||
                activated("artwork:" + row.id)) {
                actions.goTo = row.id;
            }
            remember("artwork:" + row.id);
            if (selected) {
                ImGui::SetScrollHereY();
            }
            ImDrawList* draw = ImGui::GetWindowDrawList();
            if (row.moon) {
                drawCrescent(draw, ImVec2(start.x + em * 0.45f, start.y + em * 0.6f), em * 0.33f,
                             gold(), ImGui::GetColorU32(ImGuiCol_WindowBg, 1.0f));
            }
            draw->AddText(ImVec2(start.x + em * 1.1f, start.y), ImGui::GetColorU32(ImGuiCol_Text),
                          label.c_str());
            const std::string second =
                row.guideHere ? uiText("The guide is here", lang) : row.byline;
            draw->AddText(ImVec2(start.x + em * 1.1f, start.y + em * 1.1f),
                          row.guideHere ? gold()
                          : selected    ? ImGui::GetColorU32(ImGuiCol_Text)
                                        : ImGui::GetColorU32(ImGuiCol_TextDisabled),
                          second.c_str());
            m_shown.push_back(label);
            m_shown.push_back(second);
            ImGui::PopID();
        }
    }
    ImGui::End();
}

// The commentary card of the artwork the guide is at or the visitor went to: title, artist and
// date, medium, the commentary (scrolls), a close button.
void VisitorUi::drawCard(const VisitorView& view, VisitorActions& actions) {
    if (!view.cardOpen) {
        return;
    }
    const std::string& lang = view.language;
    const float em = ImGui::GetFontSize();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float width = cardWidth(em, display.x);
    // Beside the title, or under it when the window is too narrow for both.
    const float left = display.x - em * kMarginEm - width;
    const float top = m_headerBottomRight.x + em * kMarginEm > left
                          ? m_headerBottomRight.y + em * kMarginEm
                          : em * kMarginEm;
    ImGui::SetNextWindowPos(ImVec2(display.x - em * kMarginEm, top), 0, ImVec2(1.0f, 0.0f));
    ImGui::SetNextWindowSize(ImVec2(width, 0.0f));
    ImGui::SetNextWindowBgAlpha(kBackground + 0.1f);
    if (ImGui::Begin("##card", nullptr, kPanelFlags | ImGuiWindowFlags_AlwaysAutoResize)) {
        if (view.cardIsGuide) {
            // Key hints only where there is a keyboard to press them (not on a kiosk).
            text(uiText(!view.keyHints ? "The guide is here"
                        : view.follow  ? "The guide is here - following (F: wander)"
                                       : "The guide is here (G: go there, F: follow)",
                        lang),
                 true);
        }
        ImGui::PushTextWrapPos(width - em * 3.0f);
        textWrapped(view.cardTitle);
        ImGui::PopTextWrapPos();
        // A finger-sized close button (the card is what a visitor closes most).
        ImGui::SameLine(width - em * 2.6f);
        if (button("card-close", "\u00D7", false, em * 2.0f)) {
            actions.closeCard = true;
        }
        if (!view.cardByline.empty()) {
            text(view.cardByline, true);
        }
        if (!view.cardMedium.empty()) {
            text(view.cardMedium, true);
        }
        ImGui::Separator();
        // The commentary scrolls inside a box of at most half the screen's height.
        const float wrap = ImGui::GetContentRegionAvail().x - ImGui::GetStyle().ScrollbarSize;
        const float needed =
            ImGui::CalcTextSize(view.cardCommentary.c_str(), nullptr, false, wrap).y +
            ImGui::GetStyle().ItemSpacing.y;
        // ... and ends above the minimap (or the status bar).
        const float floor = (m_mapTop > 0.0f      ? m_mapTop
                             : m_statusTop > 0.0f ? m_statusTop
                                                  : display.y) -
                            em * kMarginEm - ImGui::GetStyle().WindowPadding.y;
        const float room = floor - ImGui::GetCursorScreenPos().y;
        const float box = std::max(em * 3.0f, std::min({needed, room, em * 18.0f}));
        ImGui::BeginChild("##commentary", ImVec2(0.0f, box), false);
        textWrapped(view.cardCommentary);
        ImGui::EndChild();
    }
    ImGui::End();
}

// The rooms seen from above (north up: -Z), the artworks, the guide and the visitor.
void VisitorUi::drawMinimap(const VisitorView& view) {
    if (view.rooms.empty()) {
        return;
    }
    glm::vec2 lo(1e30f);
    glm::vec2 hi(-1e30f);
    for (const MapRoom& room : view.rooms) {
        lo = glm::min(lo, room.min);
        hi = glm::max(hi, room.max);
    }
    const glm::vec2 extent = glm::max(hi - lo, glm::vec2(1.0f));
    const float em = ImGui::GetFontSize();
    const ImVec2 screen = ImGui::GetIO().DisplaySize;
    // A small window keeps its gallery visible: the map takes at most a quarter of its height.
    const float side = std::min(em * kMapSizeEm, 0.25f * std::min(screen.x, screen.y));
    if (side < em * 4.0f) {
        return;
    }
    const float scale = side / std::max(extent.x, extent.y);
    const ImVec2 size(extent.x * scale, extent.y * scale);
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float bottom = (m_statusTop > 0.0f ? m_statusTop : display.y) - em * kMarginEm;
    ImGui::SetNextWindowPos(ImVec2(display.x - em * kMarginEm, bottom), 0, ImVec2(1.0f, 1.0f));
    ImGui::SetNextWindowBgAlpha(kBackground);
    if (ImGui::Begin("##map", nullptr, kShowFlags | ImGuiWindowFlags_AlwaysAutoResize)) {
        m_mapTop = bottom - size.y - ImGui::GetStyle().WindowPadding.y * 2.0f;
        m_mapLeft = display.x - em * kMarginEm - size.x - ImGui::GetStyle().WindowPadding.x * 2.0f;
        const ImVec2 at = ImGui::GetCursorScreenPos();
        ImGui::Dummy(size);
        ImDrawList* draw = ImGui::GetWindowDrawList();
        const auto toScreen = [&](glm::vec2 p) {
            return ImVec2(at.x + (p.x - lo.x) * scale, at.y + (p.y - lo.y) * scale);
        };
        for (const MapRoom& room : view.rooms) {
            draw->AddRectFilled(toScreen(room.min), toScreen(room.max), IM_COL32(90, 90, 100, 150));
            draw->AddRect(toScreen(room.min), toScreen(room.max), IM_COL32(220, 220, 230, 200),
                          0.0f, 0, 1.5f);
        }
        for (const ArtworkRow& row : view.artworks) {
            if (row.mapPosition) {
                draw->AddCircleFilled(toScreen(*row.mapPosition), em * 0.16f,
                                      row.moon ? gold() : IM_COL32(200, 200, 200, 220));
            }
        }
        if (view.guide) {
            const ImVec2 g = toScreen(*view.guide);
            draw->AddCircleFilled(g, em * 0.3f, IM_COL32(255, 140, 40, 255));
            draw->AddCircle(g, em * 0.5f, IM_COL32(255, 140, 40, 200), 20, 2.0f);
        }
        // The visitor: a triangle pointing the way they look (yaw 0 looks along -Z: up).
        const ImVec2 v = toScreen(view.visitor);
        const float yaw = glm::radians(view.visitorYawDegrees);
        const glm::vec2 ahead(-std::sin(yaw), -std::cos(yaw));
        const glm::vec2 side2(-ahead.y, ahead.x);
        const float r = em * 0.45f;
        draw->AddTriangleFilled(ImVec2(v.x + ahead.x * r, v.y + ahead.y * r),
                                ImVec2(v.x - ahead.x * r * 0.6f + side2.x * r * 0.6f,
                                       v.y - ahead.y * r * 0.6f + side2.y * r * 0.6f),
                                ImVec2(v.x - ahead.x * r * 0.6f - side2.x * r * 0.6f,
                                       v.y - ahead.y * r * 0.6f - side2.y * r * 0.6f),
                                IM_COL32(80, 170, 255, 255));
    }
    ImGui::End();
}

bool VisitorUi::holdButton(const std::string& id, float angleDegrees, char sign) {
    const float side = ImGui::GetFontSize() * kTouchButtonEm;
    ImGui::Button(("##" + id).c_str(), ImVec2(side, side));
    const bool held = ImGui::IsItemActive();
    remember(id);
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 c(min.x + side / 2.0f, min.y + side / 2.0f);
    const float r = side * 0.28f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const ImU32 ink = ImGui::GetColorU32(ImGuiCol_Text);
    if (sign == 'L' || sign == 'R') {
        // Turning: an arc over the top with its head pointing the way.
        const float dir = sign == 'L' ? -1.0f : 1.0f;
        constexpr float kPi = 3.14159265f;
        draw->PathArcTo(c, r, kPi * 1.1f, kPi * 1.9f, 16);
        draw->PathStroke(ink, 0, 3.0f);
        const ImVec2 end(c.x + dir * r * std::cos(kPi * 0.1f), c.y - r * std::sin(kPi * 0.1f));
        draw->AddTriangleFilled(ImVec2(end.x + dir * r * 0.35f, end.y + r * 0.1f),
                                ImVec2(end.x - dir * r * 0.25f, end.y - r * 0.35f),
                                ImVec2(end.x - dir * r * 0.1f, end.y + r * 0.45f), ink);
    } else if (sign) {
        draw->AddLine(ImVec2(c.x - r, c.y), ImVec2(c.x + r, c.y), ink, 3.0f);
        if (sign == '+') {
            draw->AddLine(ImVec2(c.x, c.y - r), ImVec2(c.x, c.y + r), ink, 3.0f);
        }
    } else {
        const float a = glm::radians(angleDegrees);
        const glm::vec2 tip(std::sin(a), -std::cos(a));
        const glm::vec2 across(-tip.y, tip.x);
        draw->AddTriangleFilled(ImVec2(c.x + tip.x * r, c.y + tip.y * r),
                                ImVec2(c.x - tip.x * r * 0.7f + across.x * r * 0.8f,
                                       c.y - tip.y * r * 0.7f + across.y * r * 0.8f),
                                ImVec2(c.x - tip.x * r * 0.7f - across.x * r * 0.8f,
                                       c.y - tip.y * r * 0.7f - across.y * r * 0.8f),
                                ink);
    }
    return held;
}

// Touch screens: buttons to walk, turn and zoom, big enough for a finger, held to keep going.
void VisitorUi::drawTouchPad(const VisitorView& view, VisitorActions& actions) {
    if (!view.touchPad) {
        return;
    }
    const float em = ImGui::GetFontSize();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float bottom = (m_statusTop > 0.0f ? m_statusTop : display.y) - em * kMarginEm;
    const float left = view.listOpen ? em * (kMarginEm * 2.0f + kListWidthEm) : em * kMarginEm;
    ImGui::SetNextWindowPos(ImVec2(left, bottom), 0, ImVec2(0.0f, 1.0f));
    ImGui::SetNextWindowBgAlpha(kBackground * 0.6f);
    if (ImGui::Begin("##touch", nullptr, kPanelFlags | ImGuiWindowFlags_AlwaysAutoResize)) {
        if (holdButton("touch-turn-left", -90.0f, 'L')) {
            actions.turnLeft += 1.0f;
        }
        ImGui::SameLine();
        if (holdButton("touch-forward", 0.0f)) {
            actions.moveForward += 1.0f;
        }
        ImGui::SameLine();
        if (holdButton("touch-turn-right", 90.0f, 'R')) {
            actions.turnLeft -= 1.0f;
        }
        ImGui::SameLine();
        if (holdButton("touch-zoom-in", 0.0f, '+')) {
            actions.zoomIn += 1.0f;
        }
        if (holdButton("touch-left", -90.0f)) {
            actions.moveRight -= 1.0f;
        }
        ImGui::SameLine();
        if (holdButton("touch-back", 180.0f)) {
            actions.moveForward -= 1.0f;
        }
        ImGui::SameLine();
        if (holdButton("touch-right", 90.0f)) {
            actions.moveRight += 1.0f;
        }
        ImGui::SameLine();
        if (holdButton("touch-zoom-out", 0.0f, '-')) {
            actions.zoomIn -= 1.0f;
        }
        m_padRight = ImGui::GetWindowPos().x + ImGui::GetWindowSize().x;
        m_padTop = ImGui::GetWindowPos().y;
    }
    ImGui::End();
}

bool VisitorUi::checkbox(const std::string& id, const std::string& label, bool value) {
    bool v = value;
    const bool changed = ImGui::Checkbox((label + "###" + id).c_str(), &v) || activated(id);
    remember(id);
    m_shown.push_back(label);
    return changed;
}

// The visitor's settings: text size, contrast, motion, the touch pad (all remembered).
void VisitorUi::drawSettings(const VisitorView& view, VisitorActions& actions) {
    if (!view.settingsOpen) {
        return;
    }
    const std::string& lang = view.language;
    const float em = ImGui::GetFontSize();
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float bottom = (m_statusTop > 0.0f ? m_statusTop : display.y) - em * kMarginEm;
    ImGui::SetNextWindowPos(ImVec2(display.x / 2.0f, bottom), 0, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowBgAlpha(kBackground + 0.15f);
    if (view.focusSettings) {
        ImGui::SetNextWindowFocus();
        m_focusFirst = true;
    }
    if (ImGui::Begin("##settings", nullptr, kPanelFlags | ImGuiWindowFlags_AlwaysAutoResize)) {
        text(uiText("Settings", lang));
        ImGui::Separator();
        text(uiText("Text size", lang));
        for (const int percent : {100, 150, 200, 250}) {
            ImGui::SameLine();
            const float scale = static_cast<float>(percent) / 100.0f;
            if (button("scale-" + std::to_string(percent), std::to_string(percent) + "%",
                       std::abs(view.uiScale - scale) < 0.01f)) {
                actions.uiScale = scale;
            }
        }
        if (checkbox("high-contrast", uiText("High contrast", lang), view.highContrast)) {
            actions.toggleContrast = true;
        }
        if (checkbox("reduced-motion", uiText("Reduced motion", lang), view.reducedMotion)) {
            actions.toggleMotion = true;
        }
        if (checkbox("touch-pad", uiText("Touch pad", lang), view.touchPad)) {
            actions.toggleTouchPad = true;
        }
        if (button("settings-close", uiText("Close", lang))) {
            actions.toggleSettings = true;
        }
    }
    ImGui::End();
}

// The guide's words above the status bar, in sync with the frame on the panel.
void VisitorUi::drawCaption(const VisitorView& view) {
    if (!view.captionsOn || view.caption.empty()) {
        return;
    }
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    const float em = ImGui::GetFontSize();
    float bottom = (m_statusTop > 0.0f ? m_statusTop : display.y) - em * 0.5f;
    // Centred in what the artwork list, the touch pad and the map leave free beside them ...
    const float listRight = view.listOpen ? em * (kMarginEm * 2.0f + kListWidthEm) : 0.0f;
    float left = std::max(listRight, m_padRight);
    float right = m_mapTop > 0.0f ? m_mapLeft - em * kMarginEm : display.x;
    if (right - left < em * kMinCaptionWidthEm) {
        // ... or, where that is too narrow (a large UI on a small screen), above them.
        const float padTop = m_padRight > 0.0f ? m_padTop : bottom;
        const float mapTop = m_mapTop > 0.0f ? m_mapTop : bottom;
        bottom = std::min(padTop, mapTop) - em * 0.5f;
        left = listRight;
        right = view.cardOpen ? display.x - cardWidth(em, display.x) - em * kMarginEm : display.x;
    }
    const float width = std::min((right - left) * 0.9f, em * 50.0f);
    ImGui::SetNextWindowPos(ImVec2(left + (right - left) / 2.0f, bottom), 0, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowSize(ImVec2(width, 0.0f));
    ImGui::SetNextWindowBgAlpha(0.6f);
    if (ImGui::Begin("##caption", nullptr, kShowFlags | ImGuiWindowFlags_AlwaysAutoResize)) {
        textWrapped(view.caption);
    }
    ImGui::End();
}

// The hotspots' markers: small discs that shrink with distance, a faint ring where a wall hides
// one, the guide's lit and pulsing (steady when motion is reduced). A tap on one opens its card.
void VisitorUi::drawMarkers(const VisitorView& view) {
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    const float em = ImGui::GetFontSize();
    const float pulse =
        view.reducedMotion
            ? 0.0f
            : static_cast<float>(0.5 + 0.5 * std::sin(view.timeSeconds * kPulseHz * 6.283185));
    for (const Marker& m : view.markers) {
        const ImVec2 at(m.at.x, m.at.y);
        const float r = em * 0.45f * m.size;
        if (!m.hidden) {
            m_controls["marker:" + m.id] = {at.x - r, at.y - r, 2.0f * r, 2.0f * r};
        }
        if (m.hidden) {
            draw->AddCircle(at, r * 1.6f, m.active ? gold(0.45f) : IM_COL32(255, 255, 255, 60), 24,
                            1.5f);
            continue;
        }
        if (m.active) {
            draw->AddCircleFilled(at, r, gold(0.95f));
            draw->AddCircle(at, r * (1.9f + 0.8f * pulse), gold(1.0f - 0.5f * pulse), 32, 3.0f);
        } else {
            draw->AddCircleFilled(at, r * 0.8f, IM_COL32(255, 255, 255, 150));
            draw->AddCircle(at, r * 1.2f, m.moon ? gold(0.9f) : IM_COL32(255, 255, 255, 200), 24,
                            2.0f);
        }
    }
}

} // namespace docent::app
