#include "Settings.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <nlohmann/json.hpp>

namespace docent::app {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

bool knownLanguage(const std::string& language) {
    return language == "en" || language == "fr" || language == "zh";
}

} // namespace

std::string settingsPath() {
    const char* config = std::getenv("XDG_CONFIG_HOME");
    if (config && *config == '/') {
        return (fs::path(config) / "docent" / "settings.json").string();
    }
    const char* home = std::getenv("HOME");
    if (home && *home) {
        return (fs::path(home) / ".config" / "docent" / "settings.json").string();
    }
    return {};
}

void loadSettings(const std::string& path, Settings& settings, std::string& warning) {
    std::ifstream in(path, std::ios::binary);
    if (path.empty() || !in) {
        return; // first run: the defaults
    }
    std::ostringstream text;
    text << in.rdbuf();
    const json doc = json::parse(text.str(), nullptr, /*allow_exceptions=*/false);
    if (!doc.is_object()) {
        warning = path + ": not a settings file (" +
                  (doc.is_discarded() ? std::string("invalid JSON") : "not a JSON object") +
                  "); using the defaults, and it will be replaced";
        return;
    }
    const Settings defaults;
    Settings read = defaults;
    const auto number = [&](const char* key, float low, float high, float fallback) {
        const auto it = doc.find(key);
        if (it == doc.end() || !it->is_number()) {
            return fallback;
        }
        const float v = it->get<float>();
        return v >= low && v <= high ? v : fallback;
    };
    const auto flag = [&](const char* key, bool fallback) {
        const auto it = doc.find(key);
        return it != doc.end() && it->is_boolean() ? it->get<bool>() : fallback;
    };
    if (const auto it = doc.find("language");
        it != doc.end() && it->is_string() && knownLanguage(it->get<std::string>())) {
        read.language = it->get<std::string>();
    }
    read.volume = number("volume", 0.0f, 1.0f, defaults.volume);
    read.muted = flag("muted", defaults.muted);
    read.captions = flag("captions", defaults.captions);
    read.follow = flag("follow", defaults.follow);
    read.uiScale =
        number("ui_scale", Settings::kMinUiScale, Settings::kMaxUiScale, defaults.uiScale);
    read.highContrast = flag("high_contrast", defaults.highContrast);
    read.reducedMotion = flag("reduced_motion", defaults.reducedMotion);
    read.touchPad = flag("touch_pad", defaults.touchPad);
    settings = read;
}

bool saveSettings(const std::string& path, const Settings& settings, std::string& error) {
    if (path.empty()) {
        error = "no config folder (neither XDG_CONFIG_HOME nor HOME is set); settings not saved";
        return false;
    }
    std::error_code ec;
    fs::create_directories(fs::path(path).parent_path(), ec);
    json doc = {{"language", settings.language},
                {"volume", settings.volume},
                {"muted", settings.muted},
                {"captions", settings.captions},
                {"follow", settings.follow},
                {"ui_scale", settings.uiScale},
                {"high_contrast", settings.highContrast},
                {"reduced_motion", settings.reducedMotion},
                {"touch_pad", settings.touchPad}};
    if (settings.language.empty()) {
        doc.erase("language");
    }
    const std::string partial = path + ".partial-" + std::to_string(::getpid());
    {
        std::ofstream out(partial, std::ios::binary | std::ios::trunc);
        errno = 0;
        out << doc.dump(2) << "\n";
        out.close();
        if (!out) {
            const int why = errno;
            fs::remove(partial, ec);
            error = path + ": cannot write the settings" +
                    (why != 0 ? std::string(": ") + std::strerror(why) : std::string());
            return false;
        }
    }
    fs::rename(partial, path, ec);
    if (ec) {
        fs::remove(partial, ec);
        error = path + ": cannot replace the settings file: " + ec.message();
        return false;
    }
    return true;
}

std::string localeLanguage() {
    for (const char* variable : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
        const char* value = std::getenv(variable);
        if (!value || !*value) {
            continue;
        }
        const std::string locale(value);
        if (locale.rfind("zh", 0) == 0) {
            return "zh";
        }
        if (locale.rfind("fr", 0) == 0) {
            return "fr";
        }
        return "en"; // the first variable set decides, as in the C library
    }
    return "en";
}

} // namespace docent::app
