#pragma once
// A headless OpenGL 4.1 context for [gl] tests (Mesa's software renderer through EGL on
// machines without a GPU), created once per test process and kept for its lifetime.

#include <string>

namespace docent::test {

// True when the context is current; otherwise error says why (the test then fails: GL is a
// dependency that `make test` installs, not an optional extra).
bool ensureGlContext(std::string& error);

} // namespace docent::test
