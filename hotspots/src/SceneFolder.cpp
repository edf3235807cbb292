#include "hotspots/SceneFolder.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "hotspots/JsonLocator.h"
#include "hotspots/UrlAllowlist.h"

namespace docent::hotspots {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kFormatVersion = 1;
constexpr const char* kManifestName = "scene.json";
constexpr const char* kHotspotsName = "hotspots.json";
constexpr std::uintmax_t kMaxFileBytes = 8u << 20; // scene files are text written by people

std::string lowerExtension(const fs::path& p) {
    std::string ext = p.extension().string();
    std::transform(ext.begin(), ext.end(), ext.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return ext;
}

// obj[key] for a const object without undefined behaviour when the key is absent (a required
// field that is missing has already been reported): null then.
const json& member(const json& obj, const char* key) {
    static const json kAbsent;
    const auto it = obj.find(key);
    return it == obj.end() ? kAbsent : *it;
}

// Checks one parsed JSON file against its schema, collecting problems with their positions.
class Checker {
public:
    Checker(std::string file, const std::string& text, std::vector<Problem>& problems)
        : m_file(std::move(file)), m_locator(text), m_problems(problems) {}

    void report(Severity severity, const std::string& pointer, const std::string& message) {
        Problem p;
        p.severity = severity;
        p.file = m_file;
        p.pointer = pointer;
        const TextPosition at = m_locator.find(pointer);
        if (at.line > 0) {
            p.where = std::to_string(at.line) + ":" + std::to_string(at.column);
        }
        p.message = message;
        m_problems.push_back(std::move(p));
    }
    void error(const std::string& pointer, const std::string& message) {
        report(Severity::Error, pointer, message);
    }
    void warning(const std::string& pointer, const std::string& message) {
        report(Severity::Warning, pointer, message);
    }

    // True when value is an object; reports fields outside `allowed` and missing `required`.
    bool object(const json& value, const std::string& pointer, const std::set<std::string>& allowed,
                const std::set<std::string>& required = {}) {
        if (!value.is_object()) {
            error(pointer, "must be an object");
            return false;
        }
        for (const auto& [key, _] : value.items()) {
            if (!allowed.count(key)) {
                error(pointer + "/" + escapePointerToken(key), "unknown field '" + key + "'");
            }
        }
        for (const auto& key : required) {
            if (!value.contains(key)) {
                error(pointer, "missing required field '" + key + "'");
            }
        }
        return true;
    }

    std::optional<std::string> string(const json& object, const char* key,
                                      const std::string& pointer) {
        const auto it = object.find(key);
        if (it == object.end()) {
            return std::nullopt;
        }
        if (!it->is_string()) {
            error(pointer + "/" + key, "must be a string");
            return std::nullopt;
        }
        return it->get<std::string>();
    }

    std::optional<double> number(const json& object, const char* key, const std::string& pointer,
                                 double min = -1e9, double max = 1e9) {
        const auto it = object.find(key);
        if (it == object.end()) {
            return std::nullopt;
        }
        if (!it->is_number()) {
            error(pointer + "/" + key, "must be a number");
            return std::nullopt;
        }
        const double v = it->get<double>();
        if (!std::isfinite(v) || v < min || v > max) {
            std::ostringstream range;
            range << "must be between " << min << " and " << max;
            error(pointer + "/" + key, range.str());
            return std::nullopt;
        }
        return v;
    }

    std::optional<Vec3> vec3(const json& object, const char* key, const std::string& pointer) {
        const auto it = object.find(key);
        if (it == object.end()) {
            return std::nullopt;
        }
        const std::string p = pointer + "/" + key;
        if (!it->is_array() || it->size() != 3) {
            error(p, "must be an array of 3 numbers");
            return std::nullopt;
        }
        Vec3 out{};
        for (std::size_t i = 0; i < 3; ++i) {
            if (!(*it)[i].is_number() || !std::isfinite((*it)[i].get<double>())) {
                error(p + "/" + std::to_string(i), "must be a number");
                return std::nullopt;
            }
            out[i] = (*it)[i].get<double>();
        }
        return out;
    }

    // Text in several languages: an object of language code -> non-empty string.
    std::optional<Text> text(const json& object, const char* key, const std::string& pointer) {
        const auto it = object.find(key);
        if (it == object.end()) {
            return std::nullopt;
        }
        const std::string p = pointer + "/" + key;
        if (!it->is_object()) {
            error(p, "must be an object of language code to text, e.g. {\"en\": \"...\"}");
            return std::nullopt;
        }
        Text out;
        for (const auto& [lang, value] : it->items()) {
            const std::string lp = p + "/" + escapePointerToken(lang);
            if (std::find(kLanguages.begin(), kLanguages.end(), lang) == kLanguages.end()) {
                error(lp, "unknown language '" + lang + "' (docent speaks zh, fr and en)");
                continue;
            }
            if (!value.is_string()) {
                error(lp, "must be a string");
                continue;
            }
            if (value.get<std::string>().empty()) {
                error(lp, "is empty (leave the language out instead)");
                continue;
            }
            out[lang] = value.get<std::string>();
        }
        return out;
    }

    // A path inside the scene folder: relative, no "..", no scheme.
    std::optional<std::string> path(const json& object, const char* key,
                                    const std::string& pointer) {
        auto value = string(object, key, pointer);
        if (!value) {
            return std::nullopt;
        }
        const fs::path p(*value);
        const std::string normal = p.lexically_normal().generic_string();
        if (value->empty() || p.is_absolute() || normal == ".." || normal.rfind("../", 0) == 0 ||
            value->find("://") != std::string::npos) {
            error(pointer + "/" + key, "'" + *value + "' must be a path inside the scene folder");
            return std::nullopt;
        }
        return value;
    }

    std::optional<Pose> pose(const json& value, const std::string& pointer,
                             const std::set<std::string>& extraFields = {}) {
        std::set<std::string> allowed = {"position", "yaw", "pitch"};
        allowed.insert(extraFields.begin(), extraFields.end());
        if (!object(value, pointer, allowed, {"position"})) {
            return std::nullopt;
        }
        Pose out;
        const auto position = vec3(value, "position", pointer);
        if (!position) {
            return std::nullopt;
        }
        out.position = *position;
        out.yawDegrees = number(value, "yaw", pointer, -360.0, 360.0).value_or(0.0);
        out.pitchDegrees = number(value, "pitch", pointer, -89.0, 89.0).value_or(0.0);
        return out;
    }

    std::vector<std::string> stringArray(const json& object, const char* key,
                                         const std::string& pointer) {
        std::vector<std::string> out;
        const auto it = object.find(key);
        if (it == object.end()) {
            return out;
        }
        if (!it->is_array()) {
            error(pointer + "/" + key, "must be an array of strings");
            return out;
        }
        for (std::size_t i = 0; i < it->size(); ++i) {
            if (!(*it)[i].is_string()) {
                error(pointer + "/" + key + "/" + std::to_string(i), "must be a string");
                continue;
            }
            out.push_back((*it)[i].get<std::string>());
        }
        return out;
    }

    void version(const json& doc) {
        if (!doc.contains("version")) {
            error("", "missing required field 'version'");
            return;
        }
        if (!doc["version"].is_number_integer() || doc["version"].get<int>() != kFormatVersion) {
            error("/version", "format version must be " + std::to_string(kFormatVersion) +
                                  " (this docent reads version 1)");
        }
    }

private:
    std::string m_file;
    JsonLocator m_locator;
    std::vector<Problem>& m_problems;
};

// Reads a JSON file; on failure adds one problem (missing, too large, malformed at line:column)
// and returns nullopt.
std::optional<std::pair<json, std::string>> readJson(const fs::path& path,
                                                     std::vector<Problem>& problems,
                                                     Severity missingSeverity = Severity::Error) {
    std::error_code ec;
    Problem p;
    p.file = path.string();
    if (!fs::exists(path, ec)) {
        p.severity = missingSeverity;
        p.message = "file not found";
        problems.push_back(p);
        return std::nullopt;
    }
    if (!fs::is_regular_file(path, ec) || fs::file_size(path, ec) > kMaxFileBytes) {
        p.message = "not a regular file of at most 8 MiB";
        problems.push_back(p);
        return std::nullopt;
    }
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    std::string text = buffer.str();
    try {
        return std::make_pair(json::parse(text), std::move(text));
    } catch (const json::parse_error& e) {
        const JsonLocator locator(text);
        const TextPosition at = locator.positionOf(e.byte > 0 ? e.byte - 1 : 0);
        p.where = std::to_string(at.line) + ":" + std::to_string(at.column);
        p.message = "malformed JSON";
        problems.push_back(p);
        return std::nullopt;
    } catch (const json::exception&) {
        p.message = "malformed JSON (a number out of range)"; // e.g. 1e999: not a double
        problems.push_back(p);
        return std::nullopt;
    }
}

void readManifest(SceneFolder& scene, const fs::path& path) {
    const auto loaded = readJson(path, scene.problems);
    if (!loaded) {
        return;
    }
    const json& doc = loaded->first;
    Checker check(path.string(), loaded->second, scene.problems);
    if (!check.object(doc, "",
                      {"version", "title", "guide", "languages", "schedule", "model", "spawn",
                       "viewpoints", "tour", "panel", "live", "replay", "allowlist"},
                      {"title", "model"})) {
        return;
    }
    check.version(doc);
    auto& m = scene.manifest;
    m.title = check.text(doc, "title", "").value_or(Text{});
    if (doc.contains("guide") && check.object(doc["guide"], "/guide", {"name"}, {"name"})) {
        m.guideName = check.text(doc["guide"], "name", "/guide").value_or(Text{});
    }
    m.languages = check.stringArray(doc, "languages", "");
    for (std::size_t i = 0; i < m.languages.size(); ++i) {
        if (std::find(kLanguages.begin(), kLanguages.end(), m.languages[i]) == kLanguages.end()) {
            check.error("/languages/" + std::to_string(i),
                        "unknown language '" + m.languages[i] + "' (docent speaks zh, fr and en)");
        }
    }
    if (m.languages.empty()) {
        m.languages.assign(kLanguages.begin(), kLanguages.end());
    }
    if (const auto it = doc.find("schedule"); it != doc.end()) {
        if (!it->is_array()) {
            check.error("/schedule", "must be an array of tours");
        } else {
            for (std::size_t i = 0; i < it->size(); ++i) {
                const std::string p = "/schedule/" + std::to_string(i);
                const json& slot = (*it)[i];
                if (!check.object(slot, p, {"start", "duration_minutes", "title"}, {"start"})) {
                    continue;
                }
                TourSlot s;
                s.start = check.string(slot, "start", p).value_or("");
                // RFC 3339: date, 'T', time, and a zone (Z or an offset).
                const bool shaped = s.start.size() >= 20 && s.start[4] == '-' &&
                                    s.start[10] == 'T' &&
                                    (s.start.back() == 'Z' || s.start[s.start.size() - 6] == '+' ||
                                     s.start[s.start.size() - 6] == '-');
                if (!s.start.empty() && !shaped) {
                    check.error(p + "/start", "'" + s.start +
                                                  "' is not an RFC 3339 time with a zone, e.g. "
                                                  "2026-12-05T14:00:00+01:00");
                }
                s.durationMinutes =
                    check.number(slot, "duration_minutes", p, 1.0, 24 * 60.0).value_or(60.0);
                s.title = check.text(slot, "title", p).value_or(Text{});
                m.schedule.push_back(s);
            }
        }
    }
    m.model = check.path(doc, "model", "").value_or("");
    if (doc.contains("spawn")) {
        m.spawn = check.pose(doc["spawn"], "/spawn");
    }
    if (const auto it = doc.find("viewpoints"); it != doc.end()) {
        if (!it->is_array()) {
            check.error("/viewpoints", "must be an array of viewpoints");
        } else {
            std::set<std::string> ids;
            for (std::size_t i = 0; i < it->size(); ++i) {
                const std::string p = "/viewpoints/" + std::to_string(i);
                const auto pose = check.pose((*it)[i], p, {"id", "title"});
                if (!pose) {
                    continue;
                }
                Viewpoint v;
                v.id = check.string((*it)[i], "id", p).value_or("");
                if (v.id.empty()) {
                    check.error(p, "missing required field 'id'");
                } else if (!ids.insert(v.id).second) {
                    check.error(p + "/id", "duplicate viewpoint id '" + v.id + "'");
                }
                v.title = check.text((*it)[i], "title", p).value_or(Text{});
                v.pose = *pose;
                m.viewpoints.push_back(v);
            }
        }
    }
    m.tour = check.stringArray(doc, "tour", "");
    if (const auto it = doc.find("panel"); it != doc.end()) {
        if (check.object(*it, "/panel", {"centre", "yaw", "width"}, {"centre"})) {
            PanelPlacement panel;
            panel.centre = check.vec3(*it, "centre", "/panel").value_or(panel.centre);
            panel.yawDegrees = check.number(*it, "yaw", "/panel", -360.0, 360.0).value_or(0.0);
            panel.widthMetres = check.number(*it, "width", "/panel", 0.2, 20.0).value_or(3.2);
            m.panel = panel;
        }
    }
    if (const auto it = doc.find("live"); it != doc.end()) {
        if (check.object(*it, "/live", {"url"}, {"url"})) {
            m.liveUrl = check.string(*it, "url", "/live").value_or("");
        }
    }
    if (const auto it = doc.find("replay"); it != doc.end()) {
        if (check.object(*it, "/replay", {"recording", "cues"}, {"recording"})) {
            Replay r;
            r.recording = check.path(*it, "recording", "/replay").value_or("");
            r.cues = check.path(*it, "cues", "/replay").value_or("");
            m.replay = r;
        }
    }
    m.allowlist = check.stringArray(doc, "allowlist", "");
    for (std::size_t i = 0; i < m.allowlist.size(); ++i) {
        if (m.allowlist[i].find("://") == std::string::npos) {
            check.error("/allowlist/" + std::to_string(i),
                        "'" + m.allowlist[i] + "' must be a URL prefix with a scheme");
        }
    }
    if (!m.liveUrl.empty()) {
        if (!urlAllowedBy(m.liveUrl, streamAllowlist(m))) {
            check.error("/live/url", "'" + m.liveUrl + "' is not covered by " +
                                         (m.allowlist.empty() ? "the default allowlist (https, "
                                                                "srt, udp)"
                                                              : "/allowlist"));
        }
    }
}

void readHotspots(SceneFolder& scene, const fs::path& path) {
    const auto loaded = readJson(path, scene.problems);
    if (!loaded) {
        return;
    }
    const json& doc = loaded->first;
    Checker check(path.string(), loaded->second, scene.problems);
    if (!check.object(doc, "", {"version", "hotspots"}, {"hotspots"})) {
        return;
    }
    check.version(doc);
    const json& list = member(doc, "hotspots");
    if (!list.is_array()) {
        check.error("/hotspots", "must be an array of hotspots");
        return;
    }
    std::set<std::string> ids;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string p = "/hotspots/" + std::to_string(i);
        const json& h = list[i];
        if (!check.object(h, p,
                          {"id", "anchor", "title", "artist", "date", "medium", "commentary",
                           "guide", "threads"},
                          {"id", "anchor", "title"})) {
            continue;
        }
        Hotspot out;
        out.id = check.string(h, "id", p).value_or("");
        if (!out.id.empty() && !ids.insert(out.id).second) {
            check.error(p + "/id", "duplicate hotspot id '" + out.id + "'");
        }
        if (h.contains("anchor") && check.object(h["anchor"], p + "/anchor",
                                                 {"node", "point", "normal"}, {"node", "point"})) {
            const std::string ap = p + "/anchor";
            out.anchor.node = check.string(h["anchor"], "node", ap).value_or("");
            out.anchor.point = check.vec3(h["anchor"], "point", ap).value_or(Vec3{});
            out.anchor.normal = check.vec3(h["anchor"], "normal", ap).value_or(Vec3{0, 0, 1});
            const auto& n = out.anchor.normal;
            if (std::sqrt(n[0] * n[0] + n[1] * n[1] + n[2] * n[2]) < 1e-6) {
                check.error(ap + "/normal", "must not be the zero vector");
            }
        }
        out.title = check.text(h, "title", p).value_or(Text{});
        out.artist = check.text(h, "artist", p).value_or(Text{});
        out.date = check.text(h, "date", p).value_or(Text{});
        out.medium = check.text(h, "medium", p).value_or(Text{});
        out.commentary = check.text(h, "commentary", p).value_or(Text{});
        out.guide = check.text(h, "guide", p).value_or(Text{});
        out.threads = check.stringArray(h, "threads", p);
        // Every text the visitor reads should exist in every language the scene declares.
        const std::pair<const char*, const Text*> texts[] = {
            {"title", &out.title},   {"artist", &out.artist},         {"date", &out.date},
            {"medium", &out.medium}, {"commentary", &out.commentary}, {"guide", &out.guide}};
        for (const auto& [field, text] : texts) {
            if (!h.contains(field)) {
                continue;
            }
            for (const auto& lang : scene.manifest.languages) {
                if (!text->count(lang)) {
                    check.warning(p + "/" + field,
                                  std::string("missing translation: no '") + lang + "' " + field);
                }
            }
        }
        scene.hotspots.push_back(std::move(out));
    }
}

void readCueSheet(SceneFolder& scene, const fs::path& path) {
    const auto loaded = readJson(path, scene.problems);
    if (!loaded) {
        return;
    }
    const json& doc = loaded->first;
    Checker check(path.string(), loaded->second, scene.problems);
    if (!check.object(doc, "", {"version", "recording", "cues"}, {"cues"})) {
        return;
    }
    check.version(doc);
    CueSheet sheet;
    sheet.recording = check.path(doc, "recording", "").value_or("");
    const json& list = member(doc, "cues");
    if (!list.is_array()) {
        check.error("/cues", "must be an array of cues");
        return;
    }
    double previous = -1.0;
    for (std::size_t i = 0; i < list.size(); ++i) {
        const std::string p = "/cues/" + std::to_string(i);
        if (!check.object(list[i], p, {"time", "hotspot"}, {"time", "hotspot"})) {
            continue;
        }
        Cue cue;
        cue.time = check.number(list[i], "time", p, 0.0, 48 * 3600.0).value_or(0.0);
        const json& hotspot = member(list[i], "hotspot");
        if (hotspot.is_string()) {
            cue.hotspot = hotspot.get<std::string>();
            if (!scene.findHotspot(*cue.hotspot)) {
                check.error(p + "/hotspot", "names hotspot '" + *cue.hotspot +
                                                "', which hotspots.json does not define");
            }
        } else if (!hotspot.is_null()) {
            check.error(p + "/hotspot", "must be a hotspot id or null");
        }
        if (cue.time < previous) {
            check.error(p + "/time", "cues must be in time order");
        }
        previous = cue.time;
        sheet.cues.push_back(cue);
    }
    scene.cueSheet = std::move(sheet);
}

// Checks that need more than one file: the tour's order, cues, files that must exist.
void crossCheck(SceneFolder& scene, const fs::path& manifestPath) {
    const auto& m = scene.manifest;
    std::string manifestText;
    {
        std::ifstream in(manifestPath, std::ios::binary);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        manifestText = buffer.str();
    }
    Checker check(manifestPath.string(), manifestText, scene.problems);
    for (std::size_t i = 0; i < m.tour.size(); ++i) {
        if (!scene.findHotspot(m.tour[i])) {
            check.error("/tour/" + std::to_string(i),
                        "names hotspot '" + m.tour[i] + "', which hotspots.json does not define");
        }
    }
    std::error_code ec;
    if (!m.model.empty() && !fs::is_regular_file(fs::path(scene.folder) / m.model, ec)) {
        check.error("/model", "'" + m.model + "' does not exist in the scene folder");
    }
    if (m.replay && !m.replay->recording.empty() &&
        !fs::exists(fs::path(scene.folder) / m.replay->recording, ec)) {
        check.warning("/replay/recording",
                      "the replay '" + m.replay->recording + "' does not exist yet");
    }
    if (scene.cueSheet) {
        std::set<std::string> cued;
        for (const auto& cue : scene.cueSheet->cues) {
            if (cue.hotspot) {
                cued.insert(*cue.hotspot);
            }
        }
        const fs::path hotspotsPath = fs::path(scene.folder) / kHotspotsName;
        std::ifstream in(hotspotsPath, std::ios::binary);
        std::ostringstream buffer;
        buffer << in.rdbuf();
        Checker hotspotCheck(hotspotsPath.string(), buffer.str(), scene.problems);
        for (std::size_t i = 0; i < scene.hotspots.size(); ++i) {
            if (!cued.count(scene.hotspots[i].id)) {
                hotspotCheck.warning("/hotspots/" + std::to_string(i),
                                     "no cue in the cue sheet refers to hotspot '" +
                                         scene.hotspots[i].id + "'");
            }
        }
    }
}

} // namespace

