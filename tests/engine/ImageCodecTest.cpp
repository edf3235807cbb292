// Decoding and encoding of PNG, JPEG and WebP, plus the image-baseline comparison used by the
// rendering tests. Every input is generated here: PNGs are assembled chunk by chunk (so that
// odd colour types and forged headers are easy), JPEGs and WebPs come from the real encoders.

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include <catch2/catch.hpp>
#include <jpeglib.h>
#include <webp/encode.h>
#include <zlib.h>

#include "engine/Image.h"
#include "support/ImageCompare.h"
#include "support/TestPaths.h"

using docent::engine::decodeImage;
using docent::engine::DecodeResult;
using docent::engine::encodePng;
using docent::engine::Image;
using docent::engine::ImageFormat;
using docent::engine::ImageLimits;
using docent::engine::readImageSize;
using docent::engine::sniffImageFormat;

namespace {

constexpr std::uint8_t kPngGray = 0;
constexpr std::uint8_t kPngRgb = 2;
constexpr std::uint8_t kPngPalette = 3;
constexpr std::uint8_t kPngGrayAlpha = 4;
constexpr std::uint8_t kPngRgba = 6;
// How far lossy codecs may move a colour inside a flat area at high quality.
constexpr int kLossyTolerance = 8;

// A pattern where neighbouring pixels and all four channels differ, so that any mix-up of
// rows, columns or channels shows.
Image makePattern(int width, int height) {
    Image image;
    image.width = width;
    image.height = height;
    image.pixels.resize(std::size_t(width) * std::size_t(height) * 4);
    std::size_t i = 0;
    for (int y = 0; y < height; ++y) {
        for (int x = 0; x < width; ++x) {
            image.pixels[i++] = std::uint8_t((x * 37 + y * 11) & 0xFF);
            image.pixels[i++] = std::uint8_t((x * 5 + y * 71) & 0xFF);
            image.pixels[i++] = std::uint8_t((x * y + 3) & 0xFF);
            image.pixels[i++] = std::uint8_t((x + y * 3 + 128) & 0xFF);
        }
    }
    return image;
}

std::array<int, 4> pixelAt(const Image& image, int x, int y) {
    const std::size_t i = (std::size_t(y) * std::size_t(image.width) + std::size_t(x)) * 4;
    return {image.pixels[i], image.pixels[i + 1], image.pixels[i + 2], image.pixels[i + 3]};
}

bool near(const std::array<int, 4>& actual, const std::array<int, 4>& expected, int tolerance) {
    for (std::size_t c = 0; c < 4; ++c) {
        if (std::abs(actual[c] - expected[c]) > tolerance) {
            return false;
        }
    }
    return true;
}

// ---- PNG assembly ----------------------------------------------------------------------------

void appendBigEndian32(std::vector<std::uint8_t>& out, std::uint32_t value) {
    out.push_back(std::uint8_t(value >> 24));
    out.push_back(std::uint8_t(value >> 16));
    out.push_back(std::uint8_t(value >> 8));
    out.push_back(std::uint8_t(value));
}

void appendChunk(std::vector<std::uint8_t>& png, const char* type,
                 const std::vector<std::uint8_t>& data) {
    appendBigEndian32(png, std::uint32_t(data.size()));
    const std::size_t typeStart = png.size();
    png.insert(png.end(), type, type + 4);
    png.insert(png.end(), data.begin(), data.end());
    const uLong crc = crc32(crc32(0L, Z_NULL, 0), png.data() + typeStart, uInt(4 + data.size()));
    appendBigEndian32(png, std::uint32_t(crc));
}

struct PngSpec {
    PngSpec(std::uint32_t w, std::uint32_t h, std::uint8_t depth, std::uint8_t type)
        : width(w), height(h), bitDepth(depth), colorType(type) {}

