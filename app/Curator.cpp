#include "Curator.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>
#include <imgui_internal.h> // ClearActiveID: undo must not be overwritten by an open text field
#include <imgui_stdlib.h>

namespace docent::app {
namespace {

using hotspots::Hotspot;
using hotspots::Text;

constexpr float kListWidthEm = 17.0f;
constexpr float kEditorWidthEm = 24.0f;
constexpr float kTimelineHeightEm = 8.5f;
constexpr float kToolbarHeightEm = 2.4f;
constexpr float kMarkerRadiusEm = 0.55f;
constexpr double kNudgeFrames = 1.0;

constexpr ImGuiWindowFlags kPanelFlags = ImGuiWindowFlags_NoDecoration |
                                         ImGuiWindowFlags_NoSavedSettings |
                                         ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize;

// The texts of a hotspot that a visitor's card shows, with their field names.
struct Field {
    const char* id;
    const char* label;
    Text Hotspot::*text;
    bool multiline;
};
constexpr Field kFields[] = {
    {"title", "Title", &Hotspot::title, false},
    {"artist", "Artist", &Hotspot::artist, false},
    {"date", "Date", &Hotspot::date, false},
    {"medium", "Medium", &Hotspot::medium, false},
    {"commentary", "Commentary", &Hotspot::commentary, true},
    {"guide", "What the guide says", &Hotspot::guide, true},
};
constexpr int kCountedFields = 5; // the card's: title .. commentary

int filledFields(const Hotspot& h, const std::string& language) {
    int filled = 0;
    for (int k = 0; k < kCountedFields; ++k) {
        const Text& text = h.*kFields[k].text;
        const auto it = text.find(language);
        filled += it != text.end() && !it->second.empty() ? 1 : 0;
    }
    return filled;
}

std::string timeText(double seconds) {
    const double s = std::max(0.0, seconds);
    const int whole = static_cast<int>(s);
    char text[32];
    std::snprintf(text, sizeof text, "%d:%02d:%02d.%03d", whole / 3600, whole / 60 % 60, whole % 60,
                  static_cast<int>(std::lround((s - whole) * 1000.0)) % 1000);
    return text;
}

// "83.2", "1:23.2" or "0:01:23.2" as seconds.
std::optional<double> parseTime(const std::string& text) {
    double total = 0.0;
    std::size_t at = 0;
    int parts = 0;
    while (at <= text.size() && parts < 3) {
        const std::size_t colon = text.find(':', at);
        const std::string part =
            text.substr(at, colon == std::string::npos ? std::string::npos : colon - at);
        char* end = nullptr;
        const double value = std::strtod(part.c_str(), &end);
        if (part.empty() || end != part.c_str() + part.size() || !std::isfinite(value) ||
            value < 0.0) {
            return std::nullopt;
        }
        total = total * 60.0 + value;
        ++parts;
        if (colon == std::string::npos) {
            return total;
        }
        at = colon + 1;
    }
    return std::nullopt;
}

std::string joinThreads(const std::vector<std::string>& threads) {
    std::string out;
    for (const auto& t : threads) {
        out += (out.empty() ? "" : ", ") + t;
    }
    return out;
}

std::vector<std::string> splitThreads(const std::string& text) {
    std::vector<std::string> out;
    std::string current;
    auto flush = [&] {
        const auto first = current.find_first_not_of(' ');
        const auto last = current.find_last_not_of(' ');
        if (first != std::string::npos) {
            out.push_back(current.substr(first, last - first + 1));
        }
        current.clear();
    };
    for (const char c : text) {
        if (c == ',') {
            flush();
        } else {
            current += c;
        }
    }
    flush();
    return out;
}

// The document's cues become a cue sheet of the scene, authoritative for its replay.
void useCueSheet(CuratorDocument& document) {
    document.hasCueSheet = true;
    if (document.manifest.replay && document.manifest.replay->cues.empty()) {
        document.manifest.replay->cues = "cues.json";
    }
}

bool validId(const std::string& id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    });
}

} // namespace

Curator::Curator(CuratorDocument document, std::vector<std::string> languages)
    : m_history(std::move(document)), m_languages(std::move(languages)) {
    if (m_languages.empty()) {
        m_languages.assign(hotspots::kLanguages.begin(), hotspots::kLanguages.end());
    }
    m_language = m_languages.front();
    if (!m_history.current().hotspots.empty()) {
        m_selected = m_history.current().hotspots.front().id;
    }
}

double Curator::snapToFrame(double seconds, double frameInterval) {
    if (!(frameInterval > 0.0)) {
        return seconds;
    }
    // Exactly the frame's time: a cue fires on the first frame at or after it, so a time
    // rounded for looks (35.667 for frame 535 at 15 fps) would fire a frame late.
    return std::max(0.0, std::round(seconds / frameInterval) * frameInterval);
}

void Curator::replaceDocument(CuratorDocument document, const std::string& label) {
    ImGui::ClearActiveID();
    m_history.breakMerge();
    m_history.commit(std::move(document), label);
    if (!selectedHotspot()) {
        m_selected =
            m_history.current().hotspots.empty() ? "" : m_history.current().hotspots.front().id;
    }
}

const Hotspot* Curator::selectedHotspot() const {
    for (const auto& h : m_history.current().hotspots) {
        if (h.id == m_selected) {
            return &h;
        }
    }
    return nullptr;
}