std::string Problem::toString() const {
    std::string out = file;
    if (!where.empty()) {
        out += ":" + where;
    }
    out += severity == Severity::Error ? ": error: " : ": warning: ";
    out += message;
    if (!pointer.empty()) {
        out += " (at " + pointer + ")";
    }
    return out;
}

bool SceneFolder::hasErrors() const {
    return std::any_of(problems.begin(), problems.end(),
                       [](const Problem& p) { return p.severity == Severity::Error; });
}

const Hotspot* SceneFolder::findHotspot(const std::string& id) const {
    for (const auto& h : hotspots) {
        if (h.id == id) {
            return &h;
        }
    }
    return nullptr;
}

const Viewpoint* SceneFolder::findViewpoint(const std::string& id) const {
    for (const auto& v : manifest.viewpoints) {
        if (v.id == id) {
            return &v;
        }
    }
    return nullptr;
}

std::string textIn(const Text& text, const std::string& language,
                   const std::vector<std::string>& fallbacks) {
    if (const auto it = text.find(language); it != text.end()) {
        return it->second;
    }
    for (const auto& lang : fallbacks) {
        if (const auto it = text.find(lang); it != text.end()) {
            return it->second;
        }
    }
    return text.empty() ? std::string() : text.begin()->second;
}

SceneFolder openSceneFolder(const std::string& scene) {
    SceneFolder out;
    std::error_code ec;
    const fs::path given(scene);
    auto fail = [&](const std::string& message) {
        Problem p;
        p.file = scene;
        p.message = message;
        out.problems.push_back(p);
        return out;
    };
    if (!fs::exists(given, ec)) {
        return fail("no such file or folder");
    }
    fs::path manifest;
    if (fs::is_directory(given, ec)) {
        manifest = given / kManifestName;
        if (!fs::exists(manifest, ec)) {
            return fail(std::string("the folder has no ") + kManifestName);
        }
    } else {
        const std::string ext = lowerExtension(given);
        if (ext == ".gltf" || ext == ".glb") {
            out.modelPath = fs::absolute(given).lexically_normal().string();
            out.folder = fs::path(out.modelPath).parent_path().string();
            out.manifest.title = {{"en", given.filename().string()}};
            out.manifest.languages.assign(kLanguages.begin(), kLanguages.end());
            return out;
        }
        if (ext != ".json") {
            return fail("not a scene folder, a scene.json, or a .gltf/.glb model");
        }
        manifest = given;
    }
    out.manifestPath = fs::absolute(manifest).lexically_normal().string();
    out.folder = fs::path(out.manifestPath).parent_path().string();
    readManifest(out, manifest);
    if (!out.manifest.model.empty()) {
        out.modelPath = (fs::path(out.folder) / out.manifest.model).lexically_normal().string();
    }
    const fs::path hotspots = fs::path(out.folder) / kHotspotsName;
    if (fs::exists(hotspots, ec)) {
        readHotspots(out, hotspots);
    }
    if (out.manifest.replay && !out.manifest.replay->cues.empty()) {
        readCueSheet(out, fs::path(out.folder) / out.manifest.replay->cues);
    }
    crossCheck(out, manifest);
    return out;
}

void checkAnchors(SceneFolder& scene, const std::vector<std::string>& nodeNames) {
    const std::set<std::string> names(nodeNames.begin(), nodeNames.end());
    const fs::path path = fs::path(scene.folder) / kHotspotsName;
    std::ifstream in(path, std::ios::binary);
    std::ostringstream buffer;
    buffer << in.rdbuf();
    Checker check(path.string(), buffer.str(), scene.problems);
    for (std::size_t i = 0; i < scene.hotspots.size(); ++i) {
        const auto& node = scene.hotspots[i].anchor.node;
        if (!node.empty() && !names.count(node)) {
            check.error("/hotspots/" + std::to_string(i) + "/anchor/node",
                        "names node '" + node + "', which the model does not have");
        }
    }
}

} // namespace docent::hotspots
