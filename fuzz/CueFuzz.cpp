// The timed-ID3 cue parser on arbitrary payloads. A payload it accepts must survive a round trip:
// the tag docent writes for that cue reads back as the same cue.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "streaming/Cue.h"

using namespace docent::streaming;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const CueParse parsed = parseCuePayload(data, size);
    if (!parsed.cue) {
        return 0;
    }
    const std::vector<std::uint8_t> tag = makeCueTag(*parsed.cue);
    const CueParse again = parseCuePayload(tag.data(), tag.size());
    if (!again.cue || again.cue->hotspot != parsed.cue->hotspot ||
        again.cue->sent != parsed.cue->sent || again.cue->camera != parsed.cue->camera) {
        __builtin_trap();
    }
    return 0;
}
