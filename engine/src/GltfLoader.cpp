#include "engine/GltfLoader.h"
#include "MeshCompression.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <cmath>
#include <cstring>
#include <filesystem>
#include <future>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <sstream>
#include <thread>
#include <unordered_set>

#include <glm/gtc/matrix_transform.hpp>
#include <glm/gtc/quaternion.hpp>
#include <nlohmann/json.hpp>

// docent reads glTF's JSON with nlohmann-json and every byte of its buffers and images itself.
// Debian's tinygltf 2.7 was the first choice, but it refuses files the Khronos validator finds
// valid (a .gltf buffer without a URI, accessors without a bufferView, an unknown accessor type
// on an unused accessor) and does the unsafe parts (URI resolution, GLB chunks, image ranges) in
// ways docent would have to undo; a direct reader is shorter than the workarounds.

namespace docent::engine {
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr std::uint32_t kGlbMagic = 0x46546C67;     // "glTF"
constexpr std::uint32_t kGlbChunkJson = 0x4E4F534A; // "JSON"
constexpr std::uint32_t kGlbChunkBin = 0x004E4942;  // "BIN\0"
constexpr std::size_t kGlbHeaderBytes = 12;
constexpr std::size_t kGlbChunkHeaderBytes = 8;
constexpr int kPlaceholderSize = 8; // pixels per side of the missing-image checkerboard

constexpr int kByte = 5120;
constexpr int kUnsignedByte = 5121;
constexpr int kShort = 5122;
constexpr int kUnsignedShort = 5123;
constexpr int kUnsignedInt = 5125;
constexpr int kFloat = 5126;

// An accessor without a bufferView is all zeros (then perhaps patched by sparse values); a
// lying count there would allocate without the file paying for it in bytes.
constexpr std::uint64_t kMaxElementsWithoutData = std::uint64_t{1} << 20;
constexpr std::size_t kMaxStripTriangles = std::size_t{1} << 26;
constexpr std::size_t kMaxLodLevels = 16;

constexpr int kModeTriangles = 4;
constexpr int kModeTriangleStrip = 5;
constexpr int kModeTriangleFan = 6;

// Thrown inside the loader only, caught in loadGltf(): one line naming the problem.
struct BadInput {
    std::string message;
};

[[noreturn]] void fail(const std::string& message) {
    throw BadInput{message};
}

// Thrown when something reads a placeholder buffer (one without data): what needed it is left
// out with a warning rather than the whole file refused.
struct MissingData {
    std::string message;
};

// Reads a whole file that must be a regular file no larger than maxBytes. O_NONBLOCK keeps a
// FIFO from blocking the open; the fstat check then refuses it. With noFollow the last path
// component may not be a symbolic link.
bool readRegularFile(const std::string& path, std::size_t maxBytes, bool noFollow,
                     std::vector<unsigned char>& out, std::string& error) {
    int flags = O_RDONLY | O_NONBLOCK | O_CLOEXEC;
    if (noFollow) {
        flags |= O_NOFOLLOW;
    }
    const int fd = ::open(path.c_str(), flags);
    if (fd < 0) {
        error = errno == ELOOP ? "is a symbolic link" : std::strerror(errno);
        return false;
    }
    struct stat st {};
    if (::fstat(fd, &st) != 0) {
        error = std::strerror(errno);
        ::close(fd);
        return false;
    }
    if (!S_ISREG(st.st_mode)) {
        error = S_ISDIR(st.st_mode) ? "is a directory" : "is not a regular file";
        ::close(fd);
        return false;
    }
    if (static_cast<std::uint64_t>(st.st_size) > maxBytes) {
        error = "is larger than the " + std::to_string(maxBytes >> 20) + " MiB limit";
        ::close(fd);
        return false;
    }
    out.resize(static_cast<std::size_t>(st.st_size));
    std::size_t done = 0;
    while (done < out.size()) {
        const ssize_t n = ::read(fd, out.data() + done, out.size() - done);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            error = n == 0 ? "was truncated while reading" : std::strerror(errno);
            ::close(fd);
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    ::close(fd);
    return true;
}

std::string percentDecode(const std::string& in) {
    std::string out;
    out.reserve(in.size());
    for (std::size_t i = 0; i < in.size(); ++i) {
        if (in[i] == '%' && i + 2 < in.size() &&
            std::isxdigit(static_cast<unsigned char>(in[i + 1])) &&
            std::isxdigit(static_cast<unsigned char>(in[i + 2]))) {
            out.push_back(static_cast<char>(std::stoi(in.substr(i + 1, 2), nullptr, 16)));
            i += 2;
        } else {
            out.push_back(in[i]);
        }
    }
    return out;
}

bool isDataUri(const std::string& uri) {
    return uri.rfind("data:", 0) == 0;
}

// Returns an empty string when a (non-data) URI may be read, else why it is refused.
std::string checkRelativeUri(const std::string& uri) {
    if (uri.empty()) {
        return "is empty";
    }
    const std::string decoded = percentDecode(uri);
    if (decoded.find('\0') != std::string::npos) {
        return "contains a NUL character";
    }
    const auto colon = decoded.find(':');
    const auto slash = decoded.find_first_of("/\\");
    if (colon != std::string::npos && (slash == std::string::npos || colon < slash)) {
        return "has a scheme (only relative paths and data: URIs are allowed)";
    }
    if (decoded.front() == '/' || decoded.front() == '\\') {
        return "is an absolute path";
    }
    std::size_t start = 0;
    while (start <= decoded.size()) {
        const auto end = decoded.find_first_of("/\\", start);
        const std::string part =
            decoded.substr(start, end == std::string::npos ? end : end - start);
        if (part == "..") {
            return "leaves the asset's folder";
        }
        if (end == std::string::npos) {
            break;
        }
        start = end + 1;
    }
    return {};
}

// Decodes a data: URI (base64 or percent-encoded). Returns false when it is malformed.
bool decodeDataUri(const std::string& uri, std::vector<unsigned char>& out) {
    const auto comma = uri.find(',');
    if (comma == std::string::npos) {
        return false;
    }
    const std::string header = uri.substr(5, comma - 5);
    const std::string payload = uri.substr(comma + 1);
    if (header.find(";;") != std::string::npos ||
        (!header.empty() && header.front() == ';' && header != ";base64")) {
        return false;
    }
    out.clear();
    if (header.size() < 7 || header.compare(header.size() - 7, 7, ";base64") != 0) {
        const std::string raw = percentDecode(payload);
        out.assign(raw.begin(), raw.end());
        return true;
    }
    out.reserve(payload.size() / 4 * 3);
    std::uint32_t accumulator = 0;
    int bits = 0;
    bool padding = false;
    for (const char ch : payload) {
        int value;
        if (ch >= 'A' && ch <= 'Z') {
            value = ch - 'A';
        } else if (ch >= 'a' && ch <= 'z') {
            value = ch - 'a' + 26;
        } else if (ch >= '0' && ch <= '9') {
            value = ch - '0' + 52;
        } else if (ch == '+' || ch == '-') {
            value = 62;
        } else if (ch == '/' || ch == '_') {
            value = 63;
        } else if (ch == '=') {
            padding = true;
            continue;
        } else {
            return false;
        }
        if (padding) {
            return false; // data after padding
        }
        accumulator = (accumulator << 6) | static_cast<std::uint32_t>(value);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out.push_back(static_cast<unsigned char>((accumulator >> bits) & 0xFF));
        }
    }
    return true;
}

// Scans JSON text for its deepest nesting of arrays and objects, skipping strings. Run before
// the parser so that a deeply nested `extras` cannot exhaust the parser's stack.
int jsonNestingDepth(const unsigned char* text, std::size_t size, int stopAt) {
    int depth = 0;
    int deepest = 0;
    bool inString = false;
    for (std::size_t i = 0; i < size; ++i) {
        const unsigned char ch = text[i];
        if (inString) {
            if (ch == '\\') {
                ++i;
            } else if (ch == '"') {
                inString = false;
            }
            continue;
        }
        if (ch == '"') {
            inString = true;
        } else if (ch == '{' || ch == '[') {
            deepest = std::max(deepest, ++depth);
            if (deepest > stopAt) {
                return deepest;
            }
        } else if (ch == '}' || ch == ']') {
            --depth;
        }
    }
    return deepest;
}

std::uint32_t readU32(const std::vector<unsigned char>& bytes, std::size_t offset) {
    std::uint32_t v = 0;
    std::memcpy(&v, bytes.data() + offset, sizeof v);
    return v; // GLB is little-endian, as are the machines docent targets
}

struct GlbChunks {
    std::size_t jsonOffset = 0;
    std::size_t jsonLength = 0;
    bool hasBin = false;
    std::size_t binOffset = 0;
    std::size_t binLength = 0;
};

GlbChunks checkGlbContainer(const std::vector<unsigned char>& bytes) {
    if (bytes.size() < kGlbHeaderBytes) {
        fail("GLB header is truncated (" + std::to_string(bytes.size()) + " bytes)");
    }
    if (readU32(bytes, 4) != 2) {
        fail("GLB version " + std::to_string(readU32(bytes, 4)) + " is not supported (only 2)");
    }
    const std::uint32_t declared = readU32(bytes, 8);
    if (declared > bytes.size() || declared < kGlbHeaderBytes) {
        fail("GLB header declares " + std::to_string(declared) + " bytes but the file has " +
             std::to_string(bytes.size()));
    }
    // Bytes after the declared length are not part of the asset and are ignored.
    const std::size_t end = declared;
    GlbChunks chunks;
    std::size_t offset = kGlbHeaderBytes;
    int index = 0;
    while (offset < end) {
        if (end - offset < kGlbChunkHeaderBytes) {
            fail("GLB chunk " + std::to_string(index) + " header is truncated");
        }
        const std::size_t length = readU32(bytes, offset);
        const std::uint32_t type = readU32(bytes, offset + 4);
        offset += kGlbChunkHeaderBytes;
        if (length > end - offset) {
            fail("GLB chunk " + std::to_string(index) + " is longer than the file");
        }
        if (length % 4 != 0) {
            fail("GLB chunk " + std::to_string(index) + " length is not a multiple of 4");
        }
        if (index == 0) {
            if (type != kGlbChunkJson) {
                fail("GLB's first chunk is not JSON");
            }
            if (length == 0) {
                fail("GLB's JSON chunk is empty");
            }
            chunks.jsonOffset = offset;
            chunks.jsonLength = length;
        } else if (type == kGlbChunkBin) {
            if (chunks.hasBin) {
                fail("GLB has more than one BIN chunk");
            }
            if (index != 1) {
                fail("GLB's BIN chunk is not the second chunk");
            }
            chunks.hasBin = true;
            chunks.binOffset = offset;
            chunks.binLength = length;
        } else if (type == kGlbChunkJson) {
            fail("GLB has more than one JSON chunk");
        }
        // Chunks of unknown types are skipped, as the specification asks.
        offset += length;
        ++index;
    }
    if (index == 0) {
        fail("GLB has no chunks");
    }
    return chunks;
}

// Overflow-safe check that [offset, offset + length) lies inside [0, size).
bool rangeInside(std::uint64_t offset, std::uint64_t length, std::uint64_t size) {
    return offset <= size && length <= size - offset;
}

int componentBytes(int componentType) {
    switch (componentType) {
    case kByte:
    case kUnsignedByte:
        return 1;
    case kShort:
    case kUnsignedShort:
        return 2;
    case kUnsignedInt:
    case kFloat:
        return 4;
    default:
        return 0;
    }
}

int componentsIn(const std::string& type) {
    if (type == "SCALAR") {
        return 1;
    }
    if (type == "VEC2") {
        return 2;
    }
    if (type == "VEC3") {
        return 3;
    }
    if (type == "VEC4" || type == "MAT2") {
        return 4;
    }
    if (type == "MAT3") {
        return 9;
    }
    if (type == "MAT4") {
        return 16;
    }
    return 0;
}

// Reads one component as float, applying glTF 2.0's normalisation rules.
float readComponent(const unsigned char* p, int componentType, bool normalized) {
    switch (componentType) {
    case kFloat: {
        float v;
        std::memcpy(&v, p, 4);
        return v;
    }
    case kByte: {
        const auto v = static_cast<float>(static_cast<std::int8_t>(*p));
        return normalized ? std::max(v / 127.0f, -1.0f) : v;
    }
    case kUnsignedByte:
        return normalized ? static_cast<float>(*p) / 255.0f : static_cast<float>(*p);
    case kShort: {
        std::int16_t v;
        std::memcpy(&v, p, 2);
        return normalized ? std::max(static_cast<float>(v) / 32767.0f, -1.0f)
                          : static_cast<float>(v);
    }
    case kUnsignedShort: {
        std::uint16_t v;
        std::memcpy(&v, p, 2);
        return normalized ? static_cast<float>(v) / 65535.0f : static_cast<float>(v);
    }
    case kUnsignedInt: {
        std::uint32_t v;
        std::memcpy(&v, p, 4);
        return normalized ? static_cast<float>(v) / 4294967295.0f : static_cast<float>(v);
    }
    default:
        return 0.0f;
    }
}

std::uint32_t readIndex(const unsigned char* p, int componentType) {
    switch (componentType) {
    case kUnsignedByte:
        return *p;
    case kUnsignedShort: {
        std::uint16_t v;
        std::memcpy(&v, p, 2);
        return v;
    }
    default: {
        std::uint32_t v;
        std::memcpy(&v, p, 4);
        return v;
    }
    }
}

// Typed access to the glTF JSON with messages that carry a JSON pointer.
class JsonReader {
public:
    // A non-negative integer, also when written as a float with no fraction (2.0), which the
    // validator accepts.
    static std::optional<std::uint64_t> integral(const json& value) {
        if (value.is_number_unsigned()) {
            return value.get<std::uint64_t>();
        }
        if (value.is_number_integer()) {
            return value.get<std::int64_t>() < 0
                       ? std::nullopt
                       : std::optional<std::uint64_t>(value.get<std::uint64_t>());
        }
        if (value.is_number_float()) {
            const double d = value.get<double>();
            if (d >= 0.0 && d < 9.0e15 && std::floor(d) == d) {
                return static_cast<std::uint64_t>(d);
            }
        }
        return std::nullopt;
    }

