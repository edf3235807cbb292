#include "hotspots/SceneWriter.h"

#include <fcntl.h>
#include <unistd.h>

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <set>
#include <system_error>

#include <nlohmann/json.hpp>

#include "hotspots/DurableFile.h"

namespace docent::hotspots {
namespace fs = std::filesystem;

namespace {

// Keeps fields in the order they are set: the order docs/SCENE_FORMAT.md lists them.
using Json = nlohmann::ordered_json;

constexpr int kFormatVersion = 1;
constexpr const char* kManifestName = "scene.json";
constexpr const char* kHotspotsName = "hotspots.json";
constexpr const char* kDefaultCuesName = "cues.json";
constexpr int kIndent = 2;                            // spaces, as the demo's files are written
constexpr double kExactIntegers = 9007199254740992.0; // 2^53: below it a whole double is exact

// A whole number is written as an integer (60, not 60.0) and reads back as the same double;
// any other is written by nlohmann's shortest form that reads back exactly.
Json number(double value) {
    if (std::isfinite(value) && value == std::trunc(value) && std::abs(value) < kExactIntegers) {
        return static_cast<std::int64_t>(value);
    }
    return value;
}

Json vec3(const Vec3& v) {
    return Json::array({number(v[0]), number(v[1]), number(v[2])});
}

// docent's languages first, in their order, then any others (the reader refuses them, but a
// writer drops nothing it was given).
Json text(const Text& t) {
    Json out = Json::object();
    for (const char* lang : kLanguages) {
        if (const auto it = t.find(lang); it != t.end()) {
            out[it->first] = it->second;
        }
    }
    for (const auto& [lang, value] : t) {
        if (!out.contains(lang)) {
            out[lang] = value;
        }
    }
    return out;
}

void putText(Json& object, const char* key, const Text& t) {
    if (!t.empty()) {
        object[key] = text(t);
    }
}

void putStrings(Json& object, const char* key, const std::vector<std::string>& strings) {
    if (!strings.empty()) {
        object[key] = strings;
    }
}

void putPose(Json& object, const Pose& pose) {
    object["position"] = vec3(pose.position);
    object["yaw"] = number(pose.yawDegrees);
    object["pitch"] = number(pose.pitchDegrees);
}

std::string dump(const Json& doc) {
    return doc.dump(kIndent, ' ', false, Json::error_handler_t::replace) + "\n";
}

std::string reason(const std::error_code& ec) {
    return ec.message(); // strerror()'s text for the system category
}

// fsync for a file or a folder (opened read-only: Linux syncs through any descriptor).
std::error_code syncPath(const fs::path& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        return {errno, std::system_category()};
    }
    std::error_code ec;
    if (::fsync(fd) != 0) {
        ec.assign(errno, std::system_category());
    }
    if (::close(fd) != 0 && !ec) {
        ec.assign(errno, std::system_category());
    }
    return ec;
}

// Copies through a temporary name so that `to` is either absent, as it was, or whole.
bool copyFile(const fs::path& from, const fs::path& to, std::string& error) {
    const fs::path temporary = to.string() + ".tmp-" + std::to_string(::getpid());
    std::error_code ec;
    fs::copy_file(from, temporary, fs::copy_options::overwrite_existing, ec);
    if (!ec) {
        ec = syncPath(temporary);
    }
    if (!ec) {
        fs::rename(temporary, to, ec);
    }
    if (ec) {
        error = to.string() + ": cannot copy from " + from.string() + ": " + reason(ec);
        std::error_code ignored;
        fs::remove(temporary, ignored);
        return false;
    }
    return true;
}

// An absolute, symlink-free spelling, so that two names of one folder compare equal.
fs::path normalFolder(const std::string& folder) {
    std::error_code ec;
    fs::path out = fs::weakly_canonical(fs::absolute(folder, ec), ec).lexically_normal();
    if (!out.has_filename() && out.has_parent_path() && out != out.root_path()) {
        out = out.parent_path(); // "/a/b/" -> "/a/b"
    }
    return out;
}

bool isInside(const fs::path& folder, const fs::path& parent) {
    const fs::path relative = folder.lexically_relative(parent);
    return !relative.empty() && relative != "." && *relative.begin() != "..";
}

bool leftBehind(const std::string& name) {
    return name.ends_with(".bak") || name.find(".tmp-") != std::string::npos;
}

// Copies every regular file under `from` to the same place under `to`, except `skipped` (paths
// relative to `from`) and leftovers of earlier saves. Then syncs the folders it wrote into.
bool copyFolder(const fs::path& from, const fs::path& to, const std::set<fs::path>& skipped,
                std::string& error) {
    std::set<fs::path> written;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(from, ec), end; !ec && it != end; it.increment(ec)) {
        const fs::path relative = it->path().lexically_relative(from);
        std::error_code typeEc;
        if (!it->is_regular_file(typeEc) || skipped.count(relative) ||
            leftBehind(relative.filename().string())) {
            continue;
        }
        const fs::path target = to / relative;
        fs::create_directories(target.parent_path(), ec);
        if (ec) {
            error = target.parent_path().string() + ": cannot create: " + reason(ec);
            return false;
        }
        if (!copyFile(it->path(), target, error)) {
            return false;
        }
        for (fs::path p = target.parent_path(); p != to && isInside(p, to); p = p.parent_path()) {
            written.insert(p);
        }
    }
    if (ec) {
        error = from.string() + ": cannot read: " + reason(ec);
        return false;
    }
    written.insert(to);
    for (const auto& folder : written) {
        if (const auto syncEc = syncPath(folder)) {
            error = folder.string() + ": cannot save: " + reason(syncEc);
            return false;
        }
    }
    return true;
}

} // namespace