void Curator::selectHotspot(const std::string& id) {
    m_sceneOpen = false; // the editor shows the hotspot chosen
    if (id != m_selected) {
        ImGui::ClearActiveID();
        m_history.breakMerge();
    }
    m_selected = id;
}

void Curator::dragMarker(const std::string& id, const hotspots::Anchor& anchor) {
    selectHotspot(id);
    editHotspot("move " + id, "drag/" + id, [&](Hotspot& h) { h.anchor = anchor; });
}

void Curator::endDrag() {
    m_history.breakMerge();
    if (const Hotspot* h = selectedHotspot()) {
        setStatus("moved " + h->id + " on " + h->anchor.node, false);
    }
}

void Curator::setStatus(const std::string& message, bool error) {
    m_status = message;
    m_statusError = error;
}

std::string Curator::freshId(const std::string& base) const {
    for (int n = 1;; ++n) {
        const std::string id = base + "-" + std::to_string(n);
        const auto& all = m_history.current().hotspots;
        if (std::none_of(all.begin(), all.end(), [&](const Hotspot& h) { return h.id == id; })) {
            return id;
        }
    }
}

void Curator::editHotspot(const std::string& label, const std::string& mergeKey,
                          const std::function<void(Hotspot&)>& change) {
    CuratorDocument next = m_history.current();
    for (auto& h : next.hotspots) {
        if (h.id == m_selected) {
            change(h);
            m_history.commit(std::move(next), label, mergeKey);
            return;
        }
    }
}

void Curator::placeAt(const std::optional<hotspots::Anchor>& anchor,
                      const std::string& anchorProblem) {
    const Placing placing = m_placing;
    m_placing = Placing::None;
    m_sceneOpen = false;    // the editor shows the hotspot placed
    ImGui::ClearActiveID(); // the next hotspot's fields start closed
    if (!anchor) {
        setStatus(anchorProblem.empty() ? "nothing of the gallery there: the marker was not placed"
                                        : anchorProblem,
                  true);
        return;
    }
    m_history.breakMerge();
    if (placing == Placing::Move && selectedHotspot()) {
        editHotspot("move " + m_selected, {}, [&](Hotspot& h) { h.anchor = *anchor; });
        setStatus("moved " + m_selected + " to " + anchor->node, false);
        return;
    }
    CuratorDocument next = m_history.current();
    Hotspot h;
    h.id = freshId("hotspot");
    h.anchor = *anchor;
    next.hotspots.push_back(h);
    if (!next.manifest.tour.empty()) {
        next.manifest.tour.push_back(h.id);
    }
    m_history.commit(std::move(next), "place " + h.id);
    m_selected = h.id;
    setStatus("placed " + h.id + " on " + anchor->node, false);
}

void Curator::duplicateSelected() {
    const Hotspot* source = selectedHotspot();
    if (!source) {
        return;
    }
    CuratorDocument next = m_history.current();
    Hotspot copy = *source;
    copy.id = freshId(source->id);
    const auto at = std::find_if(next.hotspots.begin(), next.hotspots.end(),
                                 [&](const Hotspot& h) { return h.id == source->id; });
    next.hotspots.insert(at + 1, copy);
    if (!next.manifest.tour.empty()) {
        next.manifest.tour.push_back(copy.id);
    }
    m_history.breakMerge();
    m_history.commit(std::move(next), "duplicate " + m_selected);
    m_selected = copy.id;
}

void Curator::deleteSelected(CuratorActions& actions) {
    if (!selectedHotspot()) {
        return;
    }
    CuratorDocument next = m_history.current();
    const std::string id = m_selected;
    std::erase_if(next.hotspots, [&](const Hotspot& h) { return h.id == id; });
    std::erase(next.manifest.tour, id);
    // Its cues go with it: a cue may not name a hotspot that does not exist.
    const std::size_t cues = next.cues.size();
    std::erase_if(next.cues, [&](const hotspots::Cue& c) { return c.hotspot == id; });
    actions.cuesChanged = actions.cuesChanged || next.cues.size() != cues;
    ImGui::ClearActiveID();
    m_history.breakMerge();
    m_history.commit(std::move(next), "delete " + id);
    m_selected = m_history.current().hotspots.empty() ? "" : m_history.current().hotspots[0].id;
    m_selectedCue.reset();
}

void Curator::markCue(double seconds, const std::optional<std::string>& hotspot,
                      CuratorActions& actions) {
    CuratorDocument next = m_history.current();
    useCueSheet(next);
    auto& cues = next.cues;
    const auto same = std::find_if(cues.begin(), cues.end(), [&](const hotspots::Cue& c) {
        return std::abs(c.time - seconds) < 1e-6;
    });
    std::size_t index = 0;
    if (same != cues.end()) {
        same->hotspot = hotspot; // one state per frame: the new mark replaces the old
        index = static_cast<std::size_t>(same - cues.begin());
    } else {
        const auto at =
            std::upper_bound(cues.begin(), cues.end(), seconds,
                             [](double t, const hotspots::Cue& c) { return t < c.time; });
        index = static_cast<std::size_t>(at - cues.begin());
        cues.insert(at, hotspots::Cue{seconds, hotspot});
    }
    m_history.breakMerge();
    m_history.commit(std::move(next),
                     "mark " + hotspot.value_or("no hotspot") + " at " + timeText(seconds));
    m_selectedCue = index;
    actions.cuesChanged = true;
}

