#pragma once
// Serialises a Scene as one binary glTF 2.0 file (.glb): a JSON chunk and a BIN chunk holding
// the vertex data, the indices and the PNG images. The bytes depend only on the scene (no
// time, no addresses, no unordered containers), so the same scene always gives the same file.

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "Scene.h"

namespace docent::tools {

struct GlbSummary {
    std::size_t nodes = 0;
    std::size_t triangles = 0;
    std::size_t vertices = 0;
    std::size_t textures = 0;
    std::size_t materials = 0;
    std::size_t bytes = 0;
};

// Builds the file in memory. `generator` goes to asset.generator.
std::vector<std::uint8_t> writeGlb(const Scene& scene, const std::string& generator,
                                   GlbSummary* summary = nullptr);

// A generator's run after its arguments: checks that `out` can be written (before the work),
// lets `build` fill `scene`, writes it to `out` as a .glb, whole or not at all, and prints the
// one-line summary. Messages start with `program`. Returns the exit code: 0 written, 1 not (a
// build that threw, which only a bug or an exhausted machine causes, or a file that could not
// be written).
int generateGlb(const char* program, const std::string& out, Scene& scene,
                const std::function<void(Scene&)>& build);

} // namespace docent::tools