    static const json& array(const json& object, const char* key, const std::string& pointer) {
        static const json kEmpty = json::array();
        const auto it = object.find(key);
        if (it == object.end()) {
            return kEmpty;
        }
        if (!it->is_array()) {
            fail(pointer + "/" + key + " must be an array");
        }
        return *it;
    }

    static const json& object(const json& parent, std::size_t index, const std::string& pointer) {
        const json& value = parent[index];
        if (!value.is_object()) {
            fail(pointer + "/" + std::to_string(index) + " must be an object");
        }
        return value;
    }

    static int index(const json& object, const char* key, const std::string& pointer,
                     int fallback = -1) {
        const auto it = object.find(key);
        if (it == object.end()) {
            return fallback;
        }
        const auto value = integral(*it);
        if (!value || *value > std::numeric_limits<int>::max()) {
            fail(pointer + "/" + key + " must be a non-negative integer");
        }
        return static_cast<int>(*value);
    }

    static std::uint64_t size(const json& object, const char* key, const std::string& pointer,
                              std::uint64_t fallback = 0) {
        const auto it = object.find(key);
        if (it == object.end()) {
            return fallback;
        }
        const auto value = integral(*it);
        if (!value) {
            fail(pointer + "/" + key + " must be a non-negative integer");
        }
        return *value;
    }

    static double number(const json& object, const char* key, const std::string& pointer,
                         double fallback) {
        const auto it = object.find(key);
        if (it == object.end()) {
            return fallback;
        }
        if (!it->is_number() || !std::isfinite(it->get<double>())) {
            fail(pointer + "/" + key + " must be a number");
        }
        return it->get<double>();
    }

    static std::string string(const json& object, const char* key, const std::string& pointer,
                              const std::string& fallback = {}) {
        const auto it = object.find(key);
        if (it == object.end()) {
            return fallback;
        }
        if (!it->is_string()) {
            fail(pointer + "/" + key + " must be a string");
        }
        return it->get<std::string>();
    }

    template <int N>
    static bool numbers(const json& object, const char* key, const std::string& pointer,
                        float (&out)[N]) {
        const auto it = object.find(key);
        if (it == object.end()) {
            return false;
        }
        if (!it->is_array() || it->size() != N) {
            fail(pointer + "/" + key + " must be an array of " + std::to_string(N) + " numbers");
        }
        for (int i = 0; i < N; ++i) {
            const json& v = (*it)[static_cast<std::size_t>(i)];
            if (!v.is_number() || !std::isfinite(v.get<double>())) {
                fail(pointer + "/" + key + "/" + std::to_string(i) + " must be a number");
            }
            out[i] = v.get<float>();
        }
        return true;
    }

    static const json* extension(const json& object, const char* name) {
        const auto ext = object.find("extensions");
        if (ext == object.end() || !ext->is_object()) {
            return nullptr;
        }
        const auto it = ext->find(name);
        return it != ext->end() && it->is_object() ? &*it : nullptr;
    }
};

using J = JsonReader;

struct BufferViewInfo {
    int buffer = -1;
    std::uint64_t offset = 0;
    std::uint64_t length = 0;
    std::uint64_t stride = 0;
};

// Turns the glTF JSON and its resources into a SceneAsset, checking every reference and range.
class Converter {
public:
    Converter(const json& doc, const GltfLimits& limits, const GltfResourceReader& resources,
              const std::vector<unsigned char>* glbBin, SceneAsset& out)
        : m_doc(doc), m_limits(limits), m_resources(resources), m_glbBin(glbBin), m_out(out) {}