void Curator::moveCue(std::size_t index, double seconds, CuratorActions& actions) {
    CuratorDocument next = m_history.current();
    if (index >= next.cues.size()) {
        return;
    }
    hotspots::Cue cue = next.cues[index];
    cue.time = seconds;
    next.cues.erase(next.cues.begin() + static_cast<std::ptrdiff_t>(index));
    const auto at = std::upper_bound(next.cues.begin(), next.cues.end(), seconds,
                                     [](double t, const hotspots::Cue& c) { return t < c.time; });
    m_selectedCue = static_cast<std::size_t>(at - next.cues.begin());
    next.cues.insert(at, cue);
    useCueSheet(next);
    m_history.breakMerge();
    m_history.commit(std::move(next),
                     "retime " + cue.hotspot.value_or("no hotspot") + " to " + timeText(seconds));
    actions.cuesChanged = true;
}

void Curator::deleteCue(std::size_t index, CuratorActions& actions) {
    CuratorDocument next = m_history.current();
    if (index >= next.cues.size()) {
        return;
    }
    const std::string what = next.cues[index].hotspot.value_or("no hotspot");
    next.cues.erase(next.cues.begin() + static_cast<std::ptrdiff_t>(index));
    useCueSheet(next);
    m_history.breakMerge();
    m_history.commit(std::move(next), "delete the cue of " + what);
    m_selectedCue.reset();
    actions.cuesChanged = true;
}

bool Curator::onKey(int key, int mods, bool typing, CuratorActions& actions,
                    const CuratorView& view) {
    const bool ctrl = (mods & GLFW_MOD_CONTROL) != 0;
    const bool shift = (mods & GLFW_MOD_SHIFT) != 0;
    if (ctrl && key == GLFW_KEY_S) {
        actions.save = true;
        return true;
    }
    if (ctrl && (key == GLFW_KEY_Y || (key == GLFW_KEY_Z && shift))) {
        ImGui::ClearActiveID(); // the field shows the document's text again
        if (m_history.redo()) {
            actions.cuesChanged = true;
        }
        return true;
    }
    if (ctrl && key == GLFW_KEY_Z) {
        ImGui::ClearActiveID();
        if (m_history.undo()) {
            actions.cuesChanged = true;
        }
        return true;
    }
    if (typing) {
        return false;
    }
    if (key == GLFW_KEY_SPACE && view.hasReplay) {
        actions.togglePause = true;
        return true;
    }
    if ((key == GLFW_KEY_COMMA || key == GLFW_KEY_PERIOD) && view.hasReplay) {
        const double step = key == GLFW_KEY_COMMA ? -view.frameInterval : view.frameInterval;
        if (!view.paused) {
            actions.togglePause = true;
        }
        actions.seekTo = snapToFrame(view.position + step, view.frameInterval);
        return true;
    }
    if (key == GLFW_KEY_M && view.hasReplay && !m_selected.empty()) {
        markCue(view.position, m_selected, actions); // the frame on screen
        return true;
    }
    return false;
}

void Curator::remember(const std::string& id) {
    if (!ImGui::IsItemVisible()) {
        return; // scrolled or clipped away: not a control a person could press
    }
    const ImVec2 min = ImGui::GetItemRectMin();
    const ImVec2 max = ImGui::GetItemRectMax();
    m_controls[id] = {min.x, min.y, max.x - min.x, max.y - min.y};
}

std::string Curator::uiCharacters() {
    // The editor's own labels are ASCII.
    return {};
}

void Curator::draw(const CuratorView& view, CuratorActions& actions) {
    m_controls.clear();
    if (!selectedHotspot() && !m_history.current().hotspots.empty()) {
        m_selected = m_history.current().hotspots.front().id;
    }
    drawToolbar(view, actions);
    drawList(view);
    drawEditor(view);
    if (view.controlUrl.empty()) {
        drawTimeline(view, actions);
    } else {
        drawProducer(view, actions);
    }
    drawMarkers(view);
    drawRecovery(view, actions);
}

void Curator::drawToolbar(const CuratorView& view, CuratorActions& actions) {
    const ImGuiIO& io = ImGui::GetIO();
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(0, 0));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, em * kToolbarHeightEm));
    ImGui::Begin("##curator-toolbar", nullptr, kPanelFlags);
    const bool modified = false; // shown by the app's title; the toolbar shows the folder
    (void)modified;
    if (ImGui::Button("Save")) {
        actions.save = true;
    }
    remember("save");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 14.0f);
    ImGui::InputTextWithHint("##save-as-folder", "another folder", &m_saveAsFolder);
    remember("field:save-as");
    ImGui::SameLine();
    ImGui::BeginDisabled(m_saveAsFolder.empty());
    if (ImGui::Button("Save as")) {
        actions.saveAs = m_saveAsFolder;
    }
    ImGui::EndDisabled();
    remember("save-as");
    ImGui::SameLine();
    ImGui::BeginDisabled(!m_history.canUndo());
    if (ImGui::Button("Undo")) {
        ImGui::ClearActiveID();
        actions.cuesChanged = m_history.undo() || actions.cuesChanged;
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled) && m_history.canUndo()) {
        ImGui::SetTooltip("Undo %s (Ctrl+Z)", m_history.undoLabel().c_str());
    }
    remember("undo");
    ImGui::SameLine();
    ImGui::BeginDisabled(!m_history.canRedo());
    if (ImGui::Button("Redo")) {
        ImGui::ClearActiveID();
        actions.cuesChanged = m_history.redo() || actions.cuesChanged;
    }
    ImGui::EndDisabled();
    remember("redo");
    ImGui::SameLine();
    if (ImGui::Button(m_sceneOpen ? "Hotspot" : "Scene")) {
        ImGui::ClearActiveID();
        m_history.breakMerge();
        m_sceneOpen = !m_sceneOpen;
    }
    remember("scene");
    ImGui::SameLine();
    ImGui::TextDisabled("%s", view.sceneFolder.c_str());
    if (!m_status.empty()) {
        ImGui::SameLine();
        ImGui::TextColored(m_statusError ? ImVec4(1.0f, 0.45f, 0.4f, 1.0f)
                                         : ImVec4(0.6f, 0.9f, 0.6f, 1.0f),
                           "%s", m_status.c_str());
    }
    ImGui::End();
}