    std::uint32_t width;
    std::uint32_t height;
    std::uint8_t bitDepth;
    std::uint8_t colorType;
    bool interlaced = false;
    std::vector<std::uint8_t> palette;      // PLTE payload, RGB triples
    std::vector<std::uint8_t> transparency; // tRNS payload
};

// `scanlines` is the decompressed IDAT stream: each row starts with its filter byte.
std::vector<std::uint8_t> assemblePng(const PngSpec& spec,
                                      const std::vector<std::uint8_t>& scanlines) {
    std::vector<std::uint8_t> png = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
    std::vector<std::uint8_t> header;
    appendBigEndian32(header, spec.width);
    appendBigEndian32(header, spec.height);
    header.insert(header.end(),
                  {spec.bitDepth, spec.colorType, 0, 0, std::uint8_t(spec.interlaced ? 1 : 0)});
    appendChunk(png, "IHDR", header);
    if (!spec.palette.empty()) {
        appendChunk(png, "PLTE", spec.palette);
    }
    if (!spec.transparency.empty()) {
        appendChunk(png, "tRNS", spec.transparency);
    }
    uLongf compressedSize = compressBound(uLong(scanlines.size()));
    std::vector<std::uint8_t> compressed(compressedSize);
    REQUIRE(compress2(compressed.data(), &compressedSize, scanlines.data(), uLong(scanlines.size()),
                      Z_BEST_COMPRESSION) == Z_OK);
    compressed.resize(compressedSize);
    appendChunk(png, "IDAT", compressed);
    appendChunk(png, "IEND", {});
    return png;
}

// Prefixes every packed row with filter type 0 (None).
std::vector<std::uint8_t> unfiltered(const std::vector<std::uint8_t>& rows, std::size_t rowBytes) {
    std::vector<std::uint8_t> out;
    for (std::size_t start = 0; start < rows.size(); start += rowBytes) {
        out.push_back(0);
        out.insert(out.end(), rows.begin() + std::ptrdiff_t(start),
                   rows.begin() + std::ptrdiff_t(start + rowBytes));
    }
    return out;
}

// The seven Adam7 sub-images of an RGBA8 image, each row with filter type 0.
std::vector<std::uint8_t> adam7Scanlines(const Image& image) {
    struct Pass {
        int x0, y0, dx, dy;
    };
    constexpr Pass kPasses[] = {{0, 0, 8, 8}, {4, 0, 8, 8}, {0, 4, 4, 8}, {2, 0, 4, 4},
                                {0, 2, 2, 4}, {1, 0, 2, 2}, {0, 1, 1, 2}};
    std::vector<std::uint8_t> out;
    for (const Pass& pass : kPasses) {
        if (pass.x0 >= image.width) {
            continue; // an empty pass has no rows at all, not even filter bytes
        }
        for (int y = pass.y0; y < image.height; y += pass.dy) {
            out.push_back(0);
            for (int x = pass.x0; x < image.width; x += pass.dx) {
                const auto pixel = pixelAt(image, x, y);
                for (int channel : pixel) {
                    out.push_back(std::uint8_t(channel));
                }
            }
        }
    }
    return out;
}

// ---- JPEG and WebP encoding -------------------------------------------------------------------

std::vector<std::uint8_t> encodeJpeg(std::vector<std::uint8_t> samples, int width, int height,
                                     int components, J_COLOR_SPACE space, bool progressive) {
    jpeg_compress_struct encoder{};
    jpeg_error_mgr errors{};
    encoder.err = jpeg_std_error(&errors);
    jpeg_create_compress(&encoder);
    unsigned char* buffer = nullptr;
    unsigned long size = 0;
    jpeg_mem_dest(&encoder, &buffer, &size);
    encoder.image_width = JDIMENSION(width);
    encoder.image_height = JDIMENSION(height);
    encoder.input_components = components;
    encoder.in_color_space = space;
    jpeg_set_defaults(&encoder);
    jpeg_set_quality(&encoder, 95, TRUE);
    if (progressive) {
        jpeg_simple_progression(&encoder);
    }
    jpeg_start_compress(&encoder, TRUE);
    const std::size_t stride = std::size_t(width) * std::size_t(components);
    while (encoder.next_scanline < encoder.image_height) {
        JSAMPROW row = samples.data() + std::size_t{encoder.next_scanline} * stride;
        jpeg_write_scanlines(&encoder, &row, 1);
    }
    jpeg_finish_compress(&encoder);
    std::vector<std::uint8_t> jpeg(buffer, buffer + size);
    jpeg_destroy_compress(&encoder);
    std::free(buffer);
    return jpeg;
}

// Four flat 16x16 quadrants; flat areas survive JPEG nearly unchanged away from the edges.
constexpr std::array<std::array<int, 3>, 4> kQuadrantColours = {
    {{220, 30, 40}, {30, 200, 60}, {40, 50, 210}, {128, 128, 128}}};

std::vector<std::uint8_t> quadrantSamples(int components) {
    std::vector<std::uint8_t> samples;
    for (int y = 0; y < 32; ++y) {
        for (int x = 0; x < 32; ++x) {
            const auto& colour = kQuadrantColours[std::size_t((y / 16) * 2 + x / 16)];
            for (int c = 0; c < components; ++c) {
                samples.push_back(std::uint8_t(colour[std::size_t(c)]));
            }
        }
    }
    return samples;
}

void checkQuadrants(const Image& image) {
    REQUIRE(image.width == 32);
    REQUIRE(image.height == 32);
    for (int q = 0; q < 4; ++q) {
        const auto& colour = kQuadrantColours[std::size_t(q)];
        const auto pixel = pixelAt(image, (q % 2) * 16 + 8, (q / 2) * 16 + 8);
        INFO("quadrant " << q << ": " << pixel[0] << "," << pixel[1] << "," << pixel[2] << ","
                         << pixel[3]);
        CHECK(near(pixel, {colour[0], colour[1], colour[2], 255}, kLossyTolerance));
    }
}

std::vector<std::uint8_t> encodeWebp(const Image& image, bool lossless) {
    std::uint8_t* output = nullptr;
    const int stride = image.width * 4;
    const std::size_t size = lossless ? WebPEncodeLosslessRGBA(image.pixels.data(), image.width,
                                                               image.height, stride, &output)
                                      : WebPEncodeRGBA(image.pixels.data(), image.width,
                                                       image.height, stride, 95.0f, &output);
    REQUIRE(size > 0);
    std::vector<std::uint8_t> webp(output, output + size);
    WebPFree(output);
    return webp;
}

Image quadrantImage() {
    Image image;
    image.width = 32;
    image.height = 32;
    const auto rgb = quadrantSamples(3);
    for (std::size_t i = 0; i < rgb.size(); i += 3) {
        image.pixels.insert(image.pixels.end(), {rgb[i], rgb[i + 1], rgb[i + 2], 255});
    }
    return image;
}

// Offset of the height field in the JPEG's frame header (SOF0 or SOF2), found by walking the
// marker segments.
std::size_t jpegFrameSizeOffset(const std::vector<std::uint8_t>& jpeg) {
    std::size_t pos = 2;
    while (pos + 4 <= jpeg.size()) {
        REQUIRE(jpeg[pos] == 0xFF);
        const std::uint8_t marker = jpeg[pos + 1];
        if (marker == 0xC0 || marker == 0xC2) {
            return pos + 5; // marker (2), length (2), precision (1)
        }
        pos += 2 + ((std::size_t{jpeg[pos + 2]} << 8) | jpeg[pos + 3]);
    }
    FAIL("no frame header in the JPEG");
    return 0;
}

void checkCleanFailure(const DecodeResult& result) {
    INFO("error: " << result.error);
    CHECK_FALSE(result.ok());
    CHECK(result.image.empty());
    CHECK(result.image.pixels.empty());
    CHECK(result.error.find('\n') == std::string::npos);
}

// A result is well formed when it is either a clean failure or an image whose buffer matches.
bool wellFormed(const DecodeResult& result) {
    if (!result.ok()) {
        return result.image.pixels.empty() && result.error.find('\n') == std::string::npos;
    }
    return !result.image.empty() &&
           result.image.pixels.size() ==
               std::size_t(result.image.width) * std::size_t(result.image.height) * 4;
}

} // namespace

