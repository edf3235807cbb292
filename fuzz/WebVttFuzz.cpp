// The WebVTT caption parser on arbitrary text: it accepts or refuses with a reason, and the
// captions it accepts are in order with non-negative lengths.

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "hotspots/Captions.h"

using namespace docent::hotspots;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string text(reinterpret_cast<const char*>(data), size);
    std::vector<Caption> captions;
    std::string error;
    if (!parseWebVtt(text, captions, error)) {
        if (error.empty()) {
            __builtin_trap();
        }
        return 0;
    }
    for (const Caption& caption : captions) {
        if (!(caption.end >= caption.start)) {
            __builtin_trap();
        }
        captionAt(captions, caption.start);
    }
    return 0;
}