void Curator::drawList(const CuratorView& view) {
    (void)view;
    const ImGuiIO& io = ImGui::GetIO();
    const float em = ImGui::GetFontSize();
    const float top = em * kToolbarHeightEm;
    ImGui::SetNextWindowPos(ImVec2(0, top));
    ImGui::SetNextWindowSize(
        ImVec2(em * kListWidthEm, io.DisplaySize.y - top - em * kTimelineHeightEm));
    ImGui::Begin("##curator-list", nullptr, kPanelFlags);
    ImGui::TextUnformatted("Hotspots");
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::InputTextWithHint("##search", "search", &m_search);
    remember("search");
    if (ImGui::Button(m_placing == Placing::New ? "Click the scan..." : "Add")) {
        m_placing = m_placing == Placing::New ? Placing::None : Placing::New;
    }
    remember("add");
    ImGui::SameLine();
    ImGui::BeginDisabled(!selectedHotspot());
    if (ImGui::Button(m_placing == Placing::Move ? "Click..." : "Move")) {
        m_placing = m_placing == Placing::Move ? Placing::None : Placing::Move;
    }
    remember("move");
    ImGui::SameLine();
    if (ImGui::Button("Duplicate")) {
        duplicateSelected();
    }
    remember("duplicate");
    ImGui::SameLine();
    if (ImGui::Button("Delete")) {
        CuratorActions ignored;
        deleteSelected(ignored);
    }
    remember("delete");
    ImGui::EndDisabled();
    ImGui::Separator();
    std::string needle = m_search;
    std::transform(needle.begin(), needle.end(), needle.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    ImGui::BeginChild("##rows");
    for (const Hotspot& h : m_history.current().hotspots) {
        const std::string title = hotspots::textIn(h.title, m_language);
        if (!needle.empty()) {
            std::string hay = h.id + " " + title;
            for (const auto& [lang, t] : h.title) {
                hay += " " + t;
            }
            for (const auto& [lang, t] : h.artist) {
                hay += " " + t;
            }
            std::transform(hay.begin(), hay.end(), hay.begin(),
                           [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
            if (hay.find(needle) == std::string::npos) {
                continue;
            }
        }
        // How many of the scene's languages have the whole card.
        int complete = 0;
        for (const auto& lang : m_languages) {
            complete += filledFields(h, lang) == kCountedFields ? 1 : 0;
        }
        const std::string label = std::to_string(complete) + "/" +
                                  std::to_string(m_languages.size()) + "  " +
                                  (title.empty() ? h.id : title) + "##" + h.id;
        if (ImGui::Selectable(label.c_str(), h.id == m_selected)) {
            selectHotspot(h.id);
        }
        remember("hotspot:" + h.id);
    }
    ImGui::EndChild();
    ImGui::End();
}

void Curator::drawEditor(const CuratorView& view) {
    (void)view;
    const ImGuiIO& io = ImGui::GetIO();
    const float em = ImGui::GetFontSize();
    const float top = em * kToolbarHeightEm;
    const float width = em * kEditorWidthEm;
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x - width, top));
    ImGui::SetNextWindowSize(ImVec2(width, io.DisplaySize.y - top - em * kTimelineHeightEm));
    ImGui::Begin("##curator-editor", nullptr, kPanelFlags);
    if (m_sceneOpen) {
        drawSceneTexts();
        ImGui::End();
        return;
    }
    const Hotspot* h = selectedHotspot();
    if (!h) {
        ImGui::TextWrapped("No hotspot yet. Press Add, then click an artwork in the gallery.");
        ImGui::End();
        return;
    }
    // The id: renaming follows it into the cues and the tour.
    std::string id = h->id;
    ImGui::SetNextItemWidth(-em * 3.0f);
    if (ImGui::InputText("id", &id, ImGuiInputTextFlags_EnterReturnsTrue) && id != h->id) {
        const auto& all = m_history.current().hotspots;
        if (!validId(id)) {
            setStatus("an id is lower-case letters, digits, '-', '_' and '.'", true);
        } else if (std::any_of(all.begin(), all.end(),
                               [&](const Hotspot& o) { return o.id == id; })) {
            setStatus("another hotspot is called " + id, true);
        } else {
            CuratorDocument next = m_history.current();
            const std::string old = h->id;
            for (auto& o : next.hotspots) {
                if (o.id == old) {
                    o.id = id;
                }
            }
            std::replace(next.manifest.tour.begin(), next.manifest.tour.end(), old, id);
            for (auto& c : next.cues) {
                if (c.hotspot == old) {
                    c.hotspot = id;
                }
            }
            m_history.breakMerge();
            m_history.commit(std::move(next), "rename " + old + " to " + id);
            m_selected = id;
            h = selectedHotspot();
        }
    }
    remember("field:id");
    ImGui::TextDisabled("on %s", h->anchor.node.c_str());
    // One button per language, with how many of the card's texts it has.
    drawLanguageButtons([&](const std::string& lang) { return filledFields(*h, lang); },
                        kCountedFields);
    ImGui::SameLine();
    ImGui::Checkbox("Preview", &m_preview);
    remember("preview");
    ImGui::Separator();
    if (m_preview) {
        // The card as a visitor reads it in this language.
        ImGui::PushTextWrapPos(0.0f);
        ImGui::TextUnformatted(hotspots::textIn(h->title, m_language).c_str());
        std::string byline = hotspots::textIn(h->artist, m_language);
        const std::string date = hotspots::textIn(h->date, m_language);
        if (!date.empty()) {
            byline += (byline.empty() ? "" : ", ") + date;
        }
        ImGui::TextDisabled("%s", byline.c_str());
        ImGui::TextDisabled("%s", hotspots::textIn(h->medium, m_language).c_str());
        ImGui::TextUnformatted(hotspots::textIn(h->commentary, m_language).c_str());
        ImGui::PopTextWrapPos();
        ImGui::End();
        return;
    }
    // Fields of their own per hotspot and language: an open text field never carries one
    // hotspot's text into another.
    ImGui::PushID(m_selected.c_str());
    ImGui::PushID(m_language.c_str());
    for (const Field& field : kFields) {
        h = selectedHotspot(); // an edit above made a new version of the document
        const Text& text = h->*field.text;
        const auto it = text.find(m_language);
        std::string value = it == text.end() ? std::string() : it->second;
        const std::string key = m_selected + "/" + field.id + "/" + m_language;
        ImGui::TextUnformatted(field.label);
        const std::string widget = std::string("##") + field.id;
        bool changed = false;
        if (field.multiline) {
            changed = ImGui::InputTextMultiline(widget.c_str(), &value, ImVec2(-1.0f, em * 4.5f));
        } else {
            ImGui::SetNextItemWidth(-1.0f);
            changed = ImGui::InputText(widget.c_str(), &value);
        }
        remember(std::string("field:") + field.id);
        if (changed) {
            const std::string lang = m_language;
            editHotspot(std::string("edit the ") + field.id + " (" + lang + ")", key,
                        [&](Hotspot& target) {
                            Text& t = target.*field.text;
                            if (value.empty()) {
                                t.erase(lang); // texts hold no empty strings
                            } else {
                                t[lang] = value;
                            }
                        });
        }
        if (ImGui::IsItemDeactivated()) {
            m_history.breakMerge(); // leaving the field ends the step
        }
    }
    h = selectedHotspot();
    std::string threads = joinThreads(h->threads);
    ImGui::TextUnformatted("Threads (comma-separated, e.g. moon)");
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::InputText("##threads", &threads)) {
        editHotspot("edit the threads", m_selected + "/threads",
                    [&](Hotspot& target) { target.threads = splitThreads(threads); });
    }
    remember("field:threads");
    ImGui::PopID();
    ImGui::PopID();
    ImGui::End();
}