    void run() {
        checkAsset();
        loadBuffers();
        readBufferViews();
        checkAccessorRanges();
        convertImagesAndTextures();
        convertMaterials();
        convertMeshes();
        convertNodes();
        placeInstances();
    }

private:
    void checkAsset() {
        const auto asset = m_doc.find("asset");
        if (asset == m_doc.end() || !asset->is_object()) {
            fail("/asset is missing");
        }
        const std::string version = J::string(*asset, "version", "/asset");
        if (version.rfind("2.", 0) != 0) {
            fail("/asset/version '" + version + "' is not glTF 2.x");
        }
        for (const char* key : {"extensionsRequired"}) {
            const json& required = J::array(m_doc, key, "");
            for (std::size_t i = 0; i < required.size(); ++i) {
                if (!required[i].is_string()) {
                    fail(std::string("/") + key + "/" + std::to_string(i) + " must be a string");
                }
                const std::string name = required[i].get<std::string>();
                if (!isSupportedGltfExtension(name)) {
                    fail("unsupported extension " + name + " (required by the file)");
                }
            }
        }
    }

    // Reads a resource named by a relative URI, confined to the asset's folder. Returns false
    // with `why` for a file that cannot be read; refuses a URI that may not be followed.
    bool readUri(const std::string& uri, const std::string& pointer,
                 std::vector<unsigned char>& out, std::string& why) {
        if (isDataUri(uri)) {
            if (!decodeDataUri(uri, out)) {
                fail(pointer + "/uri is a malformed data: URI");
            }
            return true;
        }
        const std::string refused = checkRelativeUri(uri);
        if (!refused.empty()) {
            fail(pointer + "/uri '" + uri + "' is refused: it " + refused);
        }
        const std::string relative = percentDecode(uri);
        switch (m_resources(relative, out, why)) {
        case ResourceRead::Ok:
            break;
        case ResourceRead::Refused:
            fail(pointer + "/uri '" + uri + "' is refused: it " + why);
        case ResourceRead::Unreadable:
            why = "'" + relative + "' " + why;
            return false;
        }
        if (out.size() > m_limits.maxFileBytes) {
            fail(pointer + "/uri '" + uri + "' is larger than the " +
                 std::to_string(m_limits.maxFileBytes >> 20) + " MiB limit");
        }
        m_resourceBytes += out.size();
        if (m_resourceBytes > m_limits.maxTotalResourceBytes) {
            fail("the asset's resources exceed the total size limit");
        }
        return true;
    }

    void loadBuffers() {
        const json& buffers = J::array(m_doc, "buffers", "");
        m_buffers.resize(buffers.size());
        for (std::size_t i = 0; i < buffers.size(); ++i) {
            const std::string pointer = "/buffers/" + std::to_string(i);
            const json& b = J::object(buffers, i, "/buffers");
            const std::uint64_t byteLength = J::size(b, "byteLength", pointer);
            const auto uri = b.find("uri");
            if (uri == b.end()) {
                if (i == 0 && m_glbBin) {
                    if (byteLength > m_glbBin->size()) {
                        fail(pointer + "/byteLength " + std::to_string(byteLength) +
                             " is larger than the GLB's BIN chunk (" +
                             std::to_string(m_glbBin->size()) + " bytes)");
                    }
                    m_buffers[i] = *m_glbBin;
                    continue;
                }
                // Any other buffer without a URI is a placeholder (e.g. a compression fallback):
                // it has no data, and what reads from it is left out with a warning.
                m_placeholderBuffers.insert(i);
                m_placeholderLengths[i] = byteLength;
                continue;
            }
            if (!uri->is_string()) {
                fail(pointer + "/uri must be a string");
            }
            std::string why;
            if (!readUri(uri->get<std::string>(), pointer, m_buffers[i], why)) {
                fail(pointer + " cannot be read: " + why);
            }
            if (m_buffers[i].size() < byteLength) {
                fail(pointer + " has " + std::to_string(m_buffers[i].size()) +
                     " bytes, fewer than its byteLength " + std::to_string(byteLength));
            }
            m_buffers[i].resize(byteLength);
        }
    }

    void readBufferViews() {
        const json& views = J::array(m_doc, "bufferViews", "");
        for (std::size_t i = 0; i < views.size(); ++i) {
            const std::string pointer = "/bufferViews/" + std::to_string(i);
            const json& v = J::object(views, i, "/bufferViews");
            BufferViewInfo info;
            info.buffer = J::index(v, "buffer", pointer);
            if (info.buffer < 0 || static_cast<std::size_t>(info.buffer) >= m_buffers.size()) {
                fail(pointer + "/buffer names no buffer");
            }
            info.offset = J::size(v, "byteOffset", pointer);
            info.length = J::size(v, "byteLength", pointer);
            info.stride = J::size(v, "byteStride", pointer);
            if (info.stride != 0 && (info.stride < 4 || info.stride > 252)) {
                fail(pointer + "/byteStride " + std::to_string(info.stride) + " is outside 4..252");
            }
            const auto buffer = static_cast<std::size_t>(info.buffer);
            const std::uint64_t available = m_placeholderBuffers.count(buffer)
                                                ? m_placeholderLengths.at(buffer)
                                                : m_buffers[buffer].size();
            if (!rangeInside(info.offset, info.length, available)) {
                fail(pointer + " (offset " + std::to_string(info.offset) + ", length " +
                     std::to_string(info.length) + ") lies outside buffer " +
                     std::to_string(info.buffer) + " (" + std::to_string(available) + " bytes)");
            }
            if (const json* meshopt = J::extension(v, "EXT_meshopt_compression")) {
                decodeMeshoptView(*meshopt, pointer + "/extensions/EXT_meshopt_compression", info);
            }
            m_views.push_back(info);
        }
    }

    // EXT_meshopt_compression: the view's elements are decoded from the extension's own range
    // of a buffer into a buffer of their own, and the view reads that instead of its (usually
    // data-less) fallback.
    void decodeMeshoptView(const json& ext, const std::string& pointer, BufferViewInfo& info) {
        const int buffer = J::index(ext, "buffer", pointer);
        if (buffer < 0 || static_cast<std::size_t>(buffer) >= m_buffers.size()) {
            fail(pointer + "/buffer names no buffer");
        }
        if (m_placeholderBuffers.count(static_cast<std::size_t>(buffer))) {
            fail(pointer + " reads buffer " + std::to_string(buffer) +
                 ", which has no data (no uri)");
        }
        const std::uint64_t offset = J::size(ext, "byteOffset", pointer);
        const std::uint64_t length = J::size(ext, "byteLength", pointer);
        const auto& source = m_buffers[static_cast<std::size_t>(buffer)];
        if (!rangeInside(offset, length, source.size())) {
            fail(pointer + " (offset " + std::to_string(offset) + ", length " +
                 std::to_string(length) + ") lies outside buffer " + std::to_string(buffer) + " (" +
                 std::to_string(source.size()) + " bytes)");
        }
        compression::MeshoptView view;
        view.count = J::size(ext, "count", pointer);
        view.stride = J::size(ext, "byteStride", pointer);
        view.mode = J::string(ext, "mode", pointer);
        view.filter = ext.contains("filter") ? J::string(ext, "filter", pointer) : "NONE";
        const std::string invalid = compression::checkMeshoptView(view);
        if (!invalid.empty()) {
            fail(pointer + ": " + invalid);
        }
        // The decoded size is paid for like a resource: a small file cannot claim gigabytes.
        if (view.count > m_limits.maxFileBytes / view.stride) {
            fail(pointer + "/count " + std::to_string(view.count) +
                 " decodes to more than the size limit");
        }
        const std::uint64_t decodedBytes = view.count * view.stride;
        if (decodedBytes < info.length) {
            fail(pointer + " decodes to " + std::to_string(decodedBytes) +
                 " bytes, fewer than the bufferView's byteLength " + std::to_string(info.length));
        }
        m_resourceBytes += decodedBytes;
        if (m_resourceBytes > m_limits.maxTotalResourceBytes) {
            fail("the asset's resources exceed the total size limit");
        }
        std::vector<unsigned char> decoded;
        const std::string why =
            compression::decodeMeshopt(source.data() + offset, length, view, decoded);
        if (!why.empty()) {
            fail(pointer + ": " + why);
        }
        m_buffers.push_back(std::move(decoded));
        info.buffer = static_cast<int>(m_buffers.size() - 1);
        info.offset = 0;
        if (info.stride == 0 && view.mode == "ATTRIBUTES") {
            info.stride = view.stride;
        }
    }

