#pragma once
// The museum's sculptures, each on its marble plinth: a bronze dancer and a marble bust,
// stylised forms built from ellipsoids, capsules and turned shapes, and a lathe-turned
// porcelain vase.
//
// Each is one node named "artwork.<id>" holding plinth and work, with its local origin on the
// floor at the centre of the plinth, +Y up and +Z toward where visitors approach (turned by
// `yawDegrees` about +Y; 0 faces +Z). kXxxAnchor is the point on the front of the work, at
// about two thirds of its height, that hotspots anchor to (local [0, height, depth]).

#include <string>

#include <glm/glm.hpp>

#include "GalleryMaterials.h"
#include "Scene.h"

namespace docent::tools {

struct SculptureAnchor {
    float height = 0.0f; // m above the floor
    float depth = 0.0f;  // m in front of the plinth's centre (+Z)
};

// A dancer in bronze, arms raised, turning on one foot with her skirt flaring. Anchor: the
// top of the skirt at her waist (the whole work, plinth included, is 2.67 m tall).
constexpr SculptureAnchor kDancerAnchor{1.8f, 0.17f};
// A young woman's head and shoulders in white marble, hair tied up, her gaze lifted.
// Anchor: her chin (the bust stands 0.65 m on a 1.12 m plinth).
constexpr SculptureAnchor kBustAnchor{1.58f, 0.14f};
// A cobalt porcelain vase with a gilt frieze of crescent moons and stars. Anchor: the
// frieze (the vase stands 0.62 m on a 1.02 m plinth).
constexpr SculptureAnchor kVaseAnchor{1.38f, 0.19f};

void addDancer(Scene& scene, const GalleryMaterials& materials, const std::string& id,
               glm::vec3 position, float yawDegrees);
void addBust(Scene& scene, const GalleryMaterials& materials, const std::string& id,
             glm::vec3 position, float yawDegrees);
void addVase(Scene& scene, const GalleryMaterials& materials, const std::string& id,
             glm::vec3 position, float yawDegrees);

} // namespace docent::tools
