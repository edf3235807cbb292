#pragma once
// The kiosk's configuration (`docent --mode kiosk --config kiosk.json`), written once by a venue:
// languages, idle reset, the admin PIN, the tour schedule and the live stream, the screen.
// Every field is checked; an unknown one is an error too (a misspelt "idle_secods" must not
// leave a kiosk resetting at the default), because a kiosk with a broken config refuses to
// start rather than start unlocked. docs/KIOSK.md describes each field.
//
// Main thread. Failure: loadKioskConfig() returns false with every problem as
// "FILE:LINE:COLUMN: error: message (at /pointer)".

#include <ctime>
#include <string>
#include <vector>

namespace docent::app {

struct KioskTour {
    std::time_t start = 0;
    double minutes = 60.0;
};

struct KioskConfig {
    std::string path; // as given
    // The venue's languages: the attract call cycles through them, the first is the language
    // a visitor finds after a reset.
    std::vector<std::string> languages{"zh", "fr", "en"};
    double idleSeconds = 90.0;       // without input before the "still there?" countdown
    double countdownSeconds = 15.0;  // the countdown's length
    std::string adminPin;            // 4 to 12 digits; required
    float volume = 0.8f;             // the guide's voice after a reset
    float uiScale = 1.5f;            // touch-first: larger than a desktop's 100 %
    bool touchPad = true;            // on-screen walk, turn, zoom buttons
    int monitor = 0;                 // GLFW monitor index (0: the primary)
    std::string scene;               // empty: the command line's SCENE, else the demo
    std::string liveUrl;             // empty: the scene's live URL
    std::vector<KioskTour> tours;    // empty: the scene's schedule
    double graceSeconds = 60.0;      // a live stream lost this long ends the tour
    double attractCallSeconds = 4.0; // each language's "touch to explore" stays this long
};

bool loadKioskConfig(const std::string& path, KioskConfig& config,
                     std::vector<std::string>& errors);

} // namespace docent::app
