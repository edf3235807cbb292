#include "MeshCompression.h"

#include <draco/compression/decode.h>
#include <draco/core/decoder_buffer.h>
#include <draco/mesh/mesh.h>
#include <meshoptimizer.h>

#include <algorithm>

namespace docent::engine::compression {

namespace {

// meshoptimizer asserts (rather than reports) a stride outside these; they are checked first.
constexpr std::uint64_t kMaxVertexStride = 256;

} // namespace

std::string checkMeshoptView(const MeshoptView& view) {
    if (view.mode == "ATTRIBUTES") {
        if (view.stride == 0 || view.stride > kMaxVertexStride || view.stride % 4 != 0) {
            return "byteStride " + std::to_string(view.stride) +
                   " of compressed attributes must be a multiple of 4 up to 256";
        }
        if (view.filter == "OCTAHEDRAL" && view.stride != 4 && view.stride != 8) {
            return "the OCTAHEDRAL filter needs a byteStride of 4 or 8";
        }
        if (view.filter == "QUATERNION" && view.stride != 8) {
            return "the QUATERNION filter needs a byteStride of 8";
        }
        if (view.filter != "NONE" && view.filter != "OCTAHEDRAL" && view.filter != "QUATERNION" &&
            view.filter != "EXPONENTIAL") {
            return "filter '" + view.filter + "' is not a meshopt filter";
        }
        return {};
    }
    if (view.mode == "TRIANGLES" || view.mode == "INDICES") {
        if (view.stride != 2 && view.stride != 4) {
            return "byteStride " + std::to_string(view.stride) +
                   " of compressed indices must be 2 or 4";
        }
        if (view.mode == "TRIANGLES" && view.count % 3 != 0) {
            return "count " + std::to_string(view.count) +
                   " of compressed triangles is not a multiple of 3";
        }
        if (view.filter != "NONE") {
            return "filter '" + view.filter + "' applies to attributes only";
        }
        return {};
    }
    return "mode '" + view.mode + "' is not ATTRIBUTES, TRIANGLES or INDICES";
}

std::string decodeMeshopt(const unsigned char* data, std::size_t size, const MeshoptView& view,
                          std::vector<unsigned char>& out) {
    const auto count = static_cast<std::size_t>(view.count);
    const auto stride = static_cast<std::size_t>(view.stride);
    out.assign(count * stride, 0);
    if (count == 0) {
        return {};
    }
    int result = 0;
    if (view.mode == "ATTRIBUTES") {
        result = meshopt_decodeVertexBuffer(out.data(), count, stride, data, size);
        if (result == 0 && view.filter == "OCTAHEDRAL") {
            meshopt_decodeFilterOct(out.data(), count, stride);
        } else if (result == 0 && view.filter == "QUATERNION") {
            meshopt_decodeFilterQuat(out.data(), count, stride);
        } else if (result == 0 && view.filter == "EXPONENTIAL") {
            meshopt_decodeFilterExp(out.data(), count, stride);
        }
    } else if (view.mode == "TRIANGLES") {
        result = meshopt_decodeIndexBuffer(out.data(), count, stride, data, size);
    } else {
        result = meshopt_decodeIndexSequence(out.data(), count, stride, data, size);
    }
    if (result != 0) {
        out.clear();
        return "its compressed data is malformed or truncated (meshopt error " +
               std::to_string(result) + ")";
    }
    return {};
}

struct DracoMesh::Impl {
    std::unique_ptr<draco::Mesh> mesh;
};

DracoMesh::DracoMesh(std::unique_ptr<Impl> impl) : m_impl(std::move(impl)) {}

DracoMesh::~DracoMesh() = default;

std::unique_ptr<DracoMesh> DracoMesh::decode(const unsigned char* data, std::size_t size,
                                             std::size_t maxVertices, std::size_t maxIndices,
                                             std::string& why) {
    draco::DecoderBuffer buffer;
    buffer.Init(reinterpret_cast<const char*>(data), size);
    const auto type = draco::Decoder::GetEncodedGeometryType(&buffer);
    if (!type.ok() || type.value() != draco::TRIANGULAR_MESH) {
        why = type.ok() ? "it holds a point cloud, not a triangle mesh"
                        : "it is not Draco data (" + type.status().error_msg_string() + ")";
        return nullptr;
    }
    draco::Decoder decoder;
    auto decoded = decoder.DecodeMeshFromBuffer(&buffer);
    if (!decoded.ok()) {
        why = "Draco cannot decode it (" + decoded.status().error_msg_string() + ")";
        return nullptr;
    }
    auto impl = std::make_unique<Impl>();
    impl->mesh = std::move(decoded).value();
    const draco::Mesh& mesh = *impl->mesh;
    const std::size_t vertices = mesh.num_points();
    const std::size_t triangles = mesh.num_faces();
    if (vertices > maxVertices) {
        why = std::to_string(vertices) + " vertices exceed the limit of " +
              std::to_string(maxVertices);
        return nullptr;
    }
    if (triangles > maxIndices / 3) {
        why = std::to_string(triangles) + " triangles exceed the limit";
        return nullptr;
    }
    std::unique_ptr<DracoMesh> result(new DracoMesh(std::move(impl)));
    result->m_indices.reserve(triangles * 3);
    for (draco::FaceIndex f(0); f < mesh.num_faces(); ++f) {
        for (const draco::PointIndex& point : mesh.face(f)) {
            if (point.value() >= vertices) {
                why = "triangle " + std::to_string(f.value()) + " names vertex " +
                      std::to_string(point.value()) + " of " + std::to_string(vertices);
                return nullptr;
            }
            result->m_indices.push_back(point.value());
        }
    }
    return result;
}

std::size_t DracoMesh::vertexCount() const {
    return m_impl->mesh->num_points();
}

bool DracoMesh::attribute(std::uint32_t id, int components, std::vector<float>& out,
                          std::string& why) const {
    const draco::Mesh& mesh = *m_impl->mesh;
    const draco::PointAttribute* attr = mesh.GetAttributeByUniqueId(id);
    if (attr == nullptr) {
        why = "names Draco attribute " + std::to_string(id) + ", which the data does not have";
        return false;
    }
    const int have = attr->num_components();
    if (have < 1 || have > 4) {
        why = "names Draco attribute " + std::to_string(id) + " with " + std::to_string(have) +
              " components";
        return false;
    }
    const int copy = std::min(have, components);
    const std::size_t vertices = mesh.num_points();
    const auto stride = static_cast<std::size_t>(components);
    out.assign(vertices * stride, 0.0f);
    float value[4] = {0.0f, 0.0f, 0.0f, 0.0f};
    for (std::size_t v = 0; v < vertices; ++v) {
        const draco::AttributeValueIndex index =
            attr->mapped_index(draco::PointIndex(static_cast<std::uint32_t>(v)));
        if (index.value() >= attr->size() ||
            !attr->ConvertValue<float>(index, static_cast<std::int8_t>(copy), value)) {
            why = "names Draco attribute " + std::to_string(id) + ", whose value for vertex " +
                  std::to_string(v) + " cannot be read";
            return false;
        }
        std::copy(value, value + copy, out.begin() + static_cast<std::ptrdiff_t>(v * stride));
        if (components == 4 && copy < 4) {
            out[v * stride + 3] = 1.0f;
        }
    }
    return true;
}

} // namespace docent::engine::compression
