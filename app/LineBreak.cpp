#include "LineBreak.h"

#include <cstdint>
#include <vector>

namespace docent::app {
namespace {

struct Glyph {
    std::size_t begin = 0; // byte offset
    std::size_t end = 0;
    std::uint32_t code = 0;
};

std::vector<Glyph> decode(std::string_view text) {
    std::vector<Glyph> out;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = static_cast<unsigned char>(text[i]);
        const std::size_t extra = c < 0x80             ? 0
                                  : (c & 0xE0) == 0xC0 ? 1
                                  : (c & 0xF0) == 0xE0 ? 2
                                  : (c & 0xF8) == 0xF0 ? 3
                                                       : 0;
        std::uint32_t code = extra == 0 ? c : c & (0x3F >> extra);
        std::size_t length = 1;
        if (i + extra < text.size()) {
            for (std::size_t k = 1; k <= extra; ++k) {
                code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
            }
            length = extra + 1;
        }
        out.push_back({i, i + length, code});
        i += length;
    }
    return out;
}

bool isCjk(std::uint32_t c) {
    return (c >= 0x2E80 && c <= 0x9FFF) || (c >= 0xF900 && c <= 0xFAFF) ||
           (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFFEF) ||
           (c >= 0x20000 && c <= 0x3FFFF);
}

// May not start a line.
bool closing(std::uint32_t c) {
    static constexpr std::u32string_view kClosing =
        U"，。、：；！？）」』》〉】〕〗〙〛”’…‥·・ー々〻ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵ"
        U"ヶ％"
        U"．,.:;!?)]}%";
    return kClosing.find(static_cast<char32_t>(c)) != std::u32string_view::npos;
}

// May not end a line.
bool opening(std::uint32_t c) {
    static constexpr std::u32string_view kOpening = U"（「『《〈【〔〖〘〚“‘([{";
    return kOpening.find(static_cast<char32_t>(c)) != std::u32string_view::npos;
}

bool space(std::uint32_t c) {
    return c == ' ' || c == 0x3000;
}

} // namespace

bool hasCjk(std::string_view text) {
    for (const Glyph& g : decode(text)) {
        if (isCjk(g.code)) {
            return true;
        }
    }
    return false;
}

std::string breakLines(std::string_view text, float width,
                       const std::function<float(std::string_view)>& measure) {
    const std::vector<Glyph> glyphs = decode(text);
    std::string out;
    out.reserve(text.size() + text.size() / 16);
    std::size_t lineStart = 0; // glyph index
    while (lineStart < glyphs.size()) {
        // The line's glyphs up to a newline; greedy: as many as fit, back to the last break.
        std::size_t end = lineStart;
        std::size_t lastBreak = lineStart; // a line may end before glyph lastBreak
        bool hardBreak = false;
        for (; end < glyphs.size(); ++end) {
            const std::uint32_t c = glyphs[end].code;
            if (c == '\n') {
                hardBreak = true;
                break;
            }
            if (end > lineStart) {
                const std::uint32_t before = glyphs[end - 1].code;
                const bool allowed =
                    (space(before) && !space(c)) ||
                    ((isCjk(before) || isCjk(c)) && !space(c) && !closing(c) && !opening(before));
                if (allowed) {
                    lastBreak = end;
                }
            }
            const std::string_view line =
                text.substr(glyphs[lineStart].begin, glyphs[end].end - glyphs[lineStart].begin);
            if (end > lineStart && !space(c) && measure(line) > width) {
                break;
            }
        }
        if (end >= glyphs.size()) {
            out.append(text.substr(glyphs[lineStart].begin));
            break;
        }
        if (hardBreak) {
            out.append(
                text.substr(glyphs[lineStart].begin, glyphs[end].begin - glyphs[lineStart].begin));
            out.push_back('\n');
            lineStart = end + 1;
            continue;
        }
        // Too wide at glyph end: break at the last opportunity, or mid-run when there is none.
        std::size_t cut = lastBreak > lineStart ? lastBreak : end;
        std::size_t keep = cut;
        while (keep > lineStart && space(glyphs[keep - 1].code)) {
            --keep; // spaces at the end of a line are dropped
        }
        if (keep > lineStart) {
            out.append(text.substr(glyphs[lineStart].begin,
                                   glyphs[keep - 1].end - glyphs[lineStart].begin));
        }
        out.push_back('\n');
        while (cut < glyphs.size() && space(glyphs[cut].code)) {
            ++cut;
        }
        lineStart = cut;
    }
    return out;
}

} // namespace docent::app