    // Every accessor's range is checked up front, used or not, so that a file with data out of
    // range is refused as a whole rather than depending on what happens to be drawn.
    void checkAccessorRanges() const {
        const json& accessors = J::array(m_doc, "accessors", "");
        for (std::size_t i = 0; i < accessors.size(); ++i) {
            const std::string pointer = "/accessors/" + std::to_string(i);
            const json& a = J::object(accessors, i, "/accessors");
            const int view = J::index(a, "bufferView", pointer);
            const int componentType = J::index(a, "componentType", pointer);
            const auto typeIt = a.find("type");
            const int components = typeIt != a.end() && typeIt->is_string()
                                       ? componentsIn(typeIt->get<std::string>())
                                       : 0;
            const int compBytes = componentBytes(componentType);
            if (view < 0 || compBytes == 0 || components == 0) {
                continue; // nothing to range-check, or refused when used
            }
            if (static_cast<std::size_t>(view) >= m_views.size()) {
                fail(pointer + "/bufferView names bufferView " + std::to_string(view) +
                     ", which does not exist");
            }
            const auto& v = m_views[static_cast<std::size_t>(view)];
            const std::uint64_t offset = J::size(a, "byteOffset", pointer);
            const std::uint64_t count = J::size(a, "count", pointer);
            if (offset % static_cast<std::uint64_t>(compBytes) != 0) {
                fail(pointer + "/byteOffset is not a multiple of its component size");
            }
            // Matrix columns of 1- and 2-byte components start on 4-byte boundaries; the last
            // element needs its last column only, not that column's padding.
            std::uint64_t elementBytes = static_cast<std::uint64_t>(compBytes * components);
            std::uint64_t lastElementBytes = elementBytes;
            const std::string type = typeIt->get<std::string>();
            const int columns = type == "MAT2" ? 2 : type == "MAT3" ? 3 : type == "MAT4" ? 4 : 0;
            if (columns > 0) {
                const auto columnBytes = static_cast<std::uint64_t>(compBytes * columns);
                const std::uint64_t paddedColumn = (columnBytes + 3) / 4 * 4;
                elementBytes = paddedColumn * static_cast<std::uint64_t>(columns);
                lastElementBytes =
                    paddedColumn * static_cast<std::uint64_t>(columns - 1) + columnBytes;
            }
            const std::uint64_t stride = v.stride ? v.stride : elementBytes;
            if (count > 0 &&
                (count - 1 > std::numeric_limits<std::uint64_t>::max() / stride / 2 ||
                 !rangeInside(offset, stride * (count - 1) + lastElementBytes, v.length))) {
                fail(pointer + " (offset " + std::to_string(offset) + ", " + std::to_string(count) +
                     " elements) does not fit in bufferView " + std::to_string(view) + " (" +
                     std::to_string(v.length) + " bytes)");
            }
        }
    }

    // The bytes of a view, after checking that the view lies inside its buffer's data.
    const unsigned char* viewBytes(int view, const std::string& user) const {
        if (view < 0 || static_cast<std::size_t>(view) >= m_views.size()) {
            fail(user + " names bufferView " + std::to_string(view) + ", which does not exist");
        }
        const auto& v = m_views[static_cast<std::size_t>(view)];
        if (m_placeholderBuffers.count(static_cast<std::size_t>(v.buffer))) {
            throw MissingData{user + " reads buffer " + std::to_string(v.buffer) +
                              ", which has no data (no uri)"};
        }
        const auto& data = m_buffers[static_cast<std::size_t>(v.buffer)];
        if (!rangeInside(v.offset, v.length, data.size())) {
            fail("/bufferViews/" + std::to_string(view) + " (offset " + std::to_string(v.offset) +
                 ", length " + std::to_string(v.length) + ") lies outside buffer " +
                 std::to_string(v.buffer) + " (" + std::to_string(data.size()) + " bytes)");
        }
        return data.data() + v.offset;
    }

    struct AccessorInfo {
        int view = -1;
        std::uint64_t offset = 0;
        std::uint64_t count = 0;
        int componentType = 0;
        int components = 0;
        bool normalized = false;
        const json* sparse = nullptr;
    };

    AccessorInfo accessorInfo(int index, const std::string& user) const {
        const json& accessors = J::array(m_doc, "accessors", "");
        if (index < 0 || static_cast<std::size_t>(index) >= accessors.size()) {
            fail(user + " names accessor " + std::to_string(index) + ", which does not exist");
        }
        const std::string pointer = "/accessors/" + std::to_string(index);
        const json& a = J::object(accessors, static_cast<std::size_t>(index), "/accessors");
        AccessorInfo info;
        info.view = J::index(a, "bufferView", pointer);
        info.offset = J::size(a, "byteOffset", pointer);
        info.count = J::size(a, "count", pointer);
        info.componentType = J::index(a, "componentType", pointer);
        info.components = componentsIn(J::string(a, "type", pointer));
        const auto normalized = a.find("normalized");
        info.normalized =
            normalized != a.end() && normalized->is_boolean() && normalized->get<bool>();
        if (componentBytes(info.componentType) == 0) {
            fail(pointer + "/componentType " + std::to_string(info.componentType) + " is invalid");
        }
        if (info.components == 0) {
            fail(pointer + "/type is not a glTF accessor type");
        }
        const auto sparse = a.find("sparse");
        if (sparse != a.end()) {
            if (!sparse->is_object()) {
                fail(pointer + "/sparse must be an object");
            }
            info.sparse = &*sparse;
        }
        return info;
    }

    // Reads an accessor as `components` floats per element (fewer source components are padded
    // with 0, and alpha with 1). Every byte range is checked before it is touched.
    std::vector<float> readAccessor(int index, int components, std::size_t maxCount,
                                    const std::string& user) const {
        const AccessorInfo a = accessorInfo(index, user);
        const std::string pointer = "/accessors/" + std::to_string(index);
        if (a.components > 4) {
            fail(pointer + " is a matrix where " + user + " needs a vector");
        }
        if (a.view < 0 && a.count > kMaxElementsWithoutData) {
            // Zero-filled accessors cost memory without costing file bytes: cap them hard.
            fail(pointer + "/count " + std::to_string(a.count) +
                 " is too large for an accessor without a bufferView");
        }
        if (a.count > maxCount) {
            fail(pointer + "/count " + std::to_string(a.count) + " exceeds the limit of " +
                 std::to_string(maxCount));
        }
        const int compBytes = componentBytes(a.componentType);
        const std::size_t elementBytes = static_cast<std::size_t>(compBytes * a.components);
        const auto count = static_cast<std::size_t>(a.count);
        std::vector<float> out(count * static_cast<std::size_t>(components), 0.0f);
        if (components == 4 && a.components < 4) {
            for (std::size_t e = 0; e < count; ++e) {
                out[e * 4 + 3] = 1.0f;
            }
        }
        const int copy = std::min(a.components, components);
        if (a.view >= 0) {
            const unsigned char* base = viewBytes(a.view, pointer);
            const auto& view = m_views[static_cast<std::size_t>(a.view)];
            const std::size_t stride = view.stride ? view.stride : elementBytes;
            if (stride < elementBytes) {
                fail(pointer + " elements are larger than the byteStride of its bufferView");
            }
            if (a.offset % static_cast<std::uint64_t>(compBytes) != 0) {
                fail(pointer + "/byteOffset is not a multiple of its component size");
            }
            if (count > 0 &&
                !rangeInside(a.offset, stride * (count - 1) + elementBytes, view.length)) {
                fail(pointer + " (offset " + std::to_string(a.offset) + ", " +
                     std::to_string(count) + " elements) does not fit in bufferView " +
                     std::to_string(a.view) + " (" + std::to_string(view.length) + " bytes)");
            }
            base += a.offset;
            for (std::size_t e = 0; e < count; ++e) {
                const unsigned char* p = base + e * stride;
                for (int c = 0; c < copy; ++c) {
                    out[e * static_cast<std::size_t>(components) + static_cast<std::size_t>(c)] =
                        readComponent(p + c * compBytes, a.componentType, a.normalized);
                }
            }
        }
        if (a.sparse) {
            applySparse(a, pointer, compBytes, copy, components, out);
        }
        return out;
    }

    void applySparse(const AccessorInfo& a, const std::string& pointer, int compBytes, int copy,
                     int components, std::vector<float>& out) const {
        forEachSparse(a, pointer, compBytes, [&](std::uint32_t target, const unsigned char* value) {
            for (int c = 0; c < copy; ++c) {
                out[target * static_cast<std::size_t>(components) + static_cast<std::size_t>(c)] =
                    readComponent(value + c * compBytes, a.componentType, a.normalized);
            }
        });
    }

    // Checks a sparse accessor's indices and values and calls visit(target element, its value's
    // bytes) for each replacement.
    template <typename Visit>
    void forEachSparse(const AccessorInfo& a, const std::string& pointer, int compBytes,
                       Visit visit) const {
        const json& s = *a.sparse;
        const std::string sp = pointer + "/sparse";
        const std::uint64_t count = J::size(s, "count", sp);
        if (count < 1 || count > a.count) {
            fail(sp + "/count is out of range");
        }
        const auto indices = s.find("indices");
        const auto values = s.find("values");
        if (indices == s.end() || !indices->is_object() || values == s.end() ||
            !values->is_object()) {
            fail(sp + " needs indices and values objects");
        }
        const int idxView = J::index(*indices, "bufferView", sp + "/indices");
        const int valView = J::index(*values, "bufferView", sp + "/values");
        const int idxType = J::index(*indices, "componentType", sp + "/indices");
        if (idxType != kUnsignedByte && idxType != kUnsignedShort && idxType != kUnsignedInt) {
            fail(sp + "/indices/componentType is not an unsigned integer type");
        }
        const auto idxBytes = static_cast<std::uint64_t>(componentBytes(idxType));
        const std::uint64_t elementBytes = static_cast<std::uint64_t>(compBytes * a.components);
        const std::uint64_t idxOffset = J::size(*indices, "byteOffset", sp + "/indices");
        const std::uint64_t valOffset = J::size(*values, "byteOffset", sp + "/values");
        const unsigned char* idxBase = viewBytes(idxView, sp + "/indices");
        const unsigned char* valBase = viewBytes(valView, sp + "/values");
        if (!rangeInside(idxOffset, count * idxBytes,
                         m_views[static_cast<std::size_t>(idxView)].length) ||
            !rangeInside(valOffset, count * elementBytes,
                         m_views[static_cast<std::size_t>(valView)].length)) {
            fail(sp + " data does not fit in its bufferViews");
        }
        for (std::uint64_t i = 0; i < count; ++i) {
            const std::uint32_t target = readIndex(idxBase + idxOffset + i * idxBytes, idxType);
            if (target >= a.count) {
                fail(sp + " index " + std::to_string(target) + " is out of range");
            }
            visit(target, valBase + valOffset + i * elementBytes);
        }
    }

