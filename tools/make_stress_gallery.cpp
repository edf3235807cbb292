// docent-make-stress-gallery: generates a scan-sized gallery for benchmarks and budget tests.
//
//   docent-make-stress-gallery --out PATH.glb [--rooms N] [--triangles N] [--textures N]
//                              [--texture-size N]
//
// The defaults are the benchmark's stress gallery: 6 rooms, 5 million triangles, 150 textures
// of 2048x2048. `make bench` writes it at bench time; it is never committed. The output depends
// only on the parameters. Exit codes: 0 written, 1 the file could not be written, 2 usage.

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "gallery/GlbWriter.h"
#include "stress/StressGallery.h"

namespace {

constexpr const char* kProgram = "docent-make-stress-gallery";

void printUsage(std::FILE* stream) {
    std::fprintf(
        stream,
        "usage: %s --out PATH.glb [options]\n"
        "Writes a gallery the size of a museum's scan as one binary glTF file: rooms in\n"
        "a row, each with densely triangulated, individually textured objects.\n"
        "  --out PATH          the .glb to write (its folder must exist)\n"
        "  --rooms N           rooms (default 6, 1 to 64)\n"
        "  --triangles N       triangles of the objects (default 5000000, 100 to 50000000)\n"
        "  --textures N        objects, one texture each (default 150, 1 to 1000)\n"
        "  --texture-size N    pixels a side (default 2048, 8 to 8192)\n"
        "  --help              this text\n",
        kProgram);
}

// Parses a whole number in [low, high]; false (with a message) otherwise.
bool parseNumber(const char* flag, const char* text, long low, long high, long& out) {
    char* end = nullptr;
    const long value = std::strtol(text, &end, 10);
    if (end == text || *end != '\0' || value < low || value > high) {
        std::fprintf(stderr, "%s: %s needs a whole number from %ld to %ld, not '%s'\n", kProgram,
                     flag, low, high, text);
        return false;
    }
    out = value;
    return true;
}

} // namespace

int main(int argc, char** argv) {
    std::string out;
    docent::tools::StressParameters parameters;
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        if (arg == "--help" || arg == "-h") {
            printUsage(stdout);
            return 0;
        }
        if (i + 1 >= argc) {
            std::fprintf(stderr, "%s: %s needs a value\n", kProgram, argv[i]);
            printUsage(stderr);
            return 2;
        }
        const char* value = argv[++i];
        long number = 0;
        if (arg == "--out") {
            out = value;
        } else if (arg == "--rooms" && parseNumber(argv[i - 1], value, 1, 64, number)) {
            parameters.rooms = static_cast<int>(number);
        } else if (arg == "--triangles" &&
                   parseNumber(argv[i - 1], value, 100, 50'000'000, number)) {
            parameters.triangles = number;
        } else if (arg == "--textures" && parseNumber(argv[i - 1], value, 1, 1000, number)) {
            parameters.textures = static_cast<int>(number);
        } else if (arg == "--texture-size" && parseNumber(argv[i - 1], value, 8, 8192, number)) {
            parameters.textureSize = static_cast<int>(number);
        } else {
            if (arg != "--rooms" && arg != "--triangles" && arg != "--textures" &&
                arg != "--texture-size") {
                std::fprintf(stderr, "%s: unknown argument '%s'\n", kProgram, argv[i - 1]);
                printUsage(stderr);
            }
            return 2;
        }
    }
    if (out.empty()) {
        std::fprintf(stderr, "%s: missing --out PATH\n", kProgram);
        printUsage(stderr);
        return 2;
    }
    docent::tools::Scene scene;
    return docent::tools::generateGlb(kProgram, out, scene, [&](docent::tools::Scene& built) {
        docent::tools::buildStressGallery(built, parameters);
        built.generateTextures(std::max(1u, std::thread::hardware_concurrency()));
    });
}
