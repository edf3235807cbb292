#include <cstdlib> // defines __GLIBC__ where it applies
#ifdef __GLIBC__
#include <malloc.h>
#endif

#include "Import.h"
#include "Log.h"
#include "Options.h"
#include "StopSignal.h"
#include "Validate.h"
#include "Viewer.h"

namespace {
constexpr int kMallocArenas = 4;
} // namespace

int main(int argc, char** argv) {
#ifdef __GLIBC__
    // Each stream docent opens starts its own demux and decode threads, and glibc gives new
    // threads new malloc arenas (up to 8 per core) that keep what they freed: a kiosk switching
    // between its replay and live tours grew by ~100 MB an hour that way. Four arenas serve
    // docent's threads and stay flat (bench: the kiosk soak).
    mallopt(M_ARENA_MAX, kMallocArenas);
#endif
    const auto parsed = docent::app::parseOptions(argc, argv);
    if (!parsed.options) {
        return parsed.exitCode;
    }
    docent::app::log::start(parsed.options->logLevel, parsed.options->logFile, "docent");
    if (parsed.options->import) {
        return docent::app::runImport(parsed.options->importScan, parsed.options->importOut,
                                      parsed.options->importBudgetMb);
    }
    if (parsed.options->validate) {
        return docent::app::runValidate(parsed.options->scene, argv[0]);
    }
    docent::app::installStopSignals();
    return docent::app::runViewer(*parsed.options, argv[0]);
}
