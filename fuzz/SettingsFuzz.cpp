// The visitor's settings file on arbitrary bytes: never fatal; whatever it holds, the settings
// that come out are within their ranges, and saving them reads back the same.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

#include "FuzzInput.h"
#include "Settings.h"

using namespace docent;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path = fuzz::writeFile(
        "settings.json", std::string_view(reinterpret_cast<const char*>(data), size));
    app::Settings settings;
    std::string warning;
    app::loadSettings(path, settings, warning);
    if (!(settings.volume >= 0.0f && settings.volume <= 1.0f) ||
        !(settings.uiScale >= app::Settings::kMinUiScale &&
          settings.uiScale <= app::Settings::kMaxUiScale)) {
        __builtin_trap();
    }
    std::string error;
    const std::string again = fuzz::scratchFolder() + "/settings-again.json";
    if (!app::saveSettings(again, settings, error)) {
        __builtin_trap();
    }
    app::Settings reread;
    warning.clear();
    app::loadSettings(again, reread, warning);
    if (!warning.empty() || reread.language != settings.language ||
        reread.volume != settings.volume || reread.muted != settings.muted ||
        reread.captions != settings.captions || reread.uiScale != settings.uiScale) {
        __builtin_trap();
    }
    return 0;
}