// The language buttons over a set of texts, each with how many of count fields it has.
void Curator::drawLanguageButtons(const std::function<int(const std::string&)>& filled, int count) {
    for (const auto& lang : m_languages) {
        char label[64];
        std::snprintf(label, sizeof label, "%s %d/%d", lang.c_str(), filled(lang), count);
        if (lang != m_languages.front()) {
            ImGui::SameLine();
        }
        const bool current = lang == m_language;
        if (current) {
            ImGui::PushStyleColor(ImGuiCol_Button, ImGui::GetStyleColorVec4(ImGuiCol_ButtonActive));
        }
        if (ImGui::Button(label)) {
            ImGui::ClearActiveID();
            m_history.breakMerge();
            m_language = lang;
        }
        if (current) {
            ImGui::PopStyleColor();
        }
        remember("lang:" + lang);
    }
}

// What visitors read of the scene itself: its title and the guide's name, in each language.
void Curator::drawSceneTexts() {
    const hotspots::SceneManifest& manifest = m_history.current().manifest;
    const auto has = [&](const Text& t, const std::string& lang) {
        const auto it = t.find(lang);
        return it != t.end() && !it->second.empty() ? 1 : 0;
    };
    ImGui::TextUnformatted("The scene");
    drawLanguageButtons(
        [&](const std::string& lang) {
            return has(manifest.title, lang) + has(manifest.guideName, lang);
        },
        2);
    ImGui::Separator();
    struct SceneField {
        const char* id;
        const char* label;
        Text hotspots::SceneManifest::*text;
    };
    static constexpr SceneField kSceneFields[] = {
        {"scene-title", "Title", &hotspots::SceneManifest::title},
        {"guide-name", "The guide's name", &hotspots::SceneManifest::guideName},
    };
    ImGui::PushID("scene");
    ImGui::PushID(m_language.c_str());
    for (const SceneField& field : kSceneFields) {
        const Text& text = m_history.current().manifest.*field.text;
        const auto it = text.find(m_language);
        std::string value = it == text.end() ? std::string() : it->second;
        ImGui::TextUnformatted(field.label);
        ImGui::SetNextItemWidth(-1.0f);
        if (ImGui::InputText((std::string("##") + field.id).c_str(), &value)) {
            CuratorDocument next = m_history.current();
            Text& target = next.manifest.*field.text;
            if (value.empty()) {
                target.erase(m_language);
            } else {
                target[m_language] = value;
            }
            m_history.commit(std::move(next),
                             std::string("edit the scene's ") + field.id + " (" + m_language + ")",
                             std::string("scene/") + field.id + "/" + m_language);
        }
        remember(std::string("field:") + field.id);
        if (ImGui::IsItemDeactivated()) {
            m_history.breakMerge();
        }
    }
    ImGui::PopID();
    ImGui::PopID();
}

