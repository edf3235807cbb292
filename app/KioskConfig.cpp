#include "KioskConfig.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "TimeText.h"
#include "hotspots/JsonLocator.h"

namespace docent::app {
namespace {

using nlohmann::json;

constexpr std::size_t kMaxConfigBytes = 1024 * 1024;

class Checker {
public:
    Checker(const std::string& path, const std::string& text, std::vector<std::string>& errors)
        : m_path(path), m_locator(text), m_errors(errors) {}

    void fail(const std::string& pointer, const std::string& message) {
        const hotspots::TextPosition at = m_locator.find(pointer);
        std::string line = m_path;
        if (at.line > 0) {
            line += ":" + std::to_string(at.line) + ":" + std::to_string(at.column);
        }
        line += ": error: " + message;
        if (!pointer.empty()) {
            line += " (at " + pointer + ")";
        }
        m_errors.push_back(line);
    }

    bool number(const json& doc, const char* key, double low, double high, double& out) {
        const json& v = doc.at(key);
        const std::string pointer = std::string("/") + key;
        if (!v.is_number()) {
            fail(pointer, std::string(key) + " must be a number");
            return false;
        }
        const double d = v.get<double>();
        if (d < low || d > high) {
            std::ostringstream range;
            range << key << " must be from " << low << " to " << high;
            fail(pointer, range.str());
            return false;
        }
        out = d;
        return true;
    }

