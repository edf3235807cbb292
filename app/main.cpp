#include "Options.h"
#include "Viewer.h"

int main(int argc, char** argv) {
    const auto parsed = docent::app::parseOptions(argc, argv);
    if (!parsed.options) {
        return parsed.exitCode;
    }
    return docent::app::runViewer(*parsed.options, argv[0]);
}