void Curator::drawTimeline(const CuratorView& view, CuratorActions& actions) {
    const ImGuiIO& io = ImGui::GetIO();
    const float em = ImGui::GetFontSize();
    const float height = em * kTimelineHeightEm;
    ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y - height));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, height));
    ImGui::Begin("##curator-timeline", nullptr, kPanelFlags);
    if (!view.hasReplay) {
        ImGui::TextWrapped("No recording: the scene names no replay, or it is not there. Cues are "
                           "marked on the tour's recording.");
        ImGui::End();
        return;
    }
    // A copy: the buttons below make new versions of the document while this frame draws.
    std::vector<hotspots::Cue> cues = m_history.current().cues;
    if (m_selectedCue && *m_selectedCue >= cues.size()) {
        m_selectedCue.reset();
    }
    if (ImGui::Button(view.paused ? "Play" : "Pause")) {
        actions.togglePause = true;
    }
    remember("play");
    ImGui::SameLine();
    auto frameStep = [&](double frames) {
        if (!view.paused) {
            actions.togglePause = true;
        }
        actions.seekTo =
            snapToFrame(view.position + frames * view.frameInterval, view.frameInterval);
    };
    if (ImGui::Button("-1 frame")) {
        frameStep(-1.0);
    }
    remember("frame-back");
    ImGui::SameLine();
    if (ImGui::Button("+1 frame")) {
        frameStep(1.0);
    }
    remember("frame-forward");
    ImGui::SameLine();
    const long long frame = std::llround(view.position / std::max(view.frameInterval, 1e-3));
    ImGui::Text("%s / %s  frame %lld", timeText(view.position).c_str(),
                timeText(view.duration).c_str(), frame);
    // Go to a time: seconds, or M:SS.mmm / H:MM:SS.mmm, then Enter.
    ImGui::SameLine();
    ImGui::SetNextItemWidth(em * 6.0f);
    if (ImGui::InputTextWithHint("##goto", "go to", &m_goTo,
                                 ImGuiInputTextFlags_EnterReturnsTrue)) {
        if (const auto seconds = parseTime(m_goTo)) {
            if (!view.paused) {
                actions.togglePause = true;
            }
            actions.seekTo = snapToFrame(std::clamp(*seconds, 0.0, std::max(view.duration, 0.0)),
                                         view.frameInterval);
            m_goTo.clear();
        } else {
            setStatus("'" + m_goTo + "' is not a time (seconds, or H:MM:SS.mmm)", true);
        }
    }
    remember("field:goto");
    ImGui::SameLine();
    ImGui::BeginDisabled(m_selected.empty());
    const std::string markLabel = "Mark cue here: " + (m_selected.empty() ? "-" : m_selected);
    if (ImGui::Button(markLabel.c_str())) {
        markCue(view.position, m_selected, actions); // the frame on screen
    }
    ImGui::EndDisabled();
    remember("mark-cue");
    ImGui::SameLine();
    if (ImGui::Button("Mark none")) {
        markCue(view.position, std::nullopt, actions);
    }
    remember("mark-none");
    ImGui::SameLine();
    ImGui::BeginDisabled(!m_selectedCue);
    if (ImGui::Button("<") && m_selectedCue) {
        const double t = cues[*m_selectedCue].time - kNudgeFrames * view.frameInterval;
        moveCue(*m_selectedCue, snapToFrame(t, view.frameInterval), actions);
    }
    remember("nudge-back");
    ImGui::SameLine();
    if (ImGui::Button(">") && m_selectedCue) {
        const double t = cues[*m_selectedCue].time + kNudgeFrames * view.frameInterval;
        moveCue(*m_selectedCue, snapToFrame(t, view.frameInterval), actions);
    }
    remember("nudge-forward");
    ImGui::SameLine();
    if (ImGui::Button("Delete cue") && m_selectedCue) {
        deleteCue(*m_selectedCue, actions);
    }
    remember("delete-cue");
    ImGui::EndDisabled();
    if (view.firedHotspot || !m_history.current().cues.empty()) {
        ImGui::SameLine();
        ImGui::TextDisabled("visitors see: %s", view.firedHotspot.value_or("-").c_str());
    }

    // The track: chapter labels above, cue marks, the playhead; a click seeks.
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x;
    const float trackHeight = em * 3.2f;
    const double duration = std::max(view.duration, 1e-3);
    auto xOf = [&](double t) { return origin.x + static_cast<float>(t / duration) * width; };
    auto timeOf = [&](float x) {
        return std::clamp(static_cast<double>((x - origin.x) / width) * duration, 0.0, duration);
    };
    // The marks as the buttons above left them: a mark deleted on this frame has no handle.
    cues = m_history.current().cues;
    if (m_selectedCue && *m_selectedCue >= cues.size()) {
        m_selectedCue.reset();
    }
    ImDrawList* draw = ImGui::GetWindowDrawList();
    const float barY = origin.y + trackHeight * 0.6f;
    draw->AddRectFilled(ImVec2(origin.x, barY - 3), ImVec2(origin.x + width, barY + 3),
                        IM_COL32(90, 90, 100, 255), 3.0f);
    // The guide's voice under the marks: where she speaks, and where she pauses at a work.
    if (view.waveform && !view.waveform->empty()) {
        const std::vector<float>& peaks = *view.waveform;
        const float half = trackHeight * 0.3f;
        for (int column = 0; column < static_cast<int>(width); ++column) {
            const double t0 = column / static_cast<double>(width) * duration;
            const double t1 = (column + 1) / static_cast<double>(width) * duration;
            const auto first = static_cast<std::size_t>(t0 / view.waveformBucket);
            const auto last =
                std::min(peaks.size(), static_cast<std::size_t>(t1 / view.waveformBucket) + 1);
            float peak = 0.0f;
            for (std::size_t k = first; k < last; ++k) {
                peak = std::max(peak, peaks[k]);
            }
            if (peak > 0.0f) {
                const float x = origin.x + static_cast<float>(column);
                draw->AddLine(ImVec2(x, barY - half * peak), ImVec2(x, barY + half * peak),
                              IM_COL32(110, 150, 120, 200));
            }
        }
    }
    float lastLabelEnd = -1e9f;
    for (std::size_t k = 0; k < cues.size(); ++k) {
        const double t = m_draggedCue == k ? m_dragSeconds : cues[k].time;
        const float x = xOf(t);
        const bool chosen = m_selectedCue == k;
        const ImU32 colour = !cues[k].hotspot ? IM_COL32(160, 160, 160, 255)
                             : chosen         ? IM_COL32(255, 210, 90, 255)
                                              : IM_COL32(120, 190, 255, 255);
        draw->AddLine(ImVec2(x, barY - em * 0.9f), ImVec2(x, barY + em * 0.9f), colour,
                      chosen ? 3.0f : 2.0f);
        // The mark's handle: select it, drag it.
        ImGui::SetCursorScreenPos(ImVec2(x - em * 0.4f, barY - em * 0.9f));
        ImGui::InvisibleButton(("##cue" + std::to_string(k)).c_str(), ImVec2(em * 0.8f, em * 1.8f));
        remember("cue:" + std::to_string(k));
        if (ImGui::IsItemActivated()) {
            m_selectedCue = k;
            m_draggedCue = k;
            m_dragSeconds = cues[k].time;
        }
        if (ImGui::IsItemActive() && m_draggedCue == k && ImGui::IsMouseDragging(0)) {
            m_dragSeconds = snapToFrame(timeOf(io.MousePos.x), view.frameInterval);
        }
        if (ImGui::IsItemDeactivated() && m_draggedCue == k) {
            m_draggedCue.reset();
            if (std::abs(m_dragSeconds - cues[k].time) > 1e-6) {
                moveCue(k, m_dragSeconds, actions);
                break; // the cues changed under the loop
            }
        }
        // The chapter label, when it does not overlap the one before.
        const std::string label = cues[k].hotspot ? *cues[k].hotspot : "(none)";
        const float labelWidth = ImGui::CalcTextSize(label.c_str()).x;
        if (x > lastLabelEnd + em * 0.3f) {
            draw->AddText(ImVec2(x + 2.0f, origin.y), colour, label.c_str());
            lastLabelEnd = x + 2.0f + labelWidth;
        }
    }
    // The track itself after the marks' handles: where they overlap, the handle (submitted
    // first) takes the click, even one that arrives with the pointer (a touch, a script).
    ImGui::SetCursorScreenPos(origin);
    ImGui::InvisibleButton("##timeline", ImVec2(width, trackHeight));
    remember("timeline");
    if (ImGui::IsItemActivated()) {
        actions.seekTo = snapToFrame(timeOf(io.MousePos.x), view.frameInterval);
    } else if (ImGui::IsItemActive() && io.MouseDelta.x != 0.0f) {
        actions.seekTo = snapToFrame(timeOf(io.MousePos.x), view.frameInterval); // scrubbing
    }
    const float head = xOf(view.position);
    draw->AddLine(ImVec2(head, origin.y), ImVec2(head, origin.y + trackHeight),
                  IM_COL32(255, 80, 70, 255), 2.0f);
    ImGui::SetCursorScreenPos(ImVec2(origin.x, origin.y + trackHeight));
    ImGui::Dummy(ImVec2(width, 1.0f));
    ImGui::End();
}

