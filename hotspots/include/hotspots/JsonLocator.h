#pragma once
// Maps JSON pointers to the line and column where their value starts in the text, so that a
// problem found in the parsed document can be shown where a person edits it.

#include <map>
#include <string>
#include <utility>

namespace docent::hotspots {

struct TextPosition {
    int line = 0; // 1-based; 0 when unknown
    int column = 0;
};

// Escapes one reference token of a JSON pointer (RFC 6901): ~ → ~0, / → ~1.
std::string escapePointerToken(const std::string& token);

class JsonLocator {
public:
    // Scans well-formed JSON text (malformed text yields a partial map, never a failure).
    explicit JsonLocator(const std::string& text);

    // Where the value at pointer starts; for a pointer that is absent, where its nearest
    // existing parent starts.
    TextPosition find(const std::string& pointer) const;

    // Line and column of a byte offset.
    TextPosition positionOf(std::size_t byte) const;

private:
    std::string m_text;
    std::map<std::string, std::size_t> m_starts; // pointer -> byte offset of its value
};

} // namespace docent::hotspots
