#include "hotspots/JsonLocator.h"

#include <cctype>
#include <vector>

namespace docent::hotspots {

std::string escapePointerToken(const std::string& token) {
    std::string out;
    for (const char c : token) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

namespace {

// One level of the path being scanned: an object (with the key just read) or an array (with
// the index of the next element).
struct Level {
    bool array = false;
    std::string key;
    int index = 0;
};

class Scanner {
public:
    Scanner(const std::string& text, std::map<std::string, std::size_t>& starts)
        : m_text(text), m_starts(starts) {}

    void run() {
        skipSpace();
        value("");
    }

private:
    void skipSpace() {
        while (m_at < m_text.size() && std::isspace(static_cast<unsigned char>(m_text[m_at]))) {
            ++m_at;
        }
    }

    bool readString(std::string* out) {
        if (m_at >= m_text.size() || m_text[m_at] != '"') {
            return false;
        }
        ++m_at;
        while (m_at < m_text.size() && m_text[m_at] != '"') {
            if (m_text[m_at] == '\\' && m_at + 1 < m_text.size()) {
                // Keys with escapes are rare in scene files; keep the escaped character as is.
                ++m_at;
            }
            if (out) {
                out->push_back(m_text[m_at]);
            }
            ++m_at;
        }
        ++m_at; // closing quote
        return true;
    }

    // Scans one value whose pointer is `pointer`; returns false on malformed text.
    bool value(const std::string& pointer) {
        if (++m_depth > kMaxDepth || m_at >= m_text.size()) {
            return false;
        }
        m_starts.emplace(pointer, m_at);
        const char c = m_text[m_at];
        bool ok = true;
        if (c == '{') {
            ++m_at;
            skipSpace();
            while (ok && m_at < m_text.size() && m_text[m_at] != '}') {
                std::string key;
                if (!readString(&key)) {
                    return false;
                }
                skipSpace();
                if (m_at >= m_text.size() || m_text[m_at] != ':') {
                    return false;
                }
                ++m_at;
                skipSpace();
                ok = value(pointer + "/" + escapePointerToken(key));
                skipSpace();
                if (m_at < m_text.size() && m_text[m_at] == ',') {
                    ++m_at;
                    skipSpace();
                }
            }
            ++m_at;
        } else if (c == '[') {
            ++m_at;
            skipSpace();
            int index = 0;
            while (ok && m_at < m_text.size() && m_text[m_at] != ']') {
                ok = value(pointer + "/" + std::to_string(index++));
                skipSpace();
                if (m_at < m_text.size() && m_text[m_at] == ',') {
                    ++m_at;
                    skipSpace();
                }
            }
            ++m_at;
        } else if (c == '"') {
            readString(nullptr);
        } else {
            const std::size_t start = m_at;
            while (m_at < m_text.size() && m_text[m_at] != ',' && m_text[m_at] != '}' &&
                   m_text[m_at] != ']' && !std::isspace(static_cast<unsigned char>(m_text[m_at]))) {
                ++m_at;
            }
            // Nothing read (a stray '}' inside an array): malformed, and a loop that does not
            // move would never end.
            ok = m_at > start;
        }
        --m_depth;
        return ok;
    }

    static constexpr int kMaxDepth = 256; // scene files are shallow; stop on anything deeper
    const std::string& m_text;
    std::map<std::string, std::size_t>& m_starts;
    std::size_t m_at = 0;
    int m_depth = 0;
};

} // namespace

JsonLocator::JsonLocator(const std::string& text) : m_text(text) {
    Scanner(m_text, m_starts).run();
}

TextPosition JsonLocator::positionOf(std::size_t byte) const {
    TextPosition p{1, 1};
    for (std::size_t i = 0; i < byte && i < m_text.size(); ++i) {
        if (m_text[i] == '\n') {
            ++p.line;
            p.column = 1;
        } else if ((static_cast<unsigned char>(m_text[i]) & 0xC0) != 0x80) {
            ++p.column; // count characters, not UTF-8 continuation bytes
        }
    }
    return p;
}

TextPosition JsonLocator::find(const std::string& pointer) const {
    std::string at = pointer;
    while (true) {
        const auto it = m_starts.find(at);
        if (it != m_starts.end()) {
            return positionOf(it->second);
        }
        const auto slash = at.rfind('/');
        if (slash == std::string::npos) {
            return {};
        }
        at = at.substr(0, slash);
    }
}

} // namespace docent::hotspots
