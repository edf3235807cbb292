#include "support/GlTestContext.h"

#include <memory>

#include "engine/GlContext.h"

namespace docent::test {

bool ensureGlContext(std::string& error) {
    static std::string creationError;
    static std::unique_ptr<engine::GlContext> context =
        engine::GlContext::createHeadless(creationError);
    error = creationError;
    return context != nullptr;
}

} // namespace docent::test
