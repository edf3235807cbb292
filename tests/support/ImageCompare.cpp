#include "support/ImageCompare.h"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <system_error>

#include "support/TestPaths.h"

namespace docent::test {

namespace {

using docent::engine::Image;

constexpr std::size_t kChannels = 4;
// Brightness kept from the actual image under the red marks in a diff: dark enough for red to
// stand out, light enough to recognise the picture.
constexpr int kDiffDimPercent = 35;
constexpr std::uint8_t kOpaque = 255;

std::string sizeText(const Image& image) {
    return std::to_string(image.width) + "x" + std::to_string(image.height);
}

bool wellFormed(const Image& image) {
    return image.width >= 0 && image.height >= 0 &&
           image.pixels.size() == std::size_t(image.width) * std::size_t(image.height) * kChannels;
}

int maxChannelDifference(const std::uint8_t* a, const std::uint8_t* b) {
    int largest = 0;
    for (std::size_t c = 0; c < kChannels; ++c) {
        largest = std::max(largest, std::abs(int(a[c]) - int(b[c])));
    }
    return largest;
}

std::string percentText(double share) {
    char text[32];
    std::snprintf(text, sizeof(text), "%.3f%%", share * 100.0);
    return text;
}

// Writes a PNG, creating its folder; returns an empty string or the error.
std::string writeImage(const std::filesystem::path& path, const Image& image) {
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    if (ec) {
        return "cannot create '" + path.parent_path().string() + "': " + ec.message();
    }
    std::string error;
    if (!docent::engine::writePng(path.string(), image, &error)) {
        return error;
    }
    return {};
}

CompareResult failed(std::string message) {
    CompareResult result;
    result.message = std::move(message);
    return result;
}

} // namespace

CompareResult compareImages(const Image& expected, const Image& actual,
                            const ImageTolerance& tolerance) {
    if (!wellFormed(expected) || !wellFormed(actual)) {
        return failed("malformed image: pixel buffer does not match the size (expected " +
                      sizeText(expected) + " with " + std::to_string(expected.pixels.size()) +
                      " bytes, actual " + sizeText(actual) + " with " +
                      std::to_string(actual.pixels.size()) + " bytes)");
    }
    if (expected.width != actual.width || expected.height != actual.height) {
        return failed("size mismatch: expected " + sizeText(expected) + ", actual " +
                      sizeText(actual));
    }
    const std::size_t pixelCount = expected.pixels.size() / kChannels;
    std::size_t differing = 0;
    int largest = 0;
    for (std::size_t i = 0; i < expected.pixels.size(); i += kChannels) {
        const int difference =
            maxChannelDifference(expected.pixels.data() + i, actual.pixels.data() + i);
        largest = std::max(largest, difference);
        if (difference > tolerance.maxChannelDifference) {
            ++differing;
        }
    }
    CompareResult result;
    result.differingShare = pixelCount == 0 ? 0.0 : double(differing) / double(pixelCount);
    result.maxDifference = largest;
    result.passed = result.differingShare <= tolerance.maxDifferingShare;
    result.message = std::to_string(differing) + " of " + std::to_string(pixelCount) + " pixels (" +
                     percentText(result.differingShare) + ") differ by more than " +
                     std::to_string(tolerance.maxChannelDifference) + ", allowed " +
                     percentText(tolerance.maxDifferingShare) + "; largest channel difference " +
                     std::to_string(largest);
    return result;
}

Image makeDiffImage(const Image& expected, const Image& actual, const ImageTolerance& tolerance) {
    if (!wellFormed(expected) || !wellFormed(actual) || expected.width != actual.width ||
        expected.height != actual.height) {
        return {};
    }
    Image diff;
    diff.width = actual.width;
    diff.height = actual.height;
    diff.pixels.resize(actual.pixels.size());
    for (std::size_t i = 0; i < actual.pixels.size(); i += kChannels) {
        const std::uint8_t* a = actual.pixels.data() + i;
        std::uint8_t* out = diff.pixels.data() + i;
        if (maxChannelDifference(expected.pixels.data() + i, a) > tolerance.maxChannelDifference) {
            out[0] = 255;
            out[1] = 0;
            out[2] = 0;
        } else {
            // Rec. 601 luma weights in 1/256ths.
            const int luma = (77 * a[0] + 150 * a[1] + 29 * a[2]) >> 8;
            const auto grey = std::uint8_t(luma * kDiffDimPercent / 100);
            out[0] = grey;
            out[1] = grey;
            out[2] = grey;
        }
        out[3] = kOpaque;
    }
    return diff;
}

CompareResult compareWithBaseline(const std::string& name, const Image& actual,
                                  const ImageTolerance& tolerance) {
    return compareWithBaseline(name, actual, tolerance, sourceDir() / "tests" / "baselines");
}

CompareResult compareWithBaseline(const std::string& name, const Image& actual,
                                  const ImageTolerance& tolerance,
                                  const std::filesystem::path& baselineDir) {
    const std::filesystem::path relative = std::filesystem::path(name + ".png").lexically_normal();
    if (name.empty() || relative.is_absolute() || *relative.begin() == "..") {
        return failed("invalid baseline name '" + name + "'");
    }
    const std::filesystem::path baselinePath = baselineDir / relative;
    const std::string label = "baseline '" + name + "': ";

    std::error_code ec;
    if (!std::filesystem::exists(baselinePath, ec)) {
        const std::string error = writeImage(baselinePath, actual);
        if (!error.empty()) {
            return failed(label +
                          "missing, and writing the actual image as the new baseline "
                          "failed: " +
                          error);
        }
        return failed(label + "missing; wrote the actual image (" + sizeText(actual) + ") to " +
                      baselinePath.string() + " - review it and commit it");
    }

    const std::filesystem::path outputFolder = outputDir("baselines");
    const std::filesystem::path actualPath = outputFolder / (name + ".actual.png");
    const std::filesystem::path diffPath = outputFolder / (name + ".diff.png");

    const docent::engine::DecodeResult baseline = docent::engine::readImageFile(baselinePath);
    CompareResult result;
    if (!baseline.ok()) {
        result = failed("unreadable baseline: " + baseline.error);
    } else {
        result = compareImages(baseline.image, actual, tolerance);
    }
    if (result.passed) {
        // Evidence from an earlier failing run would otherwise suggest this test still fails.
        std::filesystem::remove(actualPath, ec);
        std::filesystem::remove(diffPath, ec);
        result.message = label + result.message;
        return result;
    }

    std::string files;
    if (const std::string error = writeImage(actualPath, actual); error.empty()) {
        files = "actual: " + actualPath.string();
    } else {
        files = "writing the actual image failed: " + error;
    }
    const Image diff = baseline.ok() ? makeDiffImage(baseline.image, actual, tolerance) : Image{};
    if (diff.empty()) {
        std::filesystem::remove(diffPath, ec);
        files += baseline.ok() ? "; no diff (sizes differ)" : "; no diff (no baseline pixels)";
    } else if (const std::string error = writeImage(diffPath, diff); error.empty()) {
        files += "; diff: " + diffPath.string();
    } else {
        files += "; writing the diff failed: " + error;
    }
    result.message =
        label + result.message + " (expected: " + baselinePath.string() + "; " + files + ")";
    return result;
}

} // namespace docent::test
