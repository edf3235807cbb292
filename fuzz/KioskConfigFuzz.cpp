// The kiosk's config file on arbitrary bytes: loaded, or refused with every problem as
// "FILE:LINE:COLUMN: error: ..." -- a kiosk with a broken config must not start unlocked.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "FuzzInput.h"
#include "KioskConfig.h"

using namespace docent;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string path =
        fuzz::writeFile("kiosk.json", std::string_view(reinterpret_cast<const char*>(data), size));
    app::KioskConfig config;
    std::vector<std::string> errors;
    if (!app::loadKioskConfig(path, config, errors)) {
        if (errors.empty()) {
            __builtin_trap();
        }
        for (const std::string& error : errors) {
            if (error.rfind(path, 0) != 0) {
                __builtin_trap();
            }
        }
        return 0;
    }
    // A config that loads has the admin PIN the exit needs.
    if (config.adminPin.size() < 4 || config.languages.empty()) {
        __builtin_trap();
    }
    return 0;
}
