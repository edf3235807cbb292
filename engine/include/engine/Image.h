#pragma once
// CPU images: decoding of the formats glTF allows (PNG, JPEG, WebP) through libpng,
// libjpeg-turbo and libwebp, and PNG encoding for screenshots and baselines.
// Every function is thread-safe (no shared state) and reports failure through its result,
// never by throwing or aborting: decoders see untrusted bytes.

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

namespace docent::engine {

// 8-bit RGBA pixels, rows from top to bottom, tightly packed (stride = width * 4).
struct Image {
    int width = 0;
    int height = 0;
    std::vector<std::uint8_t> pixels;

    bool empty() const { return width <= 0 || height <= 0; }
};

enum class ImageFormat { Unknown, Png, Jpeg, Webp };

// Recognises a format by its signature bytes (not by a file name or a declared mimeType).
ImageFormat sniffImageFormat(std::span<const std::uint8_t> bytes);
const char* imageFormatName(ImageFormat format);

// Caps applied before any pixel memory is allocated.
struct ImageLimits {
    int maxDimension = 16384;                     // pixels per side
    std::size_t maxPixels = std::size_t{1} << 26; // 64 Mpixel = 256 MiB of RGBA8
};

struct DecodeResult {
    Image image;       // empty on failure
    std::string error; // empty on success; one line naming the problem
    bool ok() const { return error.empty(); }
};

// Decodes PNG, JPEG or WebP (sniffed) into RGBA8. Anything else, a corrupt or truncated
// stream, or dimensions over the limits is an error.
DecodeResult decodeImage(std::span<const std::uint8_t> bytes, const ImageLimits& limits = {});

// The width and height a PNG, JPEG or WebP declares in its header, read without decoding
// the pixels (cheap: for planning GPU memory before decoding). False when the header cannot be
// read; the image may still fail to decode later.
bool readImageSize(std::span<const std::uint8_t> bytes, int& width, int& height);

// Encodes RGBA8 as PNG. Returns an empty vector if the image is empty.
std::vector<std::uint8_t> encodePng(const Image& image);

// Writes a PNG file; on failure returns false and sets *error (if given) to a line naming path.
bool writePng(const std::string& path, const Image& image, std::string* error = nullptr);

// Reads and decodes an image file (any supported format).
DecodeResult readImageFile(const std::string& path, const ImageLimits& limits = {});

} // namespace docent::engine
