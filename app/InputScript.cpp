#include "InputScript.h"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <sstream>
#include <utility>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

#include "Gamepad.h"

namespace docent::app {

namespace {

// Typed text's escapes: \n, \t, \# and \\; false on any other.
bool unescapeTyped(const std::string& in, std::string& out) {
    out.clear();
    for (std::size_t k = 0; k < in.size(); ++k) {
        if (in[k] != '\\') {
            out += in[k];
            continue;
        }
        if (++k == in.size()) {
            return false;
        }
        switch (in[k]) {
        case 'n':
            out += '\n';
            break;
        case 't':
            out += '\t';
            break;
        case '#':
            out += '#';
            break;
        case '\\':
            out += '\\';
            break;
        default:
            return false;
        }
    }
    return true;
}

} // namespace

int keyCode(const std::string& name) {
    if (name.size() == 1 && std::isalpha(static_cast<unsigned char>(name[0]))) {
        return GLFW_KEY_A + (std::toupper(static_cast<unsigned char>(name[0])) - 'A');
    }
    if (name.size() == 1 && std::isdigit(static_cast<unsigned char>(name[0]))) {
        return GLFW_KEY_0 + (name[0] - '0');
    }
    if (name.size() >= 2 && name[0] == 'F' &&
        std::all_of(name.begin() + 1, name.end(), [](char c) { return std::isdigit(c) != 0; })) {
        const int n = std::stoi(name.substr(1));
        return n >= 1 && n <= 12 ? GLFW_KEY_F1 + n - 1 : -1;
    }
    static const std::pair<const char*, int> kNamed[] = {
        {"TAB", GLFW_KEY_TAB},
        {"ENTER", GLFW_KEY_ENTER},
        {"ESCAPE", GLFW_KEY_ESCAPE},
        {"ESC", GLFW_KEY_ESCAPE},
        {"SPACE", GLFW_KEY_SPACE},
        {"UP", GLFW_KEY_UP},
        {"DOWN", GLFW_KEY_DOWN},
        {"LEFT", GLFW_KEY_LEFT},
        {"RIGHT", GLFW_KEY_RIGHT},
        {"MINUS", GLFW_KEY_MINUS},
        {"EQUAL", GLFW_KEY_EQUAL},
        {"LEFT_BRACKET", GLFW_KEY_LEFT_BRACKET},
        {"RIGHT_BRACKET", GLFW_KEY_RIGHT_BRACKET},
        {"HOME", GLFW_KEY_HOME},
        {"END", GLFW_KEY_END},
        {"PAGE_UP", GLFW_KEY_PAGE_UP},
        {"PAGE_DOWN", GLFW_KEY_PAGE_DOWN},
        {"BACKSPACE", GLFW_KEY_BACKSPACE},
        {"DELETE", GLFW_KEY_DELETE},
    };
    for (const auto& [n, code] : kNamed) {
        if (name == n) {
            return code;
        }
    }
    return -1;
}

bool parseInputScript(const std::string& text, const std::string& name,
                      std::vector<InputEvent>& events, std::string& error) {
    std::istringstream in(text);
    std::string line;
    int number = 0;
    int lastFrame = 0;
    while (std::getline(in, line)) {
        ++number;
        // A comment starts at a '#' that is not escaped (typed text writes it as \#).
        for (std::size_t k = 0; k < line.size(); ++k) {
            if (line[k] == '\\') {
                ++k;
            } else if (line[k] == '#') {
                line.erase(k);
                break;
            }
        }
        std::istringstream fields(line);
        std::string frameText;
        if (!(fields >> frameText)) {
            continue;
        }
        const std::string where = name + ":" + std::to_string(number) + ": ";
        InputEvent event;
        std::size_t used = 0;
        try {
            event.frame = std::stoi(frameText, &used);
        } catch (const std::exception&) {
            used = 0;
        }
        if (used != frameText.size() || event.frame < 0) {
            error = where + "'" + frameText + "' is not a frame number";
            return false;
        }
        if (event.frame < lastFrame) {
            error = where + "events must be in frame order";
            return false;
        }
        lastFrame = event.frame;
        std::string verb;
        fields >> verb;
        if (verb == "key") {
            std::string keyName;
            fields >> keyName;
            std::transform(keyName.begin(), keyName.end(), keyName.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            for (bool more = true; more;) {
                more = false;
                for (const auto& [prefix, flag] :
                     {std::pair<const char*, bool*>{"CTRL+", &event.ctrl},
                      {"SHIFT+", &event.shift}}) {
                    const std::string p(prefix);
                    if (keyName.rfind(p, 0) == 0) {
                        *flag = true;
                        keyName.erase(0, p.size());
                        more = true;
                    }
                }
            }
            event.kind = InputEvent::Kind::Key;
            event.key = keyCode(keyName);
            if (event.key < 0) {
                error = where + "unknown key '" + keyName + "'";
                return false;
            }
        } else if (verb == "click" || verb == "tap") {
            event.kind = InputEvent::Kind::Click;
            std::string first;
            fields >> first;
            if (first.size() > 1 && first[0] == '@') {
                event.control = first.substr(1);
            } else {
                std::istringstream xy(first);
                if (!(xy >> event.x) || !(fields >> event.y) || event.x < 0 || event.y < 0) {
                    error = where + verb + " needs a point X Y in pixels or @CONTROL";
                    return false;
                }
            }
        } else if (verb == "type") {
            event.kind = InputEvent::Kind::Type;
            std::string rest;
            std::getline(fields, rest);
            if (!rest.empty() && rest[0] == ' ') {
                rest.erase(0, 1); // the separator; further spaces are typed
            }
            if (!unescapeTyped(rest, event.text)) {
                error =
                    where + "type: unknown escape in '" + rest + "' (use \\n, \\t, \\# or \\\\)";
                return false;
            }
            if (event.text.empty()) {
                error = where + "type needs the text to type";
                return false;
            }
        } else if (verb == "drag") {
            event.kind = InputEvent::Kind::Drag;
            if (!(fields >> event.x >> event.y >> event.x2 >> event.y2) || event.x < 0 ||
                event.y < 0 || event.x2 < 0 || event.y2 < 0) {
                error = where + "drag needs X1 Y1 X2 Y2 in pixels";
                return false;
            }
            std::string frames;
            if (fields >> frames) {
                try {
                    std::size_t used = 0;
                    event.frames = std::stoi(frames, &used);
                    if (used != frames.size()) {
                        event.frames = 0;
                    }
                } catch (const std::exception&) {
                    event.frames = 0;
                }
                if (event.frames < 1 || event.frames > 10000) {
                    error = where + "drag: FRAMES is a whole number from 1 to 10000";
                    return false;
                }
            }
        } else if (verb == "camera") {
            event.kind = InputEvent::Kind::Camera;
            for (float& v : event.pose) {
                if (!(fields >> v) || !std::isfinite(v)) {
                    error = where + "camera needs X Y Z YAW PITCH (metres, degrees)";
                    return false;
                }
            }
            if (event.pose[4] < -89.0f || event.pose[4] > 89.0f) {
                error = where + "camera: the pitch is from -89 to 89 degrees";
                return false;
            }
        } else if (verb == "pad") {
            std::string control;
            fields >> control;
            std::transform(control.begin(), control.end(), control.begin(),
                           [](unsigned char c) { return static_cast<char>(std::toupper(c)); });
            if (const int button = padButton(control.c_str()); button >= 0) {
                event.kind = InputEvent::Kind::PadButton;
                event.pad = button;
            } else if (const int axis = padAxis(control.c_str()); axis >= 0) {
                event.kind = InputEvent::Kind::PadAxis;
                event.pad = axis;
                if (!(fields >> event.value) || event.value < -1.0f || event.value > 1.0f) {
                    error = where + "pad " + control + " needs a value from -1 to 1";
                    return false;
                }
            } else {
                error = where + "unknown gamepad button or axis '" + control + "'";
                return false;
            }
        } else {
            error =
                where + "expected key, click, tap, drag, type, camera or pad, not '" + verb + "'";
            return false;
        }
        std::string extra;
        if (fields >> extra) {
            error = where + "unexpected '" + extra + "'";
            return false;
        }
        events.push_back(std::move(event));
    }
    return true;
}

} // namespace docent::app
