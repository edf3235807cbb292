#pragma once
// Decoders for glTF's compressed geometry, kept apart from the loader so that Draco's headers
// stay out of it. Both take untrusted bytes: every size is checked before it is allocated or
// touched, and a malformed input returns an error instead of throwing.
//   EXT_meshopt_compression: a bufferView's bytes, decoded through meshoptimizer.
//   KHR_draco_mesh_compression: a primitive's vertices and triangles, decoded through Draco.

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace docent::engine::compression {

// The parameters of one EXT_meshopt_compression bufferView.
struct MeshoptView {
    std::uint64_t count = 0;  // elements
    std::uint64_t stride = 0; // bytes per element
    std::string mode;         // ATTRIBUTES, TRIANGLES or INDICES
    std::string filter;       // NONE, OCTAHEDRAL, QUATERNION or EXPONENTIAL
};

// Checks `view` against the extension's rules; an empty string when it may be decoded, else
// what is wrong with it.
std::string checkMeshoptView(const MeshoptView& view);

// Decodes `size` compressed bytes into count * stride bytes in `out`. Returns an empty string
// on success, else why the data could not be decoded. `view` must have passed
// checkMeshoptView().
std::string decodeMeshopt(const unsigned char* data, std::size_t size, const MeshoptView& view,
                          std::vector<unsigned char>& out);

// A decoded Draco mesh: its triangles and, by the unique ids the glTF names, its attributes.
class DracoMesh {
public:
    ~DracoMesh();
    DracoMesh(const DracoMesh&) = delete;
    DracoMesh& operator=(const DracoMesh&) = delete;

    // Decodes `size` bytes; nullptr with `why` when they are not a Draco triangle mesh or it
    // exceeds the limits.
    static std::unique_ptr<DracoMesh> decode(const unsigned char* data, std::size_t size,
                                             std::size_t maxVertices, std::size_t maxIndices,
                                             std::string& why);

    std::size_t vertexCount() const;
    // Three vertex indices per triangle, each below vertexCount().
    const std::vector<std::uint32_t>& indices() const { return m_indices; }

    // The attribute with Draco unique id `id` as `components` floats per vertex (missing
    // components are 0, a missing fourth one is 1; integer data is normalised as Draco stored
    // it). False with `why` when there is no such attribute or it cannot be converted.
    bool attribute(std::uint32_t id, int components, std::vector<float>& out,
                   std::string& why) const;

private:
    struct Impl;
    explicit DracoMesh(std::unique_ptr<Impl> impl);
    std::unique_ptr<Impl> m_impl;
    std::vector<std::uint32_t> m_indices;
};

} // namespace docent::engine::compression
