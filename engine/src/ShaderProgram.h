#pragma once
// Compiles and links a vertex + fragment shader pair. Render thread only.

#include <string>

#include "engine/GlHandle.h"

namespace docent::engine {

// Returns the linked program, or an empty handle with error set to one line naming `what`
// ("scene", "panel") and the driver's log.
GlProgram buildProgram(const char* vertexSource, const char* fragmentSource, const char* what,
                       std::string& error);

} // namespace docent::engine