    std::vector<std::uint32_t> readIndices(int index, std::size_t vertexCount,
                                           const std::string& user) const {
        const AccessorInfo a = accessorInfo(index, user);
        const std::string pointer = "/accessors/" + std::to_string(index);
        if (a.components != 1 ||
            (a.componentType != kUnsignedByte && a.componentType != kUnsignedShort &&
             a.componentType != kUnsignedInt)) {
            fail(pointer + " used as indices is not an unsigned integer scalar");
        }
        if (a.count > m_limits.maxIndicesPerPrimitive) {
            fail(pointer + "/count " + std::to_string(a.count) + " exceeds the limit of " +
                 std::to_string(m_limits.maxIndicesPerPrimitive));
        }
        const auto count = static_cast<std::size_t>(a.count);
        std::vector<std::uint32_t> out(count, 0);
        const auto compBytes = static_cast<std::size_t>(componentBytes(a.componentType));
        if (a.view >= 0) {
            const unsigned char* base = viewBytes(a.view, pointer);
            const auto& view = m_views[static_cast<std::size_t>(a.view)];
            const std::size_t stride = view.stride ? view.stride : compBytes;
            if (count > 0 &&
                !rangeInside(a.offset, stride * (count - 1) + compBytes, view.length)) {
                fail(pointer + " (offset " + std::to_string(a.offset) + ", " +
                     std::to_string(count) + " indices) does not fit in bufferView " +
                     std::to_string(a.view) + " (" + std::to_string(view.length) + " bytes)");
            }
            base += a.offset;
            for (std::size_t i = 0; i < count; ++i) {
                out[i] = readIndex(base + i * stride, a.componentType);
            }
        }
        if (a.sparse) {
            // Read as integers: through float, values above 2^24 would round and 0xFFFFFFFF would
            // become 2^32, whose conversion back is undefined (on x86 it wraps to index 0).
            forEachSparse(a, pointer, static_cast<int>(compBytes),
                          [&](std::uint32_t target, const unsigned char* value) {
                              out[target] = readIndex(value, a.componentType);
                          });
        }
        for (std::size_t i = 0; i < count; ++i) {
            if (out[i] >= vertexCount) {
                fail(pointer + " index " + std::to_string(out[i]) + " at position " +
                     std::to_string(i) + " is out of range (" + std::to_string(vertexCount) +
                     " vertices)");
            }
        }
        return out;
    }

    static ImageData placeholder(const std::string& name) {
        ImageData data;
        data.name = name;
        data.placeholder = true;
        data.image.width = kPlaceholderSize;
        data.image.height = kPlaceholderSize;
        data.image.pixels.resize(kPlaceholderSize * kPlaceholderSize * 4);
        for (int y = 0; y < kPlaceholderSize; ++y) {
            for (int x = 0; x < kPlaceholderSize; ++x) {
                // Magenta and grey: the conventional "texture missing" pattern.
                const bool odd = ((x / 2) + (y / 2)) % 2 != 0;
                auto* p =
                    &data.image.pixels[static_cast<std::size_t>((y * kPlaceholderSize + x) * 4)];
                p[0] = odd ? 255 : 96;
                p[1] = odd ? 0 : 96;
                p[2] = odd ? 255 : 96;
                p[3] = 255;
            }
        }
        return data;
    }

    void convertImagesAndTextures() {
        const json& images = J::array(m_doc, "images", "");
        const json& textures = J::array(m_doc, "textures", "");
        const json& samplers = J::array(m_doc, "samplers", "");
        std::vector<bool> used(images.size(), false);
        for (std::size_t t = 0; t < textures.size(); ++t) {
            const std::string pointer = "/textures/" + std::to_string(t);
            const json& tex = J::object(textures, t, "/textures");
            TextureDesc desc;
            desc.image = J::index(tex, "source", pointer);
            if (const json* webp = J::extension(tex, "EXT_texture_webp")) {
                desc.image = J::index(*webp, "source", pointer + "/extensions/EXT_texture_webp");
            }
            if (desc.image < 0 && J::extension(tex, "KHR_texture_basisu")) {
                // Debian has no KTX2/BasisU decoder; with a PNG/JPEG `source` that is used.
                m_out.warnings.push_back(pointer +
                                         " has only a KTX2 image (KHR_texture_basisu), which "
                                         "docent cannot decode; it is drawn without it");
            }
            if (desc.image >= 0) {
                if (static_cast<std::size_t>(desc.image) >= images.size()) {
                    fail(pointer + "/source names image " + std::to_string(desc.image) +
                         ", which does not exist");
                }
                used[static_cast<std::size_t>(desc.image)] = true;
            }
            const int sampler = J::index(tex, "sampler", pointer);
            if (sampler >= 0) {
                if (static_cast<std::size_t>(sampler) >= samplers.size()) {
                    fail(pointer + "/sampler names sampler " + std::to_string(sampler) +
                         ", which does not exist");
                }
                const std::string sp = "/samplers/" + std::to_string(sampler);
                const json& s = J::object(samplers, static_cast<std::size_t>(sampler), "/samplers");
                desc.sampler.magFilter = J::index(s, "magFilter", sp, desc.sampler.magFilter);
                desc.sampler.minFilter = J::index(s, "minFilter", sp, desc.sampler.minFilter);
                desc.sampler.wrapS = J::index(s, "wrapS", sp, desc.sampler.wrapS);
                desc.sampler.wrapT = J::index(s, "wrapT", sp, desc.sampler.wrapT);
            }
            m_out.textures.push_back(desc);
        }

        // Gather the encoded bytes of every image a texture uses, then decode them in parallel:
        // decoding is the slow part of loading.
        struct Pending {
            std::vector<unsigned char> owned;
            const unsigned char* bytes = nullptr;
            std::size_t size = 0;
            std::string label;
            std::string problem;
        };
        std::vector<Pending> pending(images.size());
        for (std::size_t i = 0; i < images.size(); ++i) {
            const std::string pointer = "/images/" + std::to_string(i);
            const json& img = J::object(images, i, "/images");
            auto& p = pending[i];
            const std::string uri = J::string(img, "uri", pointer);
            p.label = J::string(img, "name", pointer);
            if (p.label.empty()) {
                p.label = !uri.empty() && !isDataUri(uri) ? uri : pointer;
            }
            if (!used[i]) {
                continue;
            }
            const int view = J::index(img, "bufferView", pointer);
            if (view >= 0) {
                try {
                    p.bytes = viewBytes(view, pointer);
                    p.size =
                        static_cast<std::size_t>(m_views[static_cast<std::size_t>(view)].length);
                } catch (const MissingData&) {
                    p.problem = "has no data (its buffer has no uri)";
                }
            } else if (!uri.empty()) {
                if (readUri(uri, pointer, p.owned, p.problem)) {
                    p.bytes = p.owned.data();
                    p.size = p.owned.size();
                }
            } else {
                p.problem = "has neither a uri nor a bufferView";
            }
        }
        m_out.images.resize(images.size());
        if (!m_limits.decodeImages) {
            for (std::size_t i = 0; i < pending.size(); ++i) {
                auto& p = pending[i];
                ImageData& out = m_out.images[i];
                if (used[i] && p.problem.empty()) {
                    const std::span<const std::uint8_t> bytes(p.bytes, p.size);
                    if (readImageSize(bytes, out.declaredWidth, out.declaredHeight)) {
                        out.name = p.label;
                        out.encoded = p.owned.empty()
                                          ? std::make_shared<const std::vector<std::uint8_t>>(
                                                bytes.begin(), bytes.end())
                                          : std::make_shared<const std::vector<std::uint8_t>>(
                                                std::move(p.owned));
                        continue;
                    }
                    p.problem = "cannot be decoded: its header is not a PNG, JPEG or WebP one";
                }
                out = placeholder(p.label);
            }
        } else {
            decodeAll(pending, used);
        }
        for (std::size_t i = 0; i < pending.size(); ++i) {
            if (used[i] && !pending[i].problem.empty()) {
                m_out.warnings.push_back("image " + std::to_string(i) + " (" + pending[i].label +
                                         ") " + pending[i].problem + "; a placeholder is shown");
            }
        }
    }