TEST_CASE("Formats are recognised by their signature bytes", "[image]") {
    const Image image = makePattern(4, 4);
    CHECK(sniffImageFormat(encodePng(image)) == ImageFormat::Png);
    CHECK(sniffImageFormat(encodeWebp(image, true)) == ImageFormat::Webp);
    CHECK(sniffImageFormat(encodeJpeg(quadrantSamples(3), 32, 32, 3, JCS_RGB, false)) ==
          ImageFormat::Jpeg);

    const std::vector<std::uint8_t> riffWave = {'R', 'I', 'F', 'F', 0, 0, 0, 0, 'W', 'A', 'V', 'E'};
    const std::vector<std::uint8_t> shortPng = {0x89, 'P', 'N', 'G'};
    const std::vector<std::uint8_t> text = {'<', 's', 'v', 'g', '>'};
    CHECK(sniffImageFormat(riffWave) == ImageFormat::Unknown);
    CHECK(sniffImageFormat(shortPng) == ImageFormat::Unknown);
    CHECK(sniffImageFormat(text) == ImageFormat::Unknown);
    CHECK(sniffImageFormat({}) == ImageFormat::Unknown);
    // What an old stb_image would decode whatever the glTF's mimeType says: GIF, PSD, Radiance
    // HDR, BMP and TGA. None is a glTF image format, none is decoded.
    const std::vector<std::vector<std::uint8_t>> others = {
        {'G', 'I', 'F', '8', '9', 'a', 4, 0, 4, 0, 0x80, 0, 0},
        {'8', 'B', 'P', 'S', 0, 1, 0, 0, 0, 0, 0, 0, 0, 4},
        {'#', '?', 'R', 'A', 'D', 'I', 'A', 'N', 'C', 'E', '\n'},
        {'B', 'M', 0x46, 0, 0, 0, 0, 0, 0, 0, 0x36, 0, 0, 0},
        {0, 0, 2, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4, 0, 4, 0, 32, 8}};
    for (const auto& bytes : others) {
        INFO("signature " << std::string(bytes.begin(), bytes.begin() + 4));
        CHECK(sniffImageFormat(bytes) == ImageFormat::Unknown);
        CHECK_FALSE(decodeImage(bytes).ok());
    }

    CHECK(std::string(docent::engine::imageFormatName(ImageFormat::Png)) == "PNG");
    CHECK(std::string(docent::engine::imageFormatName(ImageFormat::Jpeg)) == "JPEG");
    CHECK(std::string(docent::engine::imageFormatName(ImageFormat::Webp)) == "WebP");
    CHECK(std::string(docent::engine::imageFormatName(ImageFormat::Unknown)) == "unknown");
}

TEST_CASE("Unrecognised or empty input is refused with a one-line reason", "[image]") {
    const std::vector<std::uint8_t> text = {'h', 'e', 'l', 'l', 'o'};
    const DecodeResult unknown = decodeImage(text);
    checkCleanFailure(unknown);
    CHECK(unknown.error == "unrecognised image format (not PNG, JPEG or WebP)");
    checkCleanFailure(decodeImage({}));
}

