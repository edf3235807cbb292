#pragma once
// `docent validate [SCENE]`: checks a scene folder's files and its model, prints every problem
// as "file:line:column: error|warning: message (at /json/pointer)", and returns the exit code
// (1 when there are errors, 0 when only warnings remain).

#include <string>

namespace docent::app {

int runValidate(const std::string& scene, const std::string& argv0);

} // namespace docent::app