std::string manifestToJson(const SceneManifest& m) {
    Json doc = Json::object();
    doc["version"] = m.version;
    doc["title"] = text(m.title); // required, even when empty
    if (!m.guideName.empty()) {
        doc["guide"]["name"] = text(m.guideName);
    }
    putStrings(doc, "languages", m.languages);
    if (!m.schedule.empty()) {
        Json& schedule = doc["schedule"] = Json::array();
        for (const auto& slot : m.schedule) {
            Json s = Json::object();
            s["start"] = slot.start;
            s["duration_minutes"] = number(slot.durationMinutes);
            putText(s, "title", slot.title);
            schedule.push_back(std::move(s));
        }
    }
    doc["model"] = m.model;
    if (m.spawn) {
        putPose(doc["spawn"], *m.spawn);
    }
    if (!m.viewpoints.empty()) {
        Json& viewpoints = doc["viewpoints"] = Json::array();
        for (const auto& viewpoint : m.viewpoints) {
            Json v = Json::object();
            v["id"] = viewpoint.id;
            putText(v, "title", viewpoint.title);
            putPose(v, viewpoint.pose);
            viewpoints.push_back(std::move(v));
        }
    }
    putStrings(doc, "tour", m.tour);
    if (m.panel) {
        Json& panel = doc["panel"];
        panel["centre"] = vec3(m.panel->centre);
        panel["yaw"] = number(m.panel->yawDegrees);
        panel["width"] = number(m.panel->widthMetres);
    }
    if (!m.liveUrl.empty()) {
        doc["live"]["url"] = m.liveUrl;
    }
    if (m.replay) {
        Json& replay = doc["replay"];
        replay["recording"] = m.replay->recording;
        if (!m.replay->cues.empty()) {
            replay["cues"] = m.replay->cues;
        }
    }
    putStrings(doc, "allowlist", m.allowlist);
    return dump(doc);
}

