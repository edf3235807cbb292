#include "Validate.h"

#include <cstdio>

#include "Options.h"
#include "Viewer.h"
#include "engine/GltfLoader.h"
#include "hotspots/SceneFolder.h"

namespace docent::app {

int runValidate(const std::string& sceneArgument, const std::string& argv0) {
    std::string scene = sceneArgument;
    if (scene.empty()) {
        scene = defaultScenePath(argv0);
        if (scene.empty()) {
            std::fprintf(stderr, "docent validate: the default scene is missing; name a SCENE\n");
            return kExitBadInput;
        }
    }
    hotspots::SceneFolder folder = hotspots::openSceneFolder(scene);
    if (!folder.modelPath.empty()) {
        // The model is loaded with every check the viewer applies, and its node names are
        // what hotspot anchors must name.
        const engine::LoadResult model = engine::loadGltf(folder.modelPath);
        if (!model.ok()) {
            folder.problems.push_back({hotspots::Severity::Error, folder.modelPath, "", "",
                                       model.error.substr(model.error.find(": ") + 2)});
        } else {
            for (const auto& warning : model.asset.warnings) {
                folder.problems.push_back({hotspots::Severity::Warning, folder.modelPath, "", "",
                                           warning.substr(warning.find(": ") + 2)});
            }
            std::vector<std::string> names;
            for (const auto& node : model.asset.nodes) {
                names.push_back(node.name);
            }
            hotspots::checkAnchors(folder, names);
        }
    }
    int errors = 0;
    int warnings = 0;
    for (const auto& problem : folder.problems) {
        std::printf("%s\n", problem.toString().c_str());
        (problem.severity == hotspots::Severity::Error ? errors : warnings) += 1;
    }
    std::printf("%s: %d error%s, %d warning%s (%zu hotspots)\n", scene.c_str(), errors,
                errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s", folder.hotspots.size());
    return errors > 0 ? kExitBadInput : kExitOk;
}

} // namespace docent::app
