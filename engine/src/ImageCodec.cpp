#include "engine/Image.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <csetjmp>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <limits>
#include <string>
#include <system_error>
#include <vector>

#include <jerror.h>
#include <jpeglib.h>
#include <png.h>
#include <webp/decode.h>

// The libpng and libjpeg parts report errors by longjmp. A longjmp that skips a destructor is
// undefined behaviour, so every function that calls setjmp holds only trivially destructible
// locals, and everything with a destructor (pixel buffers, library handles) lives in a state
// struct owned by the caller's frame, which the jump never leaves. State changed between setjmp
// and longjmp is reached through a reference, never kept in a local, so it cannot be clobbered.

namespace docent::engine {

namespace {

constexpr std::size_t kRgbaChannels = 4;
constexpr std::array<std::uint8_t, 8> kPngSignature = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1A, '\n'};
constexpr std::array<std::uint8_t, 3> kJpegSignature = {0xFF, 0xD8, 0xFF};
// Library messages are short; longer ones are cut, which keeps the error to one line.
constexpr std::size_t kLibraryMessageBytes = 256;
// Memory libpng may spend on one ancillary chunk (text, ICC profile); larger ones are skipped.
constexpr png_alloc_size_t kPngMaxChunkBytes = 8 * 1024 * 1024;
// Each progressive scan re-walks the whole image, so a small file with thousands of scans costs
// minutes of CPU; real encoders write about ten.
constexpr int kJpegMaxScans = 500;
constexpr std::size_t kMaxImageFileBytes = std::size_t{512} * 1024 * 1024;
constexpr std::size_t kFileReadChunkBytes = std::size_t{1} << 20;

using LibraryMessage = std::array<char, kLibraryMessageBytes>;

void setMessage(LibraryMessage& message, const char* text) {
    std::snprintf(message.data(), message.size(), "%s", text != nullptr ? text : "unknown error");
}

std::string systemErrorText(int error) {
    return std::generic_category().message(error);
}

DecodeResult failure(std::string error) {
    DecodeResult result;
    result.error = std::move(error);
    return result;
}

// Returns an empty string when an image of this size may be allocated, else the error.
std::string checkDimensions(const char* codec, std::uint64_t width, std::uint64_t height,
                            const ImageLimits& limits) {
    const std::string size = std::to_string(width) + "x" + std::to_string(height);
    if (width == 0 || height == 0) {
        return std::string(codec) + ": image has zero size (" + size + ")";
    }
    const std::uint64_t maxSide = limits.maxDimension > 0 ? std::uint64_t(limits.maxDimension) : 0;
    if (width > maxSide || height > maxSide) {
        return std::string(codec) + ": " + size + " exceeds the " +
               std::to_string(limits.maxDimension) + "-pixel limit";
    }
    // Both sides are below 2^31 here, so the product cannot overflow.
    const std::uint64_t pixels = width * height;
    if (pixels > limits.maxPixels || pixels > std::numeric_limits<std::size_t>::max() / 8) {
        return std::string(codec) + ": " + size + " is " + std::to_string(pixels) +
               " pixels, over the " + std::to_string(limits.maxPixels) + "-pixel limit";
    }
    return {};
}

// Allocation failures must not unwind through the C libraries, so they become a result here.
template <typename T>
bool tryResize(std::vector<T>& vector, std::size_t size) noexcept {
    try {
        vector.resize(size);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

bool tryAppend(std::vector<std::uint8_t>& vector, const std::uint8_t* data,
               std::size_t size) noexcept {
    try {
        vector.insert(vector.end(), data, data + size);
        return true;
    } catch (const std::exception&) {
        return false;
    }
}

bool startsWith(std::span<const std::uint8_t> bytes, std::span<const std::uint8_t> prefix) {
    return bytes.size() >= prefix.size() && std::equal(prefix.begin(), prefix.end(), bytes.begin());
}

std::uint32_t readBigEndian32(const std::uint8_t* bytes) {
    return (std::uint32_t{bytes[0]} << 24) | (std::uint32_t{bytes[1]} << 16) |
           (std::uint32_t{bytes[2]} << 8) | std::uint32_t{bytes[3]};
}

// ---------------------------------------------------------------------------------------------
// PNG

[[noreturn]] void pngOnError(png_structp png, png_const_charp text) {
    setMessage(*static_cast<LibraryMessage*>(png_get_error_ptr(png)), text);
    png_longjmp(png, 1);
}

// libpng's default prints warnings to stderr; a gallery full of odd files would flood it.
void pngOnWarning(png_structp, png_const_charp) {}

struct PngDecodeState {
    std::span<const std::uint8_t> input;
    std::size_t offset = 0;
    LibraryMessage message{};
    png_structp png = nullptr;
    png_infop info = nullptr;
    Image image;
    std::vector<png_bytep> rows;

    PngDecodeState() = default;
    PngDecodeState(const PngDecodeState&) = delete;
    PngDecodeState& operator=(const PngDecodeState&) = delete;
    ~PngDecodeState() { png_destroy_read_struct(&png, &info, nullptr); }
};

void pngReadFromMemory(png_structp png, png_bytep out, std::size_t length) {
    auto& state = *static_cast<PngDecodeState*>(png_get_io_ptr(png));
    if (length > state.input.size() - state.offset) {
        png_error(png, "truncated data");
    }
    std::memcpy(out, state.input.data() + state.offset, length);
    state.offset += length;
}

bool pngReadHeader(PngDecodeState& state) {
    if (setjmp(png_jmpbuf(state.png)) != 0) {
        return false;
    }
    png_read_info(state.png, state.info);
    return true;
}

// Converts every PNG flavour (palette, grey, 1-16 bits, tRNS, Adam7) to RGBA8 rows. Gamma and
// colour chunks are deliberately ignored: glTF textures are used as stored.
bool pngReadPixels(PngDecodeState& state) {
    if (setjmp(png_jmpbuf(state.png)) != 0) {
        return false;
    }
    png_structp png = state.png;
    png_infop info = state.info;
    const int colorType = png_get_color_type(png, info);
    const int bitDepth = png_get_bit_depth(png, info);
    const bool hasTransparency = png_get_valid(png, info, PNG_INFO_tRNS) != 0;
    if (colorType == PNG_COLOR_TYPE_PALETTE) {
        png_set_palette_to_rgb(png);
    }
    if (colorType == PNG_COLOR_TYPE_GRAY && bitDepth < 8) {
        png_set_expand_gray_1_2_4_to_8(png);
    }
    if (hasTransparency) {
        png_set_tRNS_to_alpha(png);
    }
    if (bitDepth == 16) {
        png_set_scale_16(png);
    }
    if ((colorType & PNG_COLOR_MASK_COLOR) == 0) {
        png_set_gray_to_rgb(png);
    }
    if ((colorType & PNG_COLOR_MASK_ALPHA) == 0 && !hasTransparency) {
        png_set_filler(png, 0xFF, PNG_FILLER_AFTER);
    }
    png_set_interlace_handling(png);
    png_read_update_info(png, info);
    // The rows were sized for RGBA8; any other layout would write past them.
    if (png_get_rowbytes(png, info) != std::size_t(state.image.width) * kRgbaChannels ||
        png_get_bit_depth(png, info) != 8 || png_get_channels(png, info) != kRgbaChannels) {
        png_error(png, "unexpected pixel layout after conversion to RGBA8");
    }
    png_read_image(png, state.rows.data());
    png_read_end(png, nullptr);
    return true;
}

// The width and height of a PNG's IHDR chunk, which must be its first; false without one.
bool pngHeaderSize(std::span<const std::uint8_t> bytes, std::uint64_t& width,
                   std::uint64_t& height) {
    constexpr std::size_t kIhdrEnd = 24;
    if (bytes.size() < kIhdrEnd || std::memcmp(bytes.data() + 12, "IHDR", 4) != 0) {
        return false;
    }
    width = readBigEndian32(bytes.data() + 16);
    height = readBigEndian32(bytes.data() + 20);
    return true;
}

DecodeResult decodePng(std::span<const std::uint8_t> bytes, const ImageLimits& limits) {
    // Checking IHDR's size here gives a clear message and keeps libpng from seeing a header it
    // would have to refuse with a vaguer one.
    std::uint64_t headerWidth = 0;
    std::uint64_t headerHeight = 0;
    if (pngHeaderSize(bytes, headerWidth, headerHeight)) {
        const std::string error = checkDimensions("PNG", headerWidth, headerHeight, limits);
        if (!error.empty()) {
            return failure(error);
        }
    }

    PngDecodeState state;
    state.input = bytes;
    state.png =
        png_create_read_struct(PNG_LIBPNG_VER_STRING, &state.message, pngOnError, pngOnWarning);
    if (state.png == nullptr) {
        return failure("PNG: cannot create the decoder");
    }
    state.info = png_create_info_struct(state.png);
    if (state.info == nullptr) {
        return failure("PNG: cannot create the decoder");
    }
    png_set_read_fn(state.png, &state, pngReadFromMemory);
    // A second line of defence behind the IHDR check above, enforced by libpng itself.
    const auto maxSide = png_uint_32(std::clamp(limits.maxDimension, 0, 0x7FFFFFFF));
    png_set_user_limits(state.png, maxSide, maxSide);
    png_set_chunk_malloc_max(state.png, kPngMaxChunkBytes);

    if (!pngReadHeader(state)) {
        return failure(std::string("PNG: ") + state.message.data());
    }
    const png_uint_32 width = png_get_image_width(state.png, state.info);
    const png_uint_32 height = png_get_image_height(state.png, state.info);
    if (std::string error = checkDimensions("PNG", width, height, limits); !error.empty()) {
        return failure(std::move(error));
    }
    const std::size_t stride = std::size_t{width} * kRgbaChannels;
    if (!tryResize(state.image.pixels, stride * height) || !tryResize(state.rows, height)) {
        return failure("PNG: out of memory for " + std::to_string(width) + "x" +
                       std::to_string(height) + " pixels");
    }
    state.image.width = int(width);
    state.image.height = int(height);
    for (std::size_t y = 0; y < height; ++y) {
        state.rows[y] = state.image.pixels.data() + y * stride;
    }
    if (!pngReadPixels(state)) {
        return failure(std::string("PNG: ") + state.message.data());
    }
    DecodeResult result;
    result.image = std::move(state.image);
    return result;
}

struct PngEncodeState {
    std::vector<std::uint8_t> output;
    LibraryMessage message{};
    png_structp png = nullptr;
    png_infop info = nullptr;

    PngEncodeState() = default;
    PngEncodeState(const PngEncodeState&) = delete;
    PngEncodeState& operator=(const PngEncodeState&) = delete;
    ~PngEncodeState() { png_destroy_write_struct(&png, &info); }
};

void pngWriteToMemory(png_structp png, png_bytep data, std::size_t length) {
    auto& state = *static_cast<PngEncodeState*>(png_get_io_ptr(png));
    if (!tryAppend(state.output, data, length)) {
        png_error(png, "out of memory");
    }
}

void pngFlushNothing(png_structp) {}

bool pngWriteImage(PngEncodeState& state, const Image& image) {
    if (setjmp(png_jmpbuf(state.png)) != 0) {
        return false;
    }
    png_set_IHDR(state.png, state.info, png_uint_32(image.width), png_uint_32(image.height), 8,
                 PNG_COLOR_TYPE_RGB_ALPHA, PNG_INTERLACE_NONE, PNG_COMPRESSION_TYPE_DEFAULT,
                 PNG_FILTER_TYPE_DEFAULT);
    png_write_info(state.png, state.info);
    const std::size_t stride = std::size_t(image.width) * kRgbaChannels;
    for (std::size_t y = 0; y < std::size_t(image.height); ++y) {
        png_write_row(state.png, image.pixels.data() + y * stride);
    }
    png_write_end(state.png, nullptr);
    return true;
}

// ---------------------------------------------------------------------------------------------
// JPEG

struct JpegDecodeState {
    jpeg_decompress_struct decoder{};
    jpeg_error_mgr errorManager{};
    jpeg_progress_mgr progress{};
    std::jmp_buf jump{};
    LibraryMessage message{};
    bool created = false;
    Image image;

    JpegDecodeState() = default;
    JpegDecodeState(const JpegDecodeState&) = delete;
    JpegDecodeState& operator=(const JpegDecodeState&) = delete;
    ~JpegDecodeState() {
        if (created) {
            jpeg_destroy_decompress(&decoder);
        }
    }
};

[[noreturn]] void jpegFail(JpegDecodeState& state, const char* text) {
    setMessage(state.message, text);
    std::longjmp(state.jump, 1);
}

JpegDecodeState& jpegState(j_common_ptr common) {
    return *static_cast<JpegDecodeState*>(common->client_data);
}

// libjpeg's default error_exit calls exit(); one corrupt texture must not end the program.
[[noreturn]] void jpegOnError(j_common_ptr common) {
    std::array<char, JMSG_LENGTH_MAX> text{};
    (*common->err->format_message)(common, text.data());
    jpegFail(jpegState(common), text.data());
}

// libjpeg treats running out of data as a warning and pads the image with grey; for us a
// truncated file is an error. Other warnings (stray bytes before a marker, common from some
// cameras) are counted and tolerated, as every viewer does.
void jpegOnMessage(j_common_ptr common, int level) {
    if (level >= 0) {
        return;
    }
    if (common->err->msg_code == int(JWRN_JPEG_EOF)) {
        jpegFail(jpegState(common), "truncated data");
    }
    ++common->err->num_warnings;
}

void jpegOutputNothing(j_common_ptr) {}

void jpegOnProgress(j_common_ptr common) {
    JpegDecodeState& state = jpegState(common);
    if (state.decoder.input_scan_number > kJpegMaxScans) {
        jpegFail(state, "too many progressive scans");
    }
}

bool jpegReadHeader(JpegDecodeState& state, std::span<const std::uint8_t> bytes) {
    state.decoder.err = jpeg_std_error(&state.errorManager);
    state.errorManager.error_exit = jpegOnError;
    state.errorManager.emit_message = jpegOnMessage;
    state.errorManager.output_message = jpegOutputNothing;
    state.decoder.client_data = &state;
    if (setjmp(state.jump) != 0) {
        return false;
    }
    jpeg_create_decompress(&state.decoder);
    state.created = true;
    state.progress.progress_monitor = jpegOnProgress;
    state.decoder.progress = &state.progress;
    jpeg_mem_src(&state.decoder, bytes.data(), static_cast<unsigned long>(bytes.size()));
    jpeg_read_header(&state.decoder, TRUE);
    return true;
}

bool jpegReadPixels(JpegDecodeState& state) {
    if (setjmp(state.jump) != 0) {
        return false;
    }
    jpeg_decompress_struct& decoder = state.decoder;
    jpeg_start_decompress(&decoder);
    // The buffer was sized from the header; refuse anything that would not fit it.
    if (decoder.output_width != JDIMENSION(state.image.width) ||
        decoder.output_height != JDIMENSION(state.image.height) ||
        decoder.output_components != int(kRgbaChannels)) {
        jpegFail(state, "unexpected output layout");
    }
    const std::size_t stride = std::size_t(state.image.width) * kRgbaChannels;
    while (decoder.output_scanline < decoder.output_height) {
        JSAMPROW row = state.image.pixels.data() + std::size_t{decoder.output_scanline} * stride;
        // A memory source never suspends, so no progress means the stream is broken.
        if (jpeg_read_scanlines(&decoder, &row, 1) != 1) {
            jpegFail(state, "decoder made no progress");
        }
    }
    jpeg_finish_decompress(&decoder);
    return true;
}

std::uint8_t multiplyUnit(unsigned a, unsigned b) {
    return std::uint8_t((a * b + 127) / 255);
}

// Photoshop, the main source of CMYK JPEGs, stores the channels inverted and marks such files
// with an Adobe segment; without one the values are taken as plain ink amounts.
void convertCmykToRgba(Image& image, bool inverted) {
    for (std::size_t i = 0; i + kRgbaChannels <= image.pixels.size(); i += kRgbaChannels) {
        std::uint8_t* pixel = image.pixels.data() + i;
        unsigned c = pixel[0], m = pixel[1], y = pixel[2], k = pixel[3];
        if (!inverted) {
            c = 255 - c;
            m = 255 - m;
            y = 255 - y;
            k = 255 - k;
        }
        pixel[0] = multiplyUnit(c, k);
        pixel[1] = multiplyUnit(m, k);
        pixel[2] = multiplyUnit(y, k);
        pixel[3] = 255;
    }
}

DecodeResult decodeJpeg(std::span<const std::uint8_t> bytes, const ImageLimits& limits) {
    if (bytes.size() > std::numeric_limits<unsigned long>::max()) {
        return failure("JPEG: data too large");
    }
    JpegDecodeState state;
    if (!jpegReadHeader(state, bytes)) {
        return failure(std::string("JPEG: ") + state.message.data());
    }
    jpeg_decompress_struct& decoder = state.decoder;
    if (std::string error =
            checkDimensions("JPEG", decoder.image_width, decoder.image_height, limits);
        !error.empty()) {
        return failure(std::move(error));
    }
    bool cmyk = false;
    switch (decoder.jpeg_color_space) {
    case JCS_GRAYSCALE:
    case JCS_YCbCr:
    case JCS_RGB:
        decoder.out_color_space = JCS_EXT_RGBA;
        break;
    case JCS_CMYK:
    case JCS_YCCK:
        decoder.out_color_space = JCS_CMYK;
        cmyk = true;
        break;
    default:
        return failure("JPEG: unsupported colour space with " +
                       std::to_string(decoder.num_components) + " components");
    }
    const std::size_t width = decoder.image_width;
    const std::size_t height = decoder.image_height;
    if (!tryResize(state.image.pixels, width * height * kRgbaChannels)) {
        return failure("JPEG: out of memory for " + std::to_string(width) + "x" +
                       std::to_string(height) + " pixels");
    }
    state.image.width = int(width);
    state.image.height = int(height);
    if (!jpegReadPixels(state)) {
        return failure(std::string("JPEG: ") + state.message.data());
    }
    if (cmyk) {
        convertCmykToRgba(state.image, decoder.saw_Adobe_marker != 0);
    }
    DecodeResult result;
    result.image = std::move(state.image);
    return result;
}

// ---------------------------------------------------------------------------------------------
// WebP

const char* webpStatusText(VP8StatusCode status) {
    switch (status) {
    case VP8_STATUS_OK:
        return "no error";
    case VP8_STATUS_OUT_OF_MEMORY:
        return "out of memory";
    case VP8_STATUS_INVALID_PARAM:
        return "invalid parameter";
    case VP8_STATUS_BITSTREAM_ERROR:
        return "corrupt data";
    case VP8_STATUS_UNSUPPORTED_FEATURE:
        return "unsupported feature";
    case VP8_STATUS_SUSPENDED:
    case VP8_STATUS_USER_ABORT:
        return "decoding interrupted";
    case VP8_STATUS_NOT_ENOUGH_DATA:
        return "truncated data";
    }
    return "unknown error";
}

DecodeResult decodeWebp(std::span<const std::uint8_t> bytes, const ImageLimits& limits) {
    WebPDecoderConfig config;
    if (WebPInitDecoderConfig(&config) == 0) {
        return failure("WebP: library version mismatch");
    }
    // The features come from the headers alone, so the size is known before any allocation.
    const VP8StatusCode headerStatus = WebPGetFeatures(bytes.data(), bytes.size(), &config.input);
    if (headerStatus != VP8_STATUS_OK) {
        return failure(std::string("WebP: ") + webpStatusText(headerStatus));
    }
    if (config.input.has_animation != 0) {
        return failure("WebP: animated images are not supported");
    }
    const int width = config.input.width;
    const int height = config.input.height;
    if (width < 0 || height < 0) {
        return failure("WebP: invalid dimensions");
    }
    if (std::string error =
            checkDimensions("WebP", std::uint64_t(width), std::uint64_t(height), limits);
        !error.empty()) {
        return failure(std::move(error));
    }
    Image image;
    const std::size_t stride = std::size_t(width) * kRgbaChannels;
    if (!tryResize(image.pixels, stride * std::size_t(height))) {
        return failure("WebP: out of memory for " + std::to_string(width) + "x" +
                       std::to_string(height) + " pixels");
    }
    image.width = width;
    image.height = height;
    // Decode straight into our buffer (non-premultiplied RGBA); libwebp checks that it fits.
    config.output.colorspace = MODE_RGBA;
    config.output.is_external_memory = 1;
    config.output.u.RGBA.rgba = image.pixels.data();
    config.output.u.RGBA.stride = int(stride);
    config.output.u.RGBA.size = image.pixels.size();
    const VP8StatusCode status = WebPDecode(bytes.data(), bytes.size(), &config);
    WebPFreeDecBuffer(&config.output);
    if (status != VP8_STATUS_OK) {
        return failure(std::string("WebP: ") + webpStatusText(status));
    }
    DecodeResult result;
    result.image = std::move(image);
    return result;
}

void setError(std::string* error, std::string text) {
    if (error != nullptr) {
        *error = std::move(text);
    }
}

} // namespace

bool readImageSize(std::span<const std::uint8_t> bytes, int& width, int& height) {
    std::uint64_t w = 0;
    std::uint64_t h = 0;
    switch (sniffImageFormat(bytes)) {
    case ImageFormat::Png:
        if (!pngHeaderSize(bytes, w, h)) {
            return false;
        }
        break;
    case ImageFormat::Jpeg: {
        if (bytes.size() > std::numeric_limits<unsigned long>::max()) {
            return false;
        }
        JpegDecodeState state;
        if (!jpegReadHeader(state, bytes)) {
            return false;
        }
        w = state.decoder.image_width;
        h = state.decoder.image_height;
        break;
    }
    case ImageFormat::Webp: {
        int webpWidth = 0;
        int webpHeight = 0;
        if (WebPGetInfo(bytes.data(), bytes.size(), &webpWidth, &webpHeight) == 0) {
            return false;
        }
        w = static_cast<std::uint64_t>(webpWidth);
        h = static_cast<std::uint64_t>(webpHeight);
        break;
    }
    case ImageFormat::Unknown:
        return false;
    }
    constexpr std::uint64_t kMaxSide = std::uint64_t{1} << 30;
    if (w == 0 || h == 0 || w > kMaxSide || h > kMaxSide) {
        return false;
    }
    width = static_cast<int>(w);
    height = static_cast<int>(h);
    return true;
}

ImageFormat sniffImageFormat(std::span<const std::uint8_t> bytes) {
    if (startsWith(bytes, kPngSignature)) {
        return ImageFormat::Png;
    }
    if (startsWith(bytes, kJpegSignature)) {
        return ImageFormat::Jpeg;
    }
    constexpr std::size_t kWebpHeaderBytes = 12;
    if (bytes.size() >= kWebpHeaderBytes && std::memcmp(bytes.data(), "RIFF", 4) == 0 &&
        std::memcmp(bytes.data() + 8, "WEBP", 4) == 0) {
        return ImageFormat::Webp;
    }
    return ImageFormat::Unknown;
}

const char* imageFormatName(ImageFormat format) {
    switch (format) {
    case ImageFormat::Png:
        return "PNG";
    case ImageFormat::Jpeg:
        return "JPEG";
    case ImageFormat::Webp:
        return "WebP";
    case ImageFormat::Unknown:
        break;
    }
    return "unknown";
}

DecodeResult decodeImage(std::span<const std::uint8_t> bytes, const ImageLimits& limits) {
    const ImageFormat format = sniffImageFormat(bytes);
    try {
        switch (format) {
        case ImageFormat::Png:
            return decodePng(bytes, limits);
        case ImageFormat::Jpeg:
            return decodeJpeg(bytes, limits);
        case ImageFormat::Webp:
            return decodeWebp(bytes, limits);
        case ImageFormat::Unknown:
            break;
        }
        if (bytes.empty()) {
            return failure("no image data (0 bytes)");
        }
        return failure("unrecognised image format (not PNG, JPEG or WebP)");
    } catch (const std::exception& exception) {
        // Only allocations of messages and results can throw here; the pixel buffers are
        // allocated without exceptions above.
        return failure(std::string(imageFormatName(format)) + ": " + exception.what());
    }
}

std::vector<std::uint8_t> encodePng(const Image& image) {
    // A malformed image (pixel count not matching the size) is treated like an empty one.
    if (image.empty() || image.pixels.size() !=
                             std::size_t(image.width) * std::size_t(image.height) * kRgbaChannels) {
        return {};
    }
    PngEncodeState state;
    state.png =
        png_create_write_struct(PNG_LIBPNG_VER_STRING, &state.message, pngOnError, pngOnWarning);
    if (state.png == nullptr) {
        return {};
    }
    state.info = png_create_info_struct(state.png);
    if (state.info == nullptr) {
        return {};
    }
    png_set_write_fn(state.png, &state, pngWriteToMemory, pngFlushNothing);
    if (!pngWriteImage(state, image)) {
        return {};
    }
    return std::move(state.output);
}

bool writePng(const std::string& path, const Image& image, std::string* error) {
    std::vector<std::uint8_t> bytes;
    try {
        bytes = encodePng(image);
    } catch (const std::exception&) {
        // Leaves bytes empty, reported below.
    }
    if (bytes.empty()) {
        setError(error, "cannot write PNG '" + path + "': the image is empty, malformed (" +
                            std::to_string(image.width) + "x" + std::to_string(image.height) +
                            ", " + std::to_string(image.pixels.size()) +
                            " bytes) or could not be encoded");
        return false;
    }
    std::FILE* file = std::fopen(path.c_str(), "wb");
    if (file == nullptr) {
        setError(error, "cannot write PNG '" + path + "': " + systemErrorText(errno));
        return false;
    }
    const std::size_t written = std::fwrite(bytes.data(), 1, bytes.size(), file);
    const int writeErrno = errno;
    // fclose flushes, so its failure (a full disk) is a write failure too.
    const bool closed = std::fclose(file) == 0;
    if (written != bytes.size() || !closed) {
        setError(error, "cannot write PNG '" + path +
                            "': " + systemErrorText(written != bytes.size() ? writeErrno : errno));
        std::error_code ignored;
        std::filesystem::remove(path, ignored);
        return false;
    }
    return true;
}

DecodeResult readImageFile(const std::string& path, const ImageLimits& limits) {
    std::FILE* file = std::fopen(path.c_str(), "rb");
    if (file == nullptr) {
        return failure("cannot open '" + path + "': " + systemErrorText(errno));
    }
    // Read in chunks rather than trusting the size on disk: pipes and devices report none, and
    // a file may grow while it is read.
    std::vector<std::uint8_t> bytes;
    std::string error;
    while (error.empty()) {
        const std::size_t used = bytes.size();
        const std::size_t request = std::min(kFileReadChunkBytes, kMaxImageFileBytes + 1 - used);
        if (!tryResize(bytes, used + request)) {
            error = "out of memory reading '" + path + "'";
            break;
        }
        const std::size_t got = std::fread(bytes.data() + used, 1, request, file);
        bytes.resize(used + got);
        if (bytes.size() > kMaxImageFileBytes) {
            error = "'" + path + "' is larger than the " +
                    std::to_string(kMaxImageFileBytes >> 20) + " MiB limit for image files";
        } else if (got < request) {
            if (std::ferror(file) != 0) {
                error = "cannot read '" + path + "': " + systemErrorText(errno);
            }
            break;
        }
    }
    std::fclose(file);
    if (!error.empty()) {
        return failure(std::move(error));
    }
    DecodeResult result = decodeImage(bytes, limits);
    if (!result.ok()) {
        result.error = path + ": " + result.error;
    }
    return result;
}

} // namespace docent::engine
