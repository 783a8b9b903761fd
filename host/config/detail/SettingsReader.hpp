// SettingsReader (internal to config/): walks a parsed YAML document and fills Settings
// through the schema tables, reporting every problem to the context.
#pragma once

#include "config/Settings.hpp"
#include "config/detail/LoadContext.hpp"

namespace sb::config::detail {

// `root` is the document (a map, or null for an empty file).
void readSettings(const YAML::Node& root, Settings& settings, LoadContext& context);

}  // namespace sb::config::detail
