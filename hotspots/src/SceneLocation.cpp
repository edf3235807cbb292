#include "hotspots/SceneLocation.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace docent::hotspots {
namespace fs = std::filesystem;

namespace {

constexpr const char* kManifestName = "scene.json";
constexpr std::uintmax_t kMaxManifestBytes = 4u << 20; // a manifest is text written by people

std::string lowerExtension(const fs::path& p) {
    std::string ext = p.extension().string();
    for (auto& c : ext) {
        c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    return ext;
}

// nlohmann reports a byte offset; people look for line and column.
std::string lineAndColumn(const std::string& text, std::size_t byte) {
    std::size_t line = 1;
    std::size_t column = 1;
    for (std::size_t i = 0; i < byte && i < text.size(); ++i) {
        if (text[i] == '\n') {
            ++line;
            column = 1;
        } else {
            ++column;
        }
    }
    return std::to_string(line) + ":" + std::to_string(column);
}

LocateResult error(const std::string& message) {
    return {std::nullopt, message};
}

LocateResult readManifest(const fs::path& manifest) {
    std::error_code ec;
    if (!fs::is_regular_file(manifest, ec)) {
        return error(manifest.string() + ": not a regular file");
    }
    if (fs::file_size(manifest, ec) > kMaxManifestBytes) {
        return error(manifest.string() + ": larger than a scene manifest can be (4 MiB)");
    }
    std::ifstream in(manifest, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    const std::string text = buffer.str();
    nlohmann::json doc;
    try {
        doc = nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        return error(manifest.string() + ":" + lineAndColumn(text, e.byte > 0 ? e.byte - 1 : 0) +
                     ": malformed JSON");
    }
    if (!doc.is_object()) {
        return error(manifest.string() + ": the manifest must be a JSON object");
    }
    SceneLocation loc;
    loc.folder = fs::absolute(manifest).parent_path().lexically_normal().string();
    loc.manifestPath = fs::absolute(manifest).lexically_normal().string();
    const auto model = doc.find("model");
    if (model == doc.end() || !model->is_string() || model->get<std::string>().empty()) {
        return error(manifest.string() + ": /model must name the gallery's .gltf or .glb file");
    }
    const fs::path modelRel = model->get<std::string>();
    if (modelRel.is_absolute() ||
        fs::path(modelRel).lexically_normal().string().rfind("..", 0) == 0) {
        return error(manifest.string() + ": /model '" + modelRel.string() +
                     "' must be a path inside the scene folder");
    }
    loc.modelPath = (fs::path(loc.folder) / modelRel).lexically_normal().string();
    const auto title = doc.find("title");
    if (title != doc.end() && title->is_string()) {
        loc.title = title->get<std::string>();
    } else if (title != doc.end() && title->is_object()) {
        // Text in several languages: English first for logs and the window title.
        for (const char* lang : {"en", "fr", "zh"}) {
            if (title->contains(lang) && (*title)[lang].is_string()) {
                loc.title = (*title)[lang].get<std::string>();
                break;
            }
        }
    }
    if (loc.title.empty()) {
        loc.title = fs::path(loc.modelPath).filename().string();
    }
    const auto spawn = doc.find("spawn");
    if (spawn != doc.end()) {
        const auto& s = *spawn;
        if (!s.is_object() || !s.contains("position") || !s["position"].is_array() ||
            s["position"].size() != 3) {
            return error(manifest.string() +
                         ": /spawn must be an object with a 3-number /spawn/position");
        }
        Spawn out;
        for (std::size_t i = 0; i < 3; ++i) {
            if (!s["position"][i].is_number()) {
                return error(manifest.string() + ": /spawn/position/" + std::to_string(i) +
                             " must be a number");
            }
            out.position[i] = s["position"][i].get<double>();
        }
        for (const auto& [key, target] : {std::pair<const char*, double*>{"yaw", &out.yawDegrees},
                                          {"pitch", &out.pitchDegrees}}) {
            if (s.contains(key)) {
                if (!s[key].is_number()) {
                    return error(manifest.string() + ": /spawn/" + key + " must be a number");
                }
                *target = s[key].get<double>();
            }
        }
        loc.spawn = out;
    }
    return {loc, {}};
}

} // namespace

LocateResult locateScene(const std::string& scene) {
    std::error_code ec;
    const fs::path p(scene);
    if (!fs::exists(p, ec)) {
        return error(scene + ": no such file or folder");
    }
    if (fs::is_directory(p, ec)) {
        const fs::path manifest = p / kManifestName;
        if (fs::exists(manifest, ec)) {
            return readManifest(manifest);
        }
        return error(scene + ": the folder has no " + kManifestName);
    }
    const std::string ext = lowerExtension(p);
    if (ext == ".json") {
        return readManifest(p);
    }
    if (ext == ".gltf" || ext == ".glb") {
        SceneLocation loc;
        loc.modelPath = fs::absolute(p).lexically_normal().string();
        loc.folder = fs::path(loc.modelPath).parent_path().string();
        loc.title = p.filename().string();
        return {loc, {}};
    }
    return error(scene + ": not a scene folder, a scene.json, or a .gltf/.glb model");
}

} // namespace docent::hotspots