    bool text(const json& v, const std::string& pointer, const std::string& what,
              std::string& out) {
        if (!v.is_string() || v.get<std::string>().empty()) {
            fail(pointer, what + " must be a non-empty string");
            return false;
        }
        out = v.get<std::string>();
        return true;
    }

private:
    std::string m_path;
    hotspots::JsonLocator m_locator;
    std::vector<std::string>& m_errors;
};

} // namespace

bool loadKioskConfig(const std::string& path, KioskConfig& config,
                     std::vector<std::string>& errors) {
    errors.clear();
    config.path = path;
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        errors.push_back(path + ": error: cannot read the kiosk config");
        return false;
    }
    std::string text;
    text.resize(kMaxConfigBytes + 1);
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<std::size_t>(in.gcount()));
    if (text.size() > kMaxConfigBytes) {
        errors.push_back(path + ": error: larger than 1 MiB: not a kiosk config");
        return false;
    }
    Checker check(path, text, errors);
    json doc;
    try {
        doc = json::parse(text);
    } catch (const json::parse_error& e) {
        const hotspots::TextPosition at =
            hotspots::JsonLocator(text).positionOf(e.byte > 0 ? e.byte - 1 : 0);
        errors.push_back(path + ":" + std::to_string(at.line) + ":" + std::to_string(at.column) +
                         ": error: not valid JSON");
        return false;
    } catch (const json::exception&) {
        // A number too large for a double (found by the kiosk config's fuzz target: it ended
        // the program instead of refusing the config).
        errors.push_back(path + ": error: not valid JSON (a number out of range)");
        return false;
    }
    if (!doc.is_object()) {
        check.fail("", "the kiosk config must be a JSON object");
        return false;
    }
    static const std::set<std::string> kKnown = {"languages",
                                                 "idle_seconds",
                                                 "countdown_seconds",
                                                 "admin_pin",
                                                 "volume",
                                                 "ui_scale",
                                                 "touch_pad",
                                                 "monitor",
                                                 "scene",
                                                 "live_url",
                                                 "tours",
                                                 "grace_seconds",
                                                 "attract_call_seconds"};
    for (const auto& [key, value] : doc.items()) {
        if (!kKnown.count(key)) {
            std::string known;
            for (const auto& k : kKnown) {
                known += (known.empty() ? "" : ", ") + k;
            }
            check.fail("/" + hotspots::escapePointerToken(key),
                       "unknown field '" + key + "' (known: " + known + ")");
        }
    }
    if (doc.contains("languages")) {
        const json& v = doc["languages"];
        config.languages.clear();
        if (!v.is_array() || v.empty()) {
            check.fail("/languages", "languages must be a non-empty list of en, fr, zh");
        } else {
            for (std::size_t i = 0; i < v.size(); ++i) {
                const std::string pointer = "/languages/" + std::to_string(i);
                if (!v[i].is_string() || (v[i] != "en" && v[i] != "fr" && v[i] != "zh")) {
                    check.fail(pointer, "a language must be en, fr or zh");
                } else {
                    config.languages.push_back(v[i].get<std::string>());
                }
            }
        }
    }
    if (!doc.contains("admin_pin")) {
        check.fail("", "admin_pin is missing: a kiosk needs the PIN that lets staff out");
    } else {
        const json& v = doc["admin_pin"];
        const std::string pin = v.is_string() ? v.get<std::string>() : std::string();
        const bool digits = pin.size() >= 4 && pin.size() <= 12 &&
                            std::all_of(pin.begin(), pin.end(),
                                        [](unsigned char c) { return std::isdigit(c) != 0; });
        if (!digits) {
            check.fail("/admin_pin", "admin_pin must be a string of 4 to 12 digits");
        } else {
            config.adminPin = pin;
        }
    }
    double value = 0.0;
    if (doc.contains("idle_seconds") && check.number(doc, "idle_seconds", 10, 3600, value)) {
        config.idleSeconds = value;
    }
    if (doc.contains("countdown_seconds") &&
        check.number(doc, "countdown_seconds", 3, 120, value)) {
        config.countdownSeconds = value;
    }
    if (doc.contains("volume") && check.number(doc, "volume", 0, 1, value)) {
        config.volume = static_cast<float>(value);
    }
    if (doc.contains("ui_scale") && check.number(doc, "ui_scale", 1, 2.5, value)) {
        config.uiScale = static_cast<float>(value);
    }
    if (doc.contains("monitor") && check.number(doc, "monitor", 0, 15, value)) {
        config.monitor = static_cast<int>(value);
    }
    if (doc.contains("grace_seconds") && check.number(doc, "grace_seconds", 0, 3600, value)) {
        config.graceSeconds = value;
    }
    if (doc.contains("attract_call_seconds") &&
        check.number(doc, "attract_call_seconds", 1, 60, value)) {
        config.attractCallSeconds = value;
    }
    if (doc.contains("touch_pad")) {
        if (!doc["touch_pad"].is_boolean()) {
            check.fail("/touch_pad", "touch_pad must be true or false");
        } else {
            config.touchPad = doc["touch_pad"].get<bool>();
        }
    }
    if (doc.contains("scene")) {
        check.text(doc["scene"], "/scene", "scene", config.scene);
    }
    if (doc.contains("live_url")) {
        check.text(doc["live_url"], "/live_url", "live_url", config.liveUrl);
    }
    if (doc.contains("tours")) {
        const json& v = doc["tours"];
        if (!v.is_array()) {
            check.fail("/tours", "tours must be a list of {\"start\": RFC 3339, \"minutes\": N}");
        } else {
            for (std::size_t i = 0; i < v.size(); ++i) {
                const std::string pointer = "/tours/" + std::to_string(i);
                const json& t = v[i];
                if (!t.is_object() || !t.contains("start")) {
                    check.fail(pointer, "a tour needs a start (RFC 3339, e.g. "
                                        "2026-12-05T14:00:00+01:00)");
                    continue;
                }
                KioskTour tour;
                const auto start = t["start"].is_string()
                                       ? parseRfc3339(t["start"].get<std::string>())
                                       : std::nullopt;
                if (!start) {
                    check.fail(pointer + "/start",
                               "start must be an RFC 3339 time with its offset, e.g. "
                               "2026-12-05T14:00:00+01:00");
                    continue;
                }
                tour.start = *start;
                if (t.contains("minutes")) {
                    if (!t["minutes"].is_number() || t["minutes"].get<double>() <= 0 ||
                        t["minutes"].get<double>() > 24 * 60) {
                        check.fail(pointer + "/minutes", "minutes must be from 1 to 1440");
                        continue;
                    }
                    tour.minutes = t["minutes"].get<double>();
                }
                for (const auto& [key, unused] : t.items()) {
                    if (key != "start" && key != "minutes") {
                        check.fail(pointer + "/" + hotspots::escapePointerToken(key),
                                   "unknown field '" + key + "' (a tour has start, minutes)");
                    }
                }
                config.tours.push_back(tour);
            }
        }
    }
    return errors.empty();
}

} // namespace docent::app
