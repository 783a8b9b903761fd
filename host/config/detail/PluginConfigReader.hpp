// PluginConfigReader (internal to config/): keeps a plugin instance's `config:` map raw,
// with positions, for the plugin loader to validate against the plugin's own schema.
#pragma once

#include "config/Settings.hpp"
#include "config/detail/LoadContext.hpp"

#include <string>
#include <vector>

namespace sb::config::detail {

// `map` is the value of `config:` (a map or null); keyPath names it in problems
// ("plugins.instances[0].config"). Nested lists and maps become JSON text.
std::vector<PluginConfigEntry> readPluginConfig(const YAML::Node& map, const std::string& keyPath,
                                                LoadContext& context);

}  // namespace sb::config::detail
