#pragma once
// Image baselines for rendering tests: compares a rendered image with a reviewed PNG under
// tests/baselines/ and leaves evidence (the actual image and a diff) in the build tree when they
// disagree. Functions are safe to call from any thread, but two calls with the same baseline name
// write the same files. Failures are reported through CompareResult, never by throwing.

#include <filesystem>
#include <string>

#include "engine/Image.h"

namespace docent::test {

// A pixel "differs" when any of its channels differs by more than maxChannelDifference; a
// comparison passes when the sizes match and the share of differing pixels (0..1) is at most
// maxDifferingShare. The defaults absorb rasteriser rounding between GPU drivers.
struct ImageTolerance {
    int maxChannelDifference = 8;
    double maxDifferingShare = 0.005;
};

struct CompareResult {
    bool passed = false;
    // One line with the figures (and, from compareWithBaseline, the files involved).
    std::string message;
    // Share of differing pixels; 1 when no pixel-wise comparison was possible (size mismatch,
    // missing or unreadable baseline).
    double differingShare = 1.0;
    // Largest channel difference seen (0..255); 255 when no comparison was possible.
    int maxDifference = 255;
};

// Pure comparison of two RGBA8 images; no files are touched.
CompareResult compareImages(const docent::engine::Image& expected,
                            const docent::engine::Image& actual, const ImageTolerance& tolerance);

// The diff picture written on failure: pixels that differ beyond the tolerance in red, all others
// as a dimmed grey copy of `actual`. Requires images of equal size; returns an empty image
// otherwise.
docent::engine::Image makeDiffImage(const docent::engine::Image& expected,
                                    const docent::engine::Image& actual,
                                    const ImageTolerance& tolerance);

// Compares `actual` with tests/baselines/<name>.png in the source tree (`name` may contain '/'
// for subfolders). On failure writes <build>/test-output/baselines/<name>.actual.png and
// <name>.diff.png. A missing baseline is written to tests/baselines/<name>.png for review and the
// comparison fails, so that a new baseline is never accepted silently.
CompareResult compareWithBaseline(const std::string& name, const docent::engine::Image& actual,
                                  const ImageTolerance& tolerance = {});

// The same against baselines kept in another folder (the comparison's own tests use a scratch
// folder so that they never write into the source tree).
CompareResult compareWithBaseline(const std::string& name, const docent::engine::Image& actual,
                                  const ImageTolerance& tolerance,
                                  const std::filesystem::path& baselineDir);

} // namespace docent::test