void Curator::drawProducer(const CuratorView& view, CuratorActions& actions) {
    const ImGuiIO& io = ImGui::GetIO();
    const float em = ImGui::GetFontSize();
    const float height = em * kTimelineHeightEm;
    ImGui::SetNextWindowPos(ImVec2(0, io.DisplaySize.y - height));
    ImGui::SetNextWindowSize(ImVec2(io.DisplaySize.x, height));
    ImGui::Begin("##producer", nullptr, kPanelFlags);
    ImGui::Text("Live cues to %s", view.controlUrl.c_str());
    ImGui::SameLine();
    ImGui::TextColored(view.controlError ? ImVec4(1.0f, 0.45f, 0.4f, 1.0f)
                                         : ImVec4(0.6f, 0.9f, 0.6f, 1.0f),
                       "%s", view.controlStatus.c_str());
    ImGui::SameLine();
    ImGui::TextDisabled("visitors see: %s", view.firedHotspot.value_or("-").c_str());
    // One large button per artwork, in the tour's order, then "none" (the guide between works).
    const CuratorDocument& document = m_history.current();
    std::vector<const Hotspot*> order;
    for (const auto& id : document.manifest.tour) {
        for (const auto& h : document.hotspots) {
            if (h.id == id) {
                order.push_back(&h);
            }
        }
    }
    if (order.empty()) {
        for (const auto& h : document.hotspots) {
            order.push_back(&h);
        }
    }
    const ImVec2 button(em * 7.0f, em * 2.0f);
    const float right = ImGui::GetWindowPos().x + ImGui::GetWindowContentRegionMax().x;
    for (std::size_t k = 0; k <= order.size(); ++k) {
        const bool none = k == order.size();
        std::string label =
            none ? std::string("(no artwork)") : hotspots::textIn(order[k]->title, m_language);
        if (!none && label.empty()) {
            label = order[k]->id;
        }
        const std::string id = none ? "none" : order[k]->id;
        const bool lit = !none && view.firedHotspot == order[k]->id;
        if (lit) {
            ImGui::PushStyleColor(ImGuiCol_Button, ImVec4(0.85f, 0.62f, 0.15f, 1.0f));
        }
        if (ImGui::Button((label + "##fire-" + id).c_str(), button)) {
            actions.fire = none ? std::optional<std::string>() : std::optional(order[k]->id);
        }
        if (lit) {
            ImGui::PopStyleColor();
        }
        remember("fire:" + id);
        if (ImGui::GetItemRectMax().x + ImGui::GetStyle().ItemSpacing.x + button.x < right) {
            ImGui::SameLine();
        }
    }
    ImGui::End();
}

