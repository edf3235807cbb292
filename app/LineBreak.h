#pragma once
// Line breaking for text that mixes Chinese with Latin: ImGui's wrapping knows spaces only, so
// Chinese commentary broke anywhere -- a line could start with a full stop or split "1868" in
// two. Here a line may break at a space, or between two characters of which one is CJK, except
// before closing punctuation (，。、：；！？」』）》…) and after opening punctuation (「『（《“),
// the usual rules of Chinese typesetting; runs of Latin letters and digits stay whole unless a
// run alone is wider than the line.
//
// Any thread; pure. No failure modes (malformed UTF-8 bytes count as one character each).

#include <functional>
#include <string>
#include <string_view>

namespace docent::app {

// text with '\n' inserted (and the spaces at the breaks removed) so that no line is wider than
// width, as measured by measure (the width of a piece of UTF-8 text). Existing newlines stay.
std::string breakLines(std::string_view text, float width,
                       const std::function<float(std::string_view)>& measure);

// True when text has a character from the CJK blocks (then breakLines() is worth calling).
bool hasCjk(std::string_view text);

} // namespace docent::app