    template <typename Pending>
    void decodeAll(std::vector<Pending>& pending, const std::vector<bool>& used) {
        const unsigned workers = std::max(1u, std::min(4u, std::thread::hardware_concurrency()));
        std::atomic<std::size_t> next{0};
        std::vector<std::future<void>> jobs;
        for (unsigned w = 0; w < workers; ++w) {
            jobs.push_back(std::async(std::launch::async, [&] {
                for (std::size_t i = next++; i < pending.size(); i = next++) {
                    auto& p = pending[i];
                    if (used[i] && p.problem.empty()) {
                        DecodeResult decoded = decodeImage({p.bytes, p.size}, m_limits.image);
                        if (decoded.ok()) {
                            m_out.images[i].name = p.label;
                            m_out.images[i].image = std::move(decoded.image);
                            continue;
                        }
                        p.problem = "cannot be decoded: " + decoded.error;
                    }
                    m_out.images[i] = placeholder(p.label);
                }
            }));
        }
        for (auto& job : jobs) {
            job.get();
        }
    }

    TextureSlot slot(const json& material, const json* info, const std::string& pointer) const {
        TextureSlot s;
        if (!info) {
            return s;
        }
        if (!info->is_object()) {
            fail(pointer + " must be an object");
        }
        s.texture = J::index(*info, "index", pointer);
        if (s.texture < 0 || static_cast<std::size_t>(s.texture) >= m_out.textures.size()) {
            fail(pointer + "/index names no texture");
        }
        s.texCoord = std::min(J::index(*info, "texCoord", pointer, 0), 1);
        if (const json* t = J::extension(*info, "KHR_texture_transform")) {
            const std::string tp = pointer + "/extensions/KHR_texture_transform";
            float offset[2] = {0.0f, 0.0f};
            float scale[2] = {1.0f, 1.0f};
            J::numbers<2>(*t, "offset", tp, offset);
            J::numbers<2>(*t, "scale", tp, scale);
            const auto rotation = static_cast<float>(J::number(*t, "rotation", tp, 0.0));
            s.texCoord = std::min(J::index(*t, "texCoord", tp, s.texCoord), 1);
            // KHR_texture_transform: T * R * S. UV space has v pointing down the image, so the
            // rotation matrix is [c s; -s c] (rows), checked against TextureTransformTest.
            const float c = std::cos(rotation);
            const float sn = std::sin(rotation);
            const glm::mat3 translate(1, 0, 0, 0, 1, 0, offset[0], offset[1], 1);
            const glm::mat3 rotate(c, -sn, 0, sn, c, 0, 0, 0, 1);
            const glm::mat3 scaling(scale[0], 0, 0, 0, scale[1], 0, 0, 0, 1);
            s.transform = translate * rotate * scaling;
        }
        (void)material;
        return s;
    }

    static const json* member(const json& object, const char* key) {
        const auto it = object.find(key);
        return it == object.end() ? nullptr : &*it;
    }

    void convertMaterials() {
        const json& materials = J::array(m_doc, "materials", "");
        for (std::size_t i = 0; i < materials.size(); ++i) {
            const std::string p = "/materials/" + std::to_string(i);
            const json& m = J::object(materials, i, "/materials");
            MaterialDesc d;
            d.name = J::string(m, "name", p);
            if (const json* pbr = member(m, "pbrMetallicRoughness")) {
                if (!pbr->is_object()) {
                    fail(p + "/pbrMetallicRoughness must be an object");
                }
                const std::string pp = p + "/pbrMetallicRoughness";
                float base[4] = {1, 1, 1, 1};
                J::numbers<4>(*pbr, "baseColorFactor", pp, base);
                d.baseColorFactor = {base[0], base[1], base[2], base[3]};
                d.metallicFactor = static_cast<float>(J::number(*pbr, "metallicFactor", pp, 1.0));
                d.roughnessFactor = static_cast<float>(J::number(*pbr, "roughnessFactor", pp, 1.0));
                d.baseColor = slot(m, member(*pbr, "baseColorTexture"), pp + "/baseColorTexture");
                d.metallicRoughness = slot(m, member(*pbr, "metallicRoughnessTexture"),
                                           pp + "/metallicRoughnessTexture");
            }
            float emissive[3] = {0, 0, 0};
            J::numbers<3>(m, "emissiveFactor", p, emissive);
            d.emissiveFactor = {emissive[0], emissive[1], emissive[2]};
            if (const json* normal = member(m, "normalTexture")) {
                d.normal = slot(m, normal, p + "/normalTexture");
                d.normalScale =
                    static_cast<float>(J::number(*normal, "scale", p + "/normalTexture", 1.0));
            }
            if (const json* occlusion = member(m, "occlusionTexture")) {
                d.occlusion = slot(m, occlusion, p + "/occlusionTexture");
                d.occlusionStrength = static_cast<float>(
                    J::number(*occlusion, "strength", p + "/occlusionTexture", 1.0));
            }
            d.emissive = slot(m, member(m, "emissiveTexture"), p + "/emissiveTexture");
            const std::string alphaMode = J::string(m, "alphaMode", p, "OPAQUE");
            d.alphaMode = alphaMode == "MASK"    ? AlphaMode::Mask
                          : alphaMode == "BLEND" ? AlphaMode::Blend
                                                 : AlphaMode::Opaque;
            d.alphaCutoff = static_cast<float>(J::number(m, "alphaCutoff", p, 0.5));
            const auto doubleSided = m.find("doubleSided");
            d.doubleSided =
                doubleSided != m.end() && doubleSided->is_boolean() && doubleSided->get<bool>();
            d.unlit = J::extension(m, "KHR_materials_unlit") != nullptr;
            if (const json* strength = J::extension(m, "KHR_materials_emissive_strength")) {
                d.emissiveStrength =
                    std::max(0.0f, static_cast<float>(J::number(
                                       *strength, "emissiveStrength",
                                       p + "/extensions/KHR_materials_emissive_strength", 1.0)));
            }
            m_out.materials.push_back(d);
        }
    }

    static std::vector<std::uint32_t> triangulate(int mode, std::vector<std::uint32_t> indices) {
        if (mode == kModeTriangles) {
            indices.resize(indices.size() - indices.size() % 3);
            return indices;
        }
        std::vector<std::uint32_t> out;
        if (indices.size() < 3) {
            return out;
        }
        if ((indices.size() - 2) > kMaxStripTriangles) {
            fail("a triangle strip or fan has more triangles than the limit");
        }
        out.reserve((indices.size() - 2) * 3);
        for (std::size_t i = 2; i < indices.size(); ++i) {
            if (mode == kModeTriangleStrip) {
                // Every other triangle of a strip is wound the other way round; undo that.
                if (i % 2 == 0) {
                    out.insert(out.end(), {indices[i - 2], indices[i - 1], indices[i]});
                } else {
                    out.insert(out.end(), {indices[i - 1], indices[i - 2], indices[i]});
                }
            } else {
                out.insert(out.end(), {indices[0], indices[i - 1], indices[i]});
            }
        }
        return out;
    }

    template <typename Vec>
    static std::vector<Vec> toVectors(const std::vector<float>& flat) {
        constexpr std::size_t kComponents = sizeof(Vec) / sizeof(float);
        std::vector<Vec> out(flat.size() / kComponents);
        if (!out.empty()) {
            std::memcpy(out.data(), flat.data(), out.size() * sizeof(Vec));
        }
        return out;
    }

    void convertMeshes() {
        const json& meshes = J::array(m_doc, "meshes", "");
        for (std::size_t mi = 0; mi < meshes.size(); ++mi) {
            const std::string mp = "/meshes/" + std::to_string(mi);
            const json& mesh = J::object(meshes, mi, "/meshes");
            MeshData data;
            data.name = J::string(mesh, "name", mp);
            const json& primitives = J::array(mesh, "primitives", mp);
            for (std::size_t pi = 0; pi < primitives.size(); ++pi) {
                const std::string pp = mp + "/primitives/" + std::to_string(pi);
                const json& prim = J::object(primitives, pi, mp + "/primitives");
                const int mode = J::index(prim, "mode", pp, kModeTriangles);
                if (mode > 6) {
                    fail(pp + "/mode " + std::to_string(mode) + " is invalid");
                }
                if (mode != kModeTriangles && mode != kModeTriangleStrip &&
                    mode != kModeTriangleFan) {
                    m_out.warnings.push_back(pp + " draws points or lines, which are not shown");
                    continue;
                }
                const auto attributes = prim.find("attributes");
                if (attributes == prim.end() || !attributes->is_object()) {
                    fail(pp + "/attributes must be an object");
                }
                if (!attributes->contains("POSITION")) {
                    m_out.warnings.push_back(pp + " has no POSITION and is not shown");
                    continue;
                }
                try {
                    convertPrimitive(prim, pp, *attributes, mode, data);
                } catch (const MissingData& missing) {
                    m_out.warnings.push_back(missing.message + "; the primitive is not shown");
                }
            }
            m_out.meshes.push_back(std::move(data));
        }
    }