TEST_CASE("encodePng then decodeImage round-trips RGBA pixels exactly", "[image][png]") {
    for (const auto& [width, height] : {std::pair{1, 1}, std::pair{7, 3}, std::pair{64, 48}}) {
        const Image image = makePattern(width, height);
        const std::vector<std::uint8_t> png = encodePng(image);
        REQUIRE_FALSE(png.empty());
        const DecodeResult decoded = decodeImage(png);
        INFO(width << "x" << height << ": " << decoded.error);
        REQUIRE(decoded.ok());
        CHECK(decoded.image.width == width);
        CHECK(decoded.image.height == height);
        CHECK(decoded.image.pixels == image.pixels);
    }
}

TEST_CASE("encodePng refuses empty and malformed images", "[image][png]") {
    CHECK(encodePng(Image{}).empty());
    Image malformed = makePattern(4, 4);
    malformed.pixels.pop_back();
    CHECK(encodePng(malformed).empty());
}

TEST_CASE("Grayscale PNGs expand to RGBA", "[image][png]") {
    SECTION("8-bit grey is opaque with equal channels") {
        const std::vector<std::uint8_t> rows = {0, 100, 255, 7};
        const auto png = assemblePng({2, 2, 8, kPngGray}, unfiltered(rows, 2));
        const DecodeResult decoded = decodeImage(png);
        REQUIRE(decoded.ok());
        CHECK(pixelAt(decoded.image, 1, 0) == std::array{100, 100, 100, 255});
        CHECK(pixelAt(decoded.image, 1, 1) == std::array{7, 7, 7, 255});
    }
    SECTION("1-bit grey scales to 0 and 255, with padding bits ignored") {
        // 3 pixels per row: 1,0,1 then 0,1,0, packed most significant bit first.
        const std::vector<std::uint8_t> rows = {0b1010'0000, 0b0100'0000};
        const auto png = assemblePng({3, 2, 1, kPngGray}, unfiltered(rows, 1));
        const DecodeResult decoded = decodeImage(png);
        REQUIRE(decoded.ok());
        CHECK(pixelAt(decoded.image, 0, 0) == std::array{255, 255, 255, 255});
        CHECK(pixelAt(decoded.image, 1, 0) == std::array{0, 0, 0, 255});
        CHECK(pixelAt(decoded.image, 1, 1) == std::array{255, 255, 255, 255});
        CHECK(pixelAt(decoded.image, 2, 1) == std::array{0, 0, 0, 255});
    }
    SECTION("16-bit grey keeps the high byte") {
        const std::vector<std::uint8_t> rows = {0x12, 0x12, 0xEE, 0xEE};
        const auto png = assemblePng({2, 1, 16, kPngGray}, unfiltered(rows, 4));
        const DecodeResult decoded = decodeImage(png);
        REQUIRE(decoded.ok());
        CHECK(pixelAt(decoded.image, 0, 0) == std::array{0x12, 0x12, 0x12, 255});
        CHECK(pixelAt(decoded.image, 1, 0) == std::array{0xEE, 0xEE, 0xEE, 255});
    }
    SECTION("grey with alpha keeps the alpha") {
        const std::vector<std::uint8_t> rows = {50, 0, 200, 128};
        const auto png = assemblePng({2, 1, 8, kPngGrayAlpha}, unfiltered(rows, 4));
        const DecodeResult decoded = decodeImage(png);
        REQUIRE(decoded.ok());
        CHECK(pixelAt(decoded.image, 0, 0) == std::array{50, 50, 50, 0});
        CHECK(pixelAt(decoded.image, 1, 0) == std::array{200, 200, 200, 128});
    }
    SECTION("a tRNS grey level becomes transparent") {
        PngSpec spec{2, 1, 8, kPngGray};
        spec.transparency = {0, 9}; // grey level 9, as a 16-bit value
        const std::vector<std::uint8_t> rows = {9, 10};
        const DecodeResult decoded = decodeImage(assemblePng(spec, unfiltered(rows, 2)));
        REQUIRE(decoded.ok());
        CHECK(pixelAt(decoded.image, 0, 0) == std::array{9, 9, 9, 0});
        CHECK(pixelAt(decoded.image, 1, 0) == std::array{10, 10, 10, 255});
    }
}

