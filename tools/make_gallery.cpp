// docent-make-gallery: generates the bundled demo scene's museum as one binary glTF file.
//
//   docent-make-gallery --out PATH.glb
//
// The build runs it to make build/scenes/demo/gallery.glb. The output depends on nothing but
// this program (fixed seeds, no clock), so every run writes the same bytes.
// Exit codes: 0 written, 1 the file could not be written, 2 usage.

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <exception>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "gallery/FileOutput.h"
#include "gallery/Gallery.h"
#include "gallery/GlbWriter.h"
#include "gallery/Scene.h"

namespace {

constexpr const char* kProgram = "docent-make-gallery";

void printUsage(std::FILE* stream) {
    std::fprintf(stream,
                 "usage: %s --out PATH.glb\n"
                 "Writes the demo museum (the ground floor of a 19th-century palace museum: an\n"
                 "entrance hall and three galleries, with their 18 artworks) as a binary glTF\n"
                 "2.0 file.\n"
                 "  --out PATH   the .glb to write (its folder must exist)\n"
                 "  --help       this text\n",
                 kProgram);
}

} // namespace

int main(int argc, char** argv) {
    std::string out;
    std::string dumpTextures; // hidden: writes each texture as a PNG, for looking at them
    for (int i = 1; i < argc; ++i) {
        const std::string_view arg = argv[i];
        auto value = [&](std::string_view flag, std::string& target) {
            if (arg == flag) {
                if (i + 1 >= argc) {
                    std::fprintf(stderr, "%s: %s needs a value\n", kProgram, argv[i]);
                    return false;
                }
                target = argv[++i];
                return true;
            }
            // --flag=value
            target = std::string(arg.substr(flag.size() + 1));
            return true;
        };
        if (arg == "--help" || arg == "-h") {
            printUsage(stdout);
            return 0;
        }
        if (arg == "--out" || arg.starts_with("--out=")) {
            if (!value("--out", out)) {
                return 2;
            }
        } else if (arg == "--dump-textures" || arg.starts_with("--dump-textures=")) {
            if (!value("--dump-textures", dumpTextures)) {
                return 2;
            }
        } else {
            std::fprintf(stderr, "%s: unknown argument '%s'\n", kProgram, argv[i]);
            printUsage(stderr);
            return 2;
        }
    }
    if (out.empty()) {
        std::fprintf(stderr, "%s: missing --out PATH\n", kProgram);
        printUsage(stderr);
        return 2;
    }

    docent::tools::Scene scene;
    if (const int code =
            docent::tools::generateGlb(kProgram, out, scene, docent::tools::buildGallery);
        code != 0) {
        return code;
    }
    std::string reason;
    if (!dumpTextures.empty()) {
        for (const docent::tools::Texture& texture : scene.textures()) {
            const std::string path =
                (std::filesystem::path(dumpTextures) / (texture.name + ".png")).string();
            if (!docent::tools::writeFileAtomically(path, texture.png, reason)) {
                std::fprintf(stderr, "%s: cannot write %s: %s\n", kProgram, path.c_str(),
                             reason.c_str());
                return 1;
            }
        }
    }
    return 0;
}