    void convertPrimitive(const json& prim, const std::string& pp, const json& attributesObject,
                          int mode, MeshData& data) {
        const json* attributes = &attributesObject;
        const std::string ap = pp + "/attributes";
        const std::string dp = pp + "/extensions/KHR_draco_mesh_compression";
        const json* dracoExtension = J::extension(prim, "KHR_draco_mesh_compression");
        std::unique_ptr<compression::DracoMesh> draco;
        if (dracoExtension) {
            draco = decodeDraco(*dracoExtension, dp, mode);
        }
        // An attribute the Draco data names comes from it; any other from its accessor.
        const auto read = [&](const char* name, int comps) -> std::vector<float> {
            if (draco && dracoExtension->at("attributes").contains(name)) {
                const int id = J::index(dracoExtension->at("attributes"), name, dp + "/attributes");
                std::vector<float> values;
                std::string why;
                if (id < 0 ||
                    !draco->attribute(static_cast<std::uint32_t>(id), comps, values, why)) {
                    fail(dp + "/attributes/" + name + " " + why);
                }
                return values;
            }
            const int accessor = J::index(*attributes, name, ap);
            if (accessor < 0) {
                return {};
            }
            return readAccessor(accessor, comps, m_limits.maxVerticesPerPrimitive, ap + "/" + name);
        };
        PrimitiveData p;
        p.positions = toVectors<glm::vec3>(read("POSITION", 3));
        const std::size_t n = p.positions.size();
        const auto attribute = [&](const char* name, int comps) -> std::vector<float> {
            auto values = read(name, comps);
            if (values.empty()) {
                return {};
            }
            if (values.size() != n * static_cast<std::size_t>(comps)) {
                fail(ap + "/" + name + " has a different count from POSITION");
            }
            return values;
        };
        p.normals = toVectors<glm::vec3>(attribute("NORMAL", 3));
        p.tangents = toVectors<glm::vec4>(attribute("TANGENT", 4));
        p.texCoords0 = toVectors<glm::vec2>(attribute("TEXCOORD_0", 2));
        p.texCoords1 = toVectors<glm::vec2>(attribute("TEXCOORD_1", 2));
        p.colors = toVectors<glm::vec4>(attribute("COLOR_0", 4));
        for (auto& normal : p.normals) {
            const float length = glm::length(normal);
            normal = length > 1e-8f && std::isfinite(length) ? normal / length : glm::vec3(0, 1, 0);
        }
        std::vector<std::uint32_t> indices;
        const int indexAccessor = J::index(prim, "indices", pp);
        if (draco) {
            if (draco->vertexCount() != n) {
                fail(dp + " decodes " + std::to_string(draco->vertexCount()) +
                     " vertices, but POSITION has " + std::to_string(n));
            }
            indices = draco->indices();
        } else if (indexAccessor >= 0) {
            indices = readIndices(indexAccessor, n, pp + "/indices");
        } else {
            indices.resize(n);
            for (std::size_t i = 0; i < n; ++i) {
                indices[i] = static_cast<std::uint32_t>(i);
            }
        }
        p.indices = triangulate(mode, std::move(indices));
        if (p.indices.size() > m_limits.maxIndicesPerPrimitive) {
            fail(pp + " has more triangles than the limit");
        }
        if (const json* lod = J::extension(prim, "DOCENT_mesh_lod")) {
            p.lods = readLods(*lod, pp + "/extensions/DOCENT_mesh_lod", mode, n, p.indices.size());
        }
        p.material = J::index(prim, "material", pp);
        if (p.material >= 0 && static_cast<std::size_t>(p.material) >= m_out.materials.size()) {
            fail(pp + "/material names material " + std::to_string(p.material) +
                 ", which does not exist");
        }
        for (const auto& v : p.positions) {
            if (std::isfinite(v.x) && std::isfinite(v.y) && std::isfinite(v.z)) {
                p.bounds.extend(v);
            }
        }
        if (!p.indices.empty()) {
            data.primitives.push_back(std::move(p));
        }
    }

    // DOCENT_mesh_lod (docs/SCENE_FORMAT.md): {"levels": [{"indices": accessor, "error": e}]},
    // coarser and coarser triangle lists over the primitive's vertices. Each index is checked
    // like the primitive's own; a level must have fewer triangles and no smaller error than the
    // one before, so that choosing by error is meaningful.
    std::vector<LodLevel> readLods(const json& ext, const std::string& lp, int mode,
                                   std::size_t vertexCount, std::size_t fullIndexCount) const {
        if (mode != kModeTriangles) {
            fail(lp + " is on a primitive that is not a triangle list");
        }
        const json& levels = J::array(ext, "levels", lp);
        if (levels.size() > kMaxLodLevels) {
            fail(lp + "/levels has " + std::to_string(levels.size()) + " levels, more than " +
                 std::to_string(kMaxLodLevels));
        }
        std::vector<LodLevel> out;
        std::size_t previousCount = fullIndexCount;
        float previousError = 0.0f;
        for (std::size_t i = 0; i < levels.size(); ++i) {
            const std::string ip = lp + "/levels/" + std::to_string(i);
            const json& level = J::object(levels, i, lp + "/levels");
            LodLevel l;
            const int accessor = J::index(level, "indices", ip);
            if (accessor < 0) {
                fail(ip + " needs indices");
            }
            l.indices = readIndices(accessor, vertexCount, ip + "/indices");
            l.error = static_cast<float>(J::number(level, "error", ip, -1.0));
            if (!std::isfinite(l.error) || l.error < previousError) {
                fail(ip + "/error must be a number no smaller than the level before's");
            }
            if (l.indices.empty() || l.indices.size() % 3 != 0 ||
                l.indices.size() >= previousCount) {
                fail(ip + "/indices must be whole triangles, fewer than the level before's");
            }
            previousCount = l.indices.size();
            previousError = l.error;
            out.push_back(std::move(l));
        }
        return out;
    }

    // KHR_draco_mesh_compression: decodes the primitive's vertices and triangles from the
    // extension's bufferView (its accessors describe the result and carry no data).
    std::unique_ptr<compression::DracoMesh> decodeDraco(const json& ext, const std::string& dp,
                                                        int mode) const {
        if (mode != kModeTriangles) {
            fail(dp + " is on a primitive whose mode is not TRIANGLES");
        }
        const auto attributes = ext.find("attributes");
        if (attributes == ext.end() || !attributes->is_object()) {
            fail(dp + "/attributes must be an object");
        }
        const int view = J::index(ext, "bufferView", dp);
        const unsigned char* bytes = viewBytes(view, dp + "/bufferView");
        std::string why;
        auto mesh = compression::DracoMesh::decode(
            bytes, static_cast<std::size_t>(m_views[static_cast<std::size_t>(view)].length),
            m_limits.maxVerticesPerPrimitive, m_limits.maxIndicesPerPrimitive, why);
        if (!mesh) {
            fail(dp + ": " + why);
        }
        return mesh;
    }

    static glm::mat4 localTransform(const json& node, const std::string& pointer) {
        float matrix[16];
        if (J::numbers<16>(node, "matrix", pointer, matrix)) {
            glm::mat4 m;
            std::memcpy(&m[0][0], matrix, sizeof matrix); // column-major in both
            return m;
        }
        glm::mat4 m(1.0f);
        float t[3];
        if (J::numbers<3>(node, "translation", pointer, t)) {
            m = glm::translate(m, glm::vec3(t[0], t[1], t[2]));
        }
        float r[4];
        if (J::numbers<4>(node, "rotation", pointer, r)) {
            const glm::quat q(r[3], r[0], r[1], r[2]); // glTF stores x, y, z, w
            const float length = glm::length(q);
            if (length > 1e-8f) {
                m *= glm::mat4_cast(q / length);
            }
        }
        float s[3];
        if (J::numbers<3>(node, "scale", pointer, s)) {
            m = glm::scale(m, glm::vec3(s[0], s[1], s[2]));
        }
        return m;
    }

    void convertNodes() {
        const json& nodes = J::array(m_doc, "nodes", "");
        if (nodes.size() > m_limits.maxNodes) {
            fail("the file has " + std::to_string(nodes.size()) +
                 " nodes, more than the limit of " + std::to_string(m_limits.maxNodes));
        }
        m_out.nodes.resize(nodes.size());
        for (std::size_t i = 0; i < nodes.size(); ++i) {
            const std::string p = "/nodes/" + std::to_string(i);
            const json& node = J::object(nodes, i, "/nodes");
            auto& out = m_out.nodes[i];
            out.name = J::string(node, "name", p);
            out.local = localTransform(node, p);
            out.mesh = J::index(node, "mesh", p);
            if (out.mesh >= 0 && static_cast<std::size_t>(out.mesh) >= m_out.meshes.size()) {
                fail(p + "/mesh names mesh " + std::to_string(out.mesh) + ", which does not exist");
            }
            const json& children = J::array(node, "children", p);
            for (std::size_t c = 0; c < children.size(); ++c) {
                const auto childIndex = J::integral(children[c]);
                if (!childIndex || *childIndex >= nodes.size()) {
                    fail(p + "/children/" + std::to_string(c) + " names no node");
                }
                const auto child = static_cast<int>(*childIndex);
                auto& target = m_out.nodes[static_cast<std::size_t>(child)];
                if (target.parent >= 0 || static_cast<std::size_t>(child) == i) {
                    fail("/nodes/" + std::to_string(child) +
                         " has more than one parent or is its own child (the hierarchy must be a "
                         "tree)");
                }
                target.parent = static_cast<int>(i);
                out.children.push_back(child);
            }
        }
        // In a loop every node has a parent, so walking up never reaches a root.
        for (std::size_t i = 0; i < m_out.nodes.size(); ++i) {
            int at = static_cast<int>(i);
            std::size_t steps = 0;
            while (at >= 0 && steps <= m_out.nodes.size()) {
                at = m_out.nodes[static_cast<std::size_t>(at)].parent;
                ++steps;
            }
            if (at >= 0) {
                fail("/nodes/" + std::to_string(i) + " is part of a loop in the node hierarchy");
            }
        }
    }