void Curator::drawMarkers(const CuratorView& view) {
    ImDrawList* draw = ImGui::GetBackgroundDrawList();
    const float r = ImGui::GetFontSize() * kMarkerRadiusEm;
    for (const CuratorMarker& m : view.markers) {
        const bool chosen = m.id == m_selected;
        const ImVec2 c(m.at.x, m.at.y);
        const ImU32 fill = chosen ? IM_COL32(255, 210, 90, m.hidden ? 90 : 235)
                                  : IM_COL32(255, 255, 255, m.hidden ? 70 : 200);
        draw->AddCircleFilled(c, r, fill, 24);
        draw->AddCircle(c, r, IM_COL32(20, 20, 20, 220), 24, 2.0f);
        if (chosen || view.firedHotspot == m.id) {
            draw->AddText(ImVec2(c.x + r * 1.4f, c.y - r), IM_COL32(255, 255, 255, 255),
                          m.id.c_str());
        }
        m_controls["marker:" + m.id] = {c.x - r, c.y - r, 2 * r, 2 * r};
    }
    if (m_placing != Placing::None) {
        const ImGuiIO& io = ImGui::GetIO();
        ImGui::GetForegroundDrawList()->AddText(
            ImVec2(io.DisplaySize.x * 0.5f - ImGui::GetFontSize() * 8.0f,
                   ImGui::GetFontSize() * (kToolbarHeightEm + 0.5f)),
            IM_COL32(255, 230, 120, 255),
            m_placing == Placing::New ? "Click an artwork to place the new hotspot"
                                      : "Click where the marker should go");
    }
}

void Curator::drawRecovery(const CuratorView& view, CuratorActions& actions) {
    if (!view.recoveryOffer) {
        return;
    }
    const ImGuiIO& io = ImGui::GetIO();
    const float em = ImGui::GetFontSize();
    ImGui::SetNextWindowPos(ImVec2(io.DisplaySize.x * 0.5f, io.DisplaySize.y * 0.4f),
                            ImGuiCond_Always, ImVec2(0.5f, 0.5f));
    ImGui::SetNextWindowSize(ImVec2(em * 26.0f, 0.0f));
    ImGui::Begin("Unsaved edits found", nullptr,
                 ImGuiWindowFlags_NoSavedSettings | ImGuiWindowFlags_NoMove |
                     ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoCollapse);
    ImGui::TextWrapped("docent stopped before these edits were saved (autosaved %s). Recover them? "
                       "They can be undone like any edit.",
                       view.recoveryOffer->c_str());
    if (ImGui::Button("Recover")) {
        actions.recover = true;
    }
    remember("recover");
    ImGui::SameLine();
    if (ImGui::Button("Discard")) {
        actions.discardRecovery = true;
    }
    remember("discard-recovery");
    ImGui::End();
}

} // namespace docent::app
