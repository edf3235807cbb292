#include "Log.h"
#include "Options.h"
#include "Validate.h"
#include "Viewer.h"

int main(int argc, char** argv) {
    const auto parsed = docent::app::parseOptions(argc, argv);
    if (!parsed.options) {
        return parsed.exitCode;
    }
    docent::app::log::start(parsed.options->logLevel, parsed.options->logFile, "docent");
    if (parsed.options->validate) {
        return docent::app::runValidate(parsed.options->scene, argv[0]);
    }
    return docent::app::runViewer(*parsed.options, argv[0]);
}
