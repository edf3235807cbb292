#pragma once
// The visitor's settings, kept per user between runs: language, the guide's volume, captions,
// following the guide, UI scale, high contrast, reduced motion. Stored as JSON in the platform's
// config folder ($XDG_CONFIG_HOME/docent/settings.json, else ~/.config/docent/settings.json).
// Command-line flags override them for one run without being saved; what the visitor changes in
// the UI is saved.
//
// Main thread. Failure: load() never fails -- a missing file gives the defaults, a corrupt one
// the defaults and a warning naming the file (it is then replaced on the next save); save()
// returns false with a one-line message naming the file.

#include <string>

namespace docent::app {

struct Settings {
    std::string language; // en, fr or zh; empty: from the system locale
    float volume = 1.0f;  // the guide's voice, 0..1
    bool muted = false;
    bool captions = true;
    bool follow = true;         // follow the guide (else wander)
    float uiScale = 1.0f;       // 1.0 .. 2.5
    bool highContrast = false;  // white on black, a yellow focus frame
    bool reducedMotion = false; // cuts instead of camera flights, no pulsing
    bool touchPad = false;      // on-screen buttons to walk, turn and zoom (touch screens)

    static constexpr float kMinUiScale = 1.0f;
    static constexpr float kMaxUiScale = 2.5f;
};

// The settings file of this user (see above); empty when neither variable gives a home.
std::string settingsPath();

// Reads path into settings (which keeps its defaults for anything missing or out of range).
// warning: set when the file exists but cannot be used.
void loadSettings(const std::string& path, Settings& settings, std::string& warning);

// Writes settings to path (its folder created), atomically: a crash leaves the old file.
bool saveSettings(const std::string& path, const Settings& settings, std::string& error);

// The UI language the system locale asks for (LC_ALL, LC_MESSAGES, LANG): zh, fr, else en.
std::string localeLanguage();

} // namespace docent::app
