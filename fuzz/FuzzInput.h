#pragma once
// Helpers shared by the fuzz targets: splitting one input into several files, and a scratch
// folder of this process for the readers that take a path.
//
// One fuzzing process, one thread; nothing here is meant for the application.

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace docent::fuzz {

// The marker between the files packed into one input (a line of its own).
inline constexpr std::string_view kFileSeparator = "\n#docent-fuzz-file\n";

// Splits data at every kFileSeparator; at least one part (possibly empty).
std::vector<std::string> splitFiles(const std::uint8_t* data, std::size_t size);

// A folder of this process under $TMPDIR (or /tmp), created once, emptied by the caller's
// writes (each call to writeFile replaces the file).
const std::string& scratchFolder();

// Writes contents to scratchFolder()/name; returns the path.
std::string writeFile(const std::string& name, std::string_view contents);

} // namespace docent::fuzz
