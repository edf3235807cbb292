#pragma once
// Writing the generators' output files whole or not at all.

#include <cstdint>
#include <string>
#include <vector>

namespace docent::tools {

// Writes `bytes` to `path` through a temporary file beside it and a rename, so that a failed
// run never leaves a truncated file where the build expects a whole one. On failure returns
// false with the reason.
bool writeFileAtomically(const std::string& path, const std::vector<std::uint8_t>& bytes,
                         std::string& reason);

// Whether the temporary file beside `path` can be created (it is removed again).
bool canWrite(const std::string& path, std::string& reason);

} // namespace docent::tools