TEST_CASE("Palette PNGs expand to RGBA with tRNS alpha", "[image][png]") {
    PngSpec spec{4, 1, 8, kPngPalette};
    spec.palette = {255, 0, 0, 0, 255, 0, 0, 0, 255};
    spec.transparency = {0, 128}; // entry 2 has no tRNS value and stays opaque
    SECTION("8-bit indices") {
        const std::vector<std::uint8_t> rows = {0, 1, 2, 0};
        const DecodeResult decoded = decodeImage(assemblePng(spec, unfiltered(rows, 4)));
        REQUIRE(decoded.ok());
        CHECK(pixelAt(decoded.image, 0, 0) == std::array{255, 0, 0, 0});
        CHECK(pixelAt(decoded.image, 1, 0) == std::array{0, 255, 0, 128});
        CHECK(pixelAt(decoded.image, 2, 0) == std::array{0, 0, 255, 255});
        CHECK(pixelAt(decoded.image, 3, 0) == std::array{255, 0, 0, 0});
    }
    SECTION("2-bit indices") {
        spec.bitDepth = 2;
        const std::vector<std::uint8_t> rows = {0b10'01'00'10}; // 2, 1, 0, 2
        const DecodeResult decoded = decodeImage(assemblePng(spec, unfiltered(rows, 1)));
        REQUIRE(decoded.ok());
        CHECK(pixelAt(decoded.image, 0, 0) == std::array{0, 0, 255, 255});
        CHECK(pixelAt(decoded.image, 1, 0) == std::array{0, 255, 0, 128});
        CHECK(pixelAt(decoded.image, 2, 0) == std::array{255, 0, 0, 0});
    }
}

TEST_CASE("RGB PNGs get opaque alpha and 16-bit samples are reduced to 8 bits", "[image][png]") {
    SECTION("8-bit RGB") {
        const std::vector<std::uint8_t> rows = {1, 2, 3, 250, 251, 252};
        const DecodeResult decoded =
            decodeImage(assemblePng({2, 1, 8, kPngRgb}, unfiltered(rows, 6)));
        REQUIRE(decoded.ok());
        CHECK(pixelAt(decoded.image, 0, 0) == std::array{1, 2, 3, 255});
        CHECK(pixelAt(decoded.image, 1, 0) == std::array{250, 251, 252, 255});
    }
    SECTION("16-bit RGBA") {
        // Values of the form v * 257 map exactly to v under any correct 16-to-8 reduction.
        const std::vector<std::uint8_t> rows = {0x10, 0x10, 0x80, 0x80, 0xF0, 0xF0, 0x40, 0x40};
        const DecodeResult decoded =
            decodeImage(assemblePng({1, 1, 16, kPngRgba}, unfiltered(rows, 8)));
        REQUIRE(decoded.ok());
        CHECK(pixelAt(decoded.image, 0, 0) == std::array{0x10, 0x80, 0xF0, 0x40});
    }
}

TEST_CASE("Interlaced (Adam7) PNGs decode to the same pixels", "[image][png]") {
    // 13x11 leaves some passes with partial rows and columns.
    const Image image = makePattern(13, 11);
    PngSpec spec{13, 11, 8, kPngRgba};
    spec.interlaced = true;
    const DecodeResult decoded = decodeImage(assemblePng(spec, adam7Scanlines(image)));
    INFO(decoded.error);
    REQUIRE(decoded.ok());
    CHECK(decoded.image.pixels == image.pixels);
}

TEST_CASE("A PNG header claiming 100000x100000 is refused before allocation",
          "[image][png][limits]") {
    // Only a few bytes of pixel data: a decoder that allocated first would need 40 GB.
    const std::vector<std::uint8_t> rows(64, 0);
    const auto png = assemblePng({100000, 100000, 8, kPngRgba}, rows);
    const DecodeResult decoded = decodeImage(png);
    checkCleanFailure(decoded);
    CHECK(decoded.error == "PNG: 100000x100000 exceeds the 16384-pixel limit");

    SECTION("within the side limit but over the pixel limit") {
        const DecodeResult large = decodeImage(assemblePng({16000, 16000, 8, kPngRgba}, rows));
        checkCleanFailure(large);
        CHECK_THAT(large.error, Catch::Contains("16000x16000") && Catch::Contains("67108864"));
    }
    SECTION("custom limits apply, and sizes at the limit pass") {
        const auto small = encodePng(makePattern(8, 4));
        CHECK(decodeImage(small, {8, 32}).ok());
        checkCleanFailure(decodeImage(small, {7, 32}));
        checkCleanFailure(decodeImage(small, {8, 31}));
    }
}

TEST_CASE("JPEG decoding gives the encoded colours within lossy tolerance", "[image][jpeg]") {
    SECTION("baseline RGB") {
        const auto jpeg = encodeJpeg(quadrantSamples(3), 32, 32, 3, JCS_RGB, false);
        const DecodeResult decoded = decodeImage(jpeg);
        INFO(decoded.error);
        REQUIRE(decoded.ok());
        checkQuadrants(decoded.image);
    }
    SECTION("progressive RGB") {
        const auto jpeg = encodeJpeg(quadrantSamples(3), 32, 32, 3, JCS_RGB, true);
        const DecodeResult decoded = decodeImage(jpeg);
        INFO(decoded.error);
        REQUIRE(decoded.ok());
        checkQuadrants(decoded.image);
    }
    SECTION("grayscale becomes opaque grey RGBA") {
        std::vector<std::uint8_t> samples(16 * 16, 90);
        std::fill(samples.begin() + 8 * 16, samples.end(), std::uint8_t{200});
        const auto jpeg = encodeJpeg(samples, 16, 16, 1, JCS_GRAYSCALE, false);
        const DecodeResult decoded = decodeImage(jpeg);
        INFO(decoded.error);
        REQUIRE(decoded.ok());
        const auto top = pixelAt(decoded.image, 8, 2);
        const auto bottom = pixelAt(decoded.image, 8, 13);
        CHECK(near(top, {90, 90, 90, 255}, kLossyTolerance));
        CHECK(near(bottom, {200, 200, 200, 255}, kLossyTolerance));
        CHECK((top[0] == top[1] && top[1] == top[2]));
    }
    SECTION("Adobe CMYK (stored inverted) converts to RGB") {
        // Inverted CMYK: 255 means no ink. Red is full magenta and yellow, no cyan, no black.
        std::vector<std::uint8_t> samples;
        for (int i = 0; i < 16 * 16; ++i) {
            samples.insert(samples.end(), {255, 0, 0, 255});
        }
        const auto jpeg = encodeJpeg(samples, 16, 16, 4, JCS_CMYK, false);
        const DecodeResult decoded = decodeImage(jpeg);
        INFO(decoded.error);
        REQUIRE(decoded.ok());
        CHECK(near(pixelAt(decoded.image, 8, 8), {255, 0, 0, 255}, kLossyTolerance));
    }
}

TEST_CASE("A JPEG header over the size limit is refused before allocation",
          "[image][jpeg][limits]") {
    auto jpeg = encodeJpeg(quadrantSamples(3), 32, 32, 3, JCS_RGB, false);
    const std::size_t offset = jpegFrameSizeOffset(jpeg);
    // 30000 = 0x7530, for both height and width.
    jpeg[offset] = 0x75;
    jpeg[offset + 1] = 0x30;
    jpeg[offset + 2] = 0x75;
    jpeg[offset + 3] = 0x30;
    const DecodeResult decoded = decodeImage(jpeg);
    checkCleanFailure(decoded);
    CHECK(decoded.error == "JPEG: 30000x30000 exceeds the 16384-pixel limit");
}

TEST_CASE("WebP decoding: lossless is exact, lossy is close", "[image][webp]") {
    SECTION("lossless keeps every channel, alpha included") {
        const Image image = makePattern(19, 7);
        const DecodeResult decoded = decodeImage(encodeWebp(image, true));
        INFO(decoded.error);
        REQUIRE(decoded.ok());
        CHECK(decoded.image.width == 19);
        CHECK(decoded.image.height == 7);
        CHECK(decoded.image.pixels == image.pixels);
    }
    SECTION("lossy") {
        const DecodeResult decoded = decodeImage(encodeWebp(quadrantImage(), false));
        INFO(decoded.error);
        REQUIRE(decoded.ok());
        checkQuadrants(decoded.image);
    }
    SECTION("limits apply") {
        const auto webp = encodeWebp(makePattern(10, 10), true);
        const DecodeResult decoded = decodeImage(webp, {8, 1000});
        checkCleanFailure(decoded);
        CHECK(decoded.error == "WebP: 10x10 exceeds the 8-pixel limit");
    }
}

TEST_CASE("Truncated PNG, JPEG and WebP data are errors, not crashes", "[image][robustness]") {
    const Image pattern = makePattern(24, 20);
    const std::vector<std::pair<const char*, std::vector<std::uint8_t>>> files = {
        {"PNG", encodePng(pattern)},
        {"interlaced PNG",
         [&] {
             PngSpec spec{24, 20, 8, kPngRgba};
             spec.interlaced = true;
             return assemblePng(spec, adam7Scanlines(pattern));
         }()},
        {"JPEG", encodeJpeg(quadrantSamples(3), 32, 32, 3, JCS_RGB, false)},
        {"progressive JPEG", encodeJpeg(quadrantSamples(3), 32, 32, 3, JCS_RGB, true)},
        {"lossless WebP", encodeWebp(pattern, true)},
        {"lossy WebP", encodeWebp(quadrantImage(), false)},
    };
    for (const auto& [label, bytes] : files) {
        REQUIRE(decodeImage(bytes).ok());
        const std::size_t n = bytes.size();
        for (const std::size_t cut :
             {std::size_t{1}, std::size_t{3}, std::size_t{8}, std::size_t{12}, std::size_t{20},
              std::size_t{30}, n / 4, n / 2, n * 3 / 4, n - 12, n - 2, n - 1}) {
            if (cut == 0 || cut >= n) {
                continue; // n - 12 on a tiny file; also keeps the span inside the buffer
            }
            INFO(label << " cut to " << cut << " of " << n << " bytes");
            const DecodeResult decoded =
                decodeImage(std::span<const std::uint8_t>(bytes.data(), cut));
            checkCleanFailure(decoded);
        }
    }
    // The most common truncation, named as such.
    const auto png = encodePng(pattern);
    CHECK(decodeImage(std::span(png.data(), png.size() / 2)).error == "PNG: truncated data");
    const auto jpeg = encodeJpeg(quadrantSamples(3), 32, 32, 3, JCS_RGB, false);
    CHECK(decodeImage(std::span(jpeg.data(), jpeg.size() / 2)).error == "JPEG: truncated data");
}

TEST_CASE("Random garbage and bit flips never crash the decoders", "[image][robustness]") {
    std::mt19937 random(20240611);
    auto randomByte = [&] { return std::uint8_t(random() & 0xFF); };

    SECTION("pure garbage, with and without a valid signature") {
        const std::vector<std::vector<std::uint8_t>> prefixes = {
            {},
            {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'},
            {0xFF, 0xD8, 0xFF},
            {'R', 'I', 'F', 'F', 0x40, 0, 0, 0, 'W', 'E', 'B', 'P'},
        };
        int malformed = 0;
        for (const auto& prefix : prefixes) {
            for (int trial = 0; trial < 200; ++trial) {
                std::vector<std::uint8_t> bytes = prefix;
                const std::size_t extra = random() % 512;
                for (std::size_t i = 0; i < extra; ++i) {
                    bytes.push_back(randomByte());
                }
                malformed += wellFormed(decodeImage(bytes)) ? 0 : 1;
            }
        }
        CHECK(malformed == 0);
    }
    SECTION("valid files with random bytes changed") {
        const Image pattern = makePattern(16, 16);
        const std::vector<std::vector<std::uint8_t>> files = {
            encodePng(pattern),
            encodeJpeg(quadrantSamples(3), 32, 32, 3, JCS_RGB, false),
            encodeJpeg(quadrantSamples(3), 32, 32, 3, JCS_RGB, true),
            encodeWebp(pattern, true),
            encodeWebp(quadrantImage(), false),
        };
        int malformed = 0;
        for (const auto& original : files) {
            for (int trial = 0; trial < 300; ++trial) {
                std::vector<std::uint8_t> bytes = original;
                const int changes = 1 + int(random() % 4);
                for (int c = 0; c < changes; ++c) {
                    bytes[random() % bytes.size()] = randomByte();
                }
                malformed += wellFormed(decodeImage(bytes)) ? 0 : 1;
            }
        }
        CHECK(malformed == 0);
    }
    SECTION("PNGs with valid checksums around random headers and pixel data") {
        // Random bytes in a PNG mostly trip a CRC check; assembling fresh chunks gets random
        // content past it, into header validation, filters and the RGBA conversions.
        constexpr std::uint8_t kDepths[] = {1, 2, 4, 8, 16, 3};
        constexpr std::uint8_t kColorTypes[] = {kPngGray,      kPngRgb,  kPngPalette,
                                                kPngGrayAlpha, kPngRgba, 5};
        int malformed = 0;
        int decoded = 0;
        for (int trial = 0; trial < 400; ++trial) {
            PngSpec spec(std::uint32_t(1 + random() % 40), std::uint32_t(1 + random() % 40),
                         kDepths[random() % std::size(kDepths)],
                         kColorTypes[random() % std::size(kColorTypes)]);
            spec.interlaced = random() % 2 == 0;
            for (std::size_t i = random() % 40; i > 0; --i) {
                spec.palette.push_back(randomByte());
            }
            for (std::size_t i = random() % 8; i > 0; --i) {
                spec.transparency.push_back(randomByte());
            }
            // Mostly the right amount of data (filter bytes kept small), sometimes not.
            const std::size_t rowBytes = (spec.width * spec.bitDepth * 4 + 7) / 8;
            std::vector<std::uint8_t> scanlines((rowBytes + 1) * spec.height);
            std::generate(scanlines.begin(), scanlines.end(), randomByte);
            for (std::size_t row = 0; row < spec.height && random() % 8 != 0; ++row) {
                scanlines[row * (rowBytes + 1)] = std::uint8_t(random() % 5);
            }
            scanlines.resize(scanlines.size() * (random() % 3) / 2);
            const DecodeResult result = decodeImage(assemblePng(spec, scanlines));
            malformed += wellFormed(result) ? 0 : 1;
            decoded += result.ok() ? 1 : 0;
        }
        CHECK(malformed == 0);
        // Some inputs must get all the way through, or this would test only the early exits.
        CHECK(decoded > 0);
    }
}

TEST_CASE("writePng and readImageFile round-trip through a file and name the path on errors",
          "[image]") {
    const std::filesystem::path folder = docent::test::outputDir("image-codec");
    const std::string path = (folder / "round-trip.png").string();
    const Image image = makePattern(9, 5);
    std::string error;
    REQUIRE(docent::engine::writePng(path, image, &error));
    CHECK(error.empty());
    const DecodeResult read = docent::engine::readImageFile(path);
    REQUIRE(read.ok());
    CHECK(read.image.pixels == image.pixels);

    const std::string missing = (folder / "no-such-file.png").string();
    const DecodeResult absent = docent::engine::readImageFile(missing);
    checkCleanFailure(absent);
    CHECK_THAT(absent.error, Catch::Contains(missing));

    const std::string unwritable = (folder / "no-such-folder" / "x.png").string();
    CHECK_FALSE(docent::engine::writePng(unwritable, image, &error));
    CHECK_THAT(error, Catch::Contains(unwritable));
    CHECK_FALSE(docent::engine::writePng(path, Image{}, &error));
    CHECK_THAT(error, Catch::Contains(path));

    const std::string garbage = (folder / "garbage.png").string();
    std::FILE* file = std::fopen(garbage.c_str(), "wb");
    REQUIRE(file != nullptr);
    std::fputs("not an image", file);
    std::fclose(file);
    const DecodeResult bad = docent::engine::readImageFile(garbage);
    checkCleanFailure(bad);
    CHECK_THAT(bad.error, Catch::Contains(garbage) && Catch::Contains("unrecognised"));
}

TEST_CASE("compareImages applies the channel and share tolerances", "[image][compare]") {
    using docent::test::compareImages;
    using docent::test::ImageTolerance;
    const Image expected = makePattern(20, 10); // 200 pixels

    SECTION("identical images pass with zero difference") {
        const auto result = compareImages(expected, expected, {});
        CHECK(result.passed);
        CHECK(result.differingShare == 0.0);
        CHECK(result.maxDifference == 0);
    }
    SECTION("a channel within the tolerance does not count") {
        Image actual = expected;
        actual.pixels[2] = std::uint8_t(actual.pixels[2] + 8);
        const auto result = compareImages(expected, actual, {8, 0.0});
        CHECK(result.passed);
        CHECK(result.maxDifference == 8);
        CHECK(result.differingShare == 0.0);
    }
    SECTION("one channel beyond the tolerance makes the pixel differ") {
        Image actual = expected;
        actual.pixels[7] = std::uint8_t(actual.pixels[7] ^ 0x80); // alpha counts too
        const auto strict = compareImages(expected, actual, {8, 0.0});
        CHECK_FALSE(strict.passed);
        CHECK(strict.maxDifference == 128);
        CHECK(strict.differingShare == Approx(1.0 / 200.0));
        CHECK_THAT(strict.message, Catch::Contains("1 of 200 pixels"));
        // One pixel in 200 is exactly the allowed share here.
        CHECK(compareImages(expected, actual, {8, 0.005}).passed);
    }
    SECTION("a size mismatch fails whatever the tolerance") {
        const Image other = makePattern(10, 20);
        const auto result = compareImages(expected, other, {255, 1.0});
        CHECK_FALSE(result.passed);
        CHECK_THAT(result.message, Catch::Contains("20x10") && Catch::Contains("10x20"));
    }
    SECTION("the diff marks differing pixels red over dimmed grey") {
        Image actual = expected;
        actual.pixels[0] = std::uint8_t(actual.pixels[0] ^ 0xFF);
        const Image diff = docent::test::makeDiffImage(expected, actual, {});
        REQUIRE(diff.width == expected.width);
        CHECK(pixelAt(diff, 0, 0) == std::array{255, 0, 0, 255});
        const auto grey = pixelAt(diff, 1, 0);
        CHECK((grey[0] == grey[1] && grey[1] == grey[2] && grey[0] < 128 && grey[3] == 255));
    }
}

TEST_CASE("compareWithBaseline writes a missing baseline, then compares against it",
          "[image][compare]") {
    const std::string name = "selftest-image-compare";
    const std::filesystem::path folder = docent::test::outputDir("baseline-selftest");
    const std::filesystem::path baseline = folder / (name + ".png");
    const std::filesystem::path output = docent::test::outputDir("baselines");
    std::filesystem::remove(baseline);

    const Image image = makePattern(16, 16);
    const auto first = docent::test::compareWithBaseline(name, image, {}, folder);
    CHECK_FALSE(first.passed);
    CHECK_THAT(first.message, Catch::Contains("missing") && Catch::Contains(baseline.string()));
    REQUIRE(std::filesystem::exists(baseline));

    const auto second = docent::test::compareWithBaseline(name, image, {}, folder);
    CHECK(second.passed);
    CHECK_FALSE(std::filesystem::exists(output / (name + ".actual.png")));

    Image changed = image;
    for (std::size_t i = 0; i < 16 * 4; ++i) {
        changed.pixels[i] = std::uint8_t(changed.pixels[i] ^ 0x80); // the whole first row
    }
    const auto third = docent::test::compareWithBaseline(name, changed, {}, folder);
    CHECK_FALSE(third.passed);
    CHECK(third.differingShare == Approx(16.0 / 256.0));
    CHECK_THAT(third.message, Catch::Contains(".actual.png") && Catch::Contains(".diff.png"));
    CHECK(std::filesystem::exists(output / (name + ".actual.png")));
    CHECK(std::filesystem::exists(output / (name + ".diff.png")));

    const auto fourth = docent::test::compareWithBaseline(name, makePattern(8, 8), {}, folder);
    CHECK_FALSE(fourth.passed);
    CHECK_THAT(fourth.message, Catch::Contains("size mismatch"));
}

TEST_CASE("readImageSize reads the size from PNG, JPEG and WebP headers without decoding",
          "[image]") {
    int width = 0;
    int height = 0;
    REQUIRE(readImageSize(encodePng(makePattern(24, 20)), width, height));
    CHECK(width == 24);
    CHECK(height == 20);
    REQUIRE(readImageSize(encodeJpeg(quadrantSamples(3), 32, 32, 3, JCS_RGB, true), width, height));
    CHECK(width == 32);
    CHECK(height == 32);
    REQUIRE(readImageSize(encodeWebp(makePattern(16, 12), false), width, height));
    CHECK(width == 16);
    CHECK(height == 12);
    // Only the header counts: a PNG cut after IHDR still says its size; garbage says nothing.
    std::vector<std::uint8_t> cut = encodePng(makePattern(24, 20));
    cut.resize(33);
    CHECK(readImageSize(cut, width, height));
    const std::vector<std::uint8_t> garbage(64, 0x42);
    CHECK_FALSE(readImageSize(garbage, width, height));
    CHECK_FALSE(readImageSize({}, width, height));
}
