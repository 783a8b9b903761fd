// PluginInfo: `switchboard plugin-info FILE.so` — what a plugin library declares (id,
// version, kind, ABI, threading, config schema), for operators writing YAML and authors
// checking their build. Loads the library exactly as the server would (same checks).
#pragma once

#include <ostream>
#include <string>

namespace sb::app {

// Prints the report; returns 0, or 1 (with the loader's reason on `err`) when the library is
// refused.
int printPluginInfo(const std::string& file, std::ostream& out, std::ostream& err);

}  // namespace sb::app