std::string hotspotsToJson(const std::vector<Hotspot>& hotspots) {
    Json doc = Json::object();
    doc["version"] = kFormatVersion;
    Json& list = doc["hotspots"] = Json::array();
    for (const auto& hotspot : hotspots) {
        Json h = Json::object();
        h["id"] = hotspot.id;
        h["anchor"]["node"] = hotspot.anchor.node;
        h["anchor"]["point"] = vec3(hotspot.anchor.point);
        h["anchor"]["normal"] = vec3(hotspot.anchor.normal);
        h["title"] = text(hotspot.title); // required, even when empty
        putText(h, "artist", hotspot.artist);
        putText(h, "date", hotspot.date);
        putText(h, "medium", hotspot.medium);
        putText(h, "commentary", hotspot.commentary);
        putText(h, "guide", hotspot.guide);
        putStrings(h, "threads", hotspot.threads);
        list.push_back(std::move(h));
    }
    return dump(doc);
}

std::string cueSheetToJson(const CueSheet& sheet) {
    Json doc = Json::object();
    doc["version"] = sheet.version;
    if (!sheet.recording.empty()) {
        doc["recording"] = sheet.recording;
    }
    Json& cues = doc["cues"] = Json::array();
    for (const auto& cue : sheet.cues) {
        Json c = Json::object();
        c["time"] = number(cue.time);
        c["hotspot"] = cue.hotspot ? Json(*cue.hotspot) : Json(nullptr);
        cues.push_back(std::move(c));
    }
    return dump(doc);
}

bool saveScene(const SceneFolder& scene, const std::string& folder, bool overwrite,
               std::string& error) {
    if (folder.empty()) {
        error = "no folder given to save the scene in";
        return false;
    }
    SceneManifest manifest = scene.manifest;
    if (scene.manifestPath.empty()) {
        manifest.model = fs::path(scene.modelPath).filename().string();
    }
    std::set<fs::path> sceneFiles = {kManifestName, kHotspotsName};
    if (scene.cueSheet) {
        if (!manifest.replay) {
            manifest.replay = Replay{scene.cueSheet->recording, ""};
        }
        if (manifest.replay->cues.empty()) {
            manifest.replay->cues = kDefaultCuesName;
        }
        sceneFiles.insert(fs::path(manifest.replay->cues).lexically_normal());
        if (scene.manifest.replay && !scene.manifest.replay->cues.empty()) { // the one read
            sceneFiles.insert(fs::path(scene.manifest.replay->cues).lexically_normal());
        }
    }

    const fs::path target = normalFolder(folder);
    const fs::path source = scene.folder.empty() ? fs::path() : normalFolder(scene.folder);
    if (target != source) {
        std::error_code ec;
        if (!source.empty() && isInside(target, source)) {
            error = target.string() + ": cannot save a scene inside its own folder " +
                    source.string() + "; choose a folder outside it";
            return false;
        }
        if (!overwrite && fs::exists(target / kManifestName, ec)) {
            error = (target / kManifestName).string() +
                    ": a scene is already there; choose another folder or overwrite it";
            return false;
        }
        const bool created = fs::create_directories(target, ec);
        if (!ec && created) {
            ec = syncPath(target.parent_path()); // the new folder's own entry
        }
        if (ec) {
            error = target.string() + ": cannot create: " + reason(ec);
            return false;
        }
        if (!source.empty() && !copyFolder(source, target, sceneFiles, error)) {
            return false;
        }
    }

    // scene.json last: a folder whose save stopped early holds no new manifest naming files it
    // lacks.
    if (!writeFileDurably((target / kHotspotsName).string(), hotspotsToJson(scene.hotspots),
                          error)) {
        return false;
    }
    if (scene.cueSheet) {
        const fs::path cues = target / manifest.replay->cues;
        std::error_code ec;
        fs::create_directories(cues.parent_path(), ec);
        if (ec) {
            error = cues.parent_path().string() + ": cannot create: " + reason(ec);
            return false;
        }
        if (!writeFileDurably(cues.string(), cueSheetToJson(*scene.cueSheet), error)) {
            return false;
        }
    }
    return writeFileDurably((target / kManifestName).string(), manifestToJson(manifest), error);
}

} // namespace docent::hotspots