    void placeInstances() {
        std::vector<int> roots;
        const json& scenes = J::array(m_doc, "scenes", "");
        if (!scenes.empty()) {
            const int scene = J::index(m_doc, "scene", "", 0);
            if (static_cast<std::size_t>(scene) >= scenes.size()) {
                fail("/scene names scene " + std::to_string(scene) + ", which does not exist");
            }
            const std::string sp = "/scenes/" + std::to_string(scene);
            const json& s = J::object(scenes, static_cast<std::size_t>(scene), "/scenes");
            const json& nodes = J::array(s, "nodes", sp);
            for (std::size_t i = 0; i < nodes.size(); ++i) {
                const auto root = J::integral(nodes[i]);
                if (!root || *root >= m_out.nodes.size()) {
                    fail(sp + "/nodes/" + std::to_string(i) + " names no node");
                }
                roots.push_back(static_cast<int>(*root));
            }
        } else {
            // No scene: show every root node, as most viewers do.
            for (std::size_t i = 0; i < m_out.nodes.size(); ++i) {
                if (m_out.nodes[i].parent < 0) {
                    roots.push_back(static_cast<int>(i));
                }
            }
        }
        std::vector<bool> placed(m_out.nodes.size(), false);
        std::vector<std::pair<int, glm::mat4>> stack;
        for (auto it = roots.rbegin(); it != roots.rend(); ++it) {
            stack.emplace_back(*it, glm::mat4(1.0f));
        }
        while (!stack.empty()) {
            const auto [index, parentWorld] = stack.back();
            stack.pop_back();
            if (placed[static_cast<std::size_t>(index)]) {
                continue; // listed twice in the scene
            }
            placed[static_cast<std::size_t>(index)] = true;
            auto& node = m_out.nodes[static_cast<std::size_t>(index)];
            node.world = parentWorld * node.local;
            if (node.mesh >= 0) {
                MeshInstance inst;
                inst.node = index;
                inst.mesh = node.mesh;
                inst.world = node.world;
                for (const auto& p : m_out.meshes[static_cast<std::size_t>(node.mesh)].primitives) {
                    inst.worldBounds.extend(p.bounds.transformed(node.world));
                }
                m_out.bounds.extend(inst.worldBounds);
                m_out.instances.push_back(inst);
            }
            for (auto it = node.children.rbegin(); it != node.children.rend(); ++it) {
                stack.emplace_back(*it, node.world);
            }
        }
    }

    const json& m_doc;
    const GltfLimits& m_limits;
    const GltfResourceReader& m_resources;
    const std::vector<unsigned char>* m_glbBin;
    SceneAsset& m_out;
    std::vector<std::vector<unsigned char>> m_buffers;
    std::vector<BufferViewInfo> m_views;
    std::set<std::size_t> m_placeholderBuffers;
    std::map<std::size_t, std::uint64_t> m_placeholderLengths; // declared byteLength
    std::size_t m_resourceBytes = 0;
};

} // namespace

bool isSupportedGltfExtension(const std::string& name) {
    static const std::unordered_set<std::string> kSupported = {
        "KHR_materials_unlit",     "KHR_texture_transform", "KHR_materials_emissive_strength",
        "KHR_mesh_quantization",   "EXT_texture_webp",      "KHR_draco_mesh_compression",
        "EXT_meshopt_compression", "DOCENT_mesh_lod",
    };
    return kSupported.count(name) > 0;
}

std::size_t SceneAsset::triangleCount() const {
    std::size_t total = 0;
    for (const auto& inst : instances) {
        for (const auto& p : meshes[static_cast<std::size_t>(inst.mesh)].primitives) {
            total += p.indices.size() / 3;
        }
    }
    return total;
}

namespace {

// The resources of a file on disk: relative paths confined to its folder, regular files only.
GltfResourceReader folderReader(const fs::path& root, std::size_t maxBytes) {
    return [root, maxBytes](const std::string& relative, std::vector<unsigned char>& out,
                            std::string& why) {
        std::error_code ec;
        const fs::path resolved = fs::weakly_canonical(root / relative, ec);
        const std::string rel = ec ? std::string() : resolved.lexically_relative(root).string();
        if (rel.empty() || rel.rfind("..", 0) == 0) {
            why = "leaves the asset's folder";
            return ResourceRead::Refused;
        }
        // Open the path as named, not the resolved one: O_NOFOLLOW must see a link to refuse it.
        const fs::path named = root / relative;
        if (readRegularFile(named.string(), maxBytes, true, out, why)) {
            return ResourceRead::Ok;
        }
        // Something that exists but is not a regular file (a link, a FIFO, a directory, a
        // device) is a URI the policy refuses; a file that is missing or unreadable is not.
        struct stat st {};
        if (::lstat(named.c_str(), &st) == 0 && !S_ISREG(st.st_mode)) {
            return ResourceRead::Refused;
        }
        return ResourceRead::Unreadable;
    };
}

void loadBytes(const std::vector<unsigned char>& bytes, const GltfResourceReader& resources,
               const GltfLimits& limits, SceneAsset& asset) {
    if (bytes.empty()) {
        fail("the file is empty");
    }
    if (bytes.size() > limits.maxFileBytes) {
        fail("is larger than the " + std::to_string(limits.maxFileBytes >> 20) + " MiB limit");
    }
    const bool binary = bytes.size() >= 4 && readU32(bytes, 0) == kGlbMagic;
    const unsigned char* text = bytes.data();
    std::size_t textLength = bytes.size();
    std::vector<unsigned char> bin;
    if (binary) {
        const GlbChunks chunks = checkGlbContainer(bytes);
        text = bytes.data() + chunks.jsonOffset;
        textLength = chunks.jsonLength;
        if (chunks.hasBin) {
            bin.assign(bytes.begin() + static_cast<std::ptrdiff_t>(chunks.binOffset),
                       bytes.begin() +
                           static_cast<std::ptrdiff_t>(chunks.binOffset + chunks.binLength));
        }
    }
    if (jsonNestingDepth(text, textLength, limits.maxJsonDepth) > limits.maxJsonDepth) {
        fail("JSON is nested deeper than " + std::to_string(limits.maxJsonDepth) + " levels");
    }
    if (textLength >= 3 && text[0] == 0xEF && text[1] == 0xBB && text[2] == 0xBF) {
        fail("the JSON starts with a byte order mark, which glTF does not allow");
    }
    const json doc = json::parse(text, text + textLength, nullptr, false);
    if (doc.is_discarded()) {
        fail("the glTF JSON is malformed");
    }
    if (!doc.is_object()) {
        fail("the glTF JSON is not an object");
    }
    Converter(doc, limits, resources, binary ? &bin : nullptr, asset).run();
}

// Runs `load` and turns whatever it throws into a BadInput result naming `name`.
template <typename Load>
LoadResult guardedLoad(const std::string& name, Load&& load) {
    LoadResult result;
    try {
        load(result.asset);
        for (auto& w : result.asset.warnings) {
            w = name + ": " + w;
        }
    } catch (const BadInput& e) {
        result.status = LoadStatus::BadInput;
        result.error = name + ": " + e.message;
        result.asset = SceneAsset{};
    } catch (const std::bad_alloc&) {
        result.status = LoadStatus::BadInput;
        result.error = name + ": out of memory while loading";
        result.asset = SceneAsset{};
    } catch (const std::exception& e) {
        result.status = LoadStatus::BadInput;
        result.error = name + ": invalid glTF: " + e.what();
        result.asset = SceneAsset{};
    }
    result.asset.sourcePath = name;
    return result;
}

} // namespace

LoadResult loadGltf(const std::string& path, const GltfLimits& limits) {
    return guardedLoad(path, [&](SceneAsset& asset) {
        std::vector<unsigned char> bytes;
        std::string why;
        // The file the user named may be a link; the resources inside it may not.
        if (!readRegularFile(path, limits.maxFileBytes, false, bytes, why)) {
            fail("cannot be read (" + why + ")");
        }
        std::error_code ec;
        const fs::path root = fs::canonical(fs::absolute(path).parent_path(), ec);
        if (ec) {
            fail("cannot resolve its folder: " + ec.message());
        }
        loadBytes(bytes, folderReader(root, limits.maxFileBytes), limits, asset);
    });
}

LoadResult loadGltfFromMemory(const std::string& name, const std::vector<unsigned char>& bytes,
                              const GltfResourceReader& resources, const GltfLimits& limits) {
    return guardedLoad(name,
                       [&](SceneAsset& asset) { loadBytes(bytes, resources, limits, asset); });
}

} // namespace docent::engine
