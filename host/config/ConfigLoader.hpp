// ConfigLoader: switchboard.yaml -> Settings, or a ConfigError listing every problem found.
#pragma once

#include "config/EnvSubstitution.hpp"
#include "config/Settings.hpp"

#include <string>

namespace sb::config {

// Reads and validates the file. Throws ConfigError (all problems, each with
// file:line:column and key path) when it cannot be read, is not valid YAML, or holds
// unknown keys, values of the wrong type or out of range, or misses required keys.
// Plugin instance `config:` maps are kept raw (see PluginConfigEntry).
Settings loadConfigFile(const std::string& path, EnvLookup env = defaultEnv);

// Same for YAML text; `sourceName` stands for the file in positions ("<embedded>").
Settings loadConfigString(const std::string& yaml, const std::string& sourceName,
                          EnvLookup env = defaultEnv);

}  // namespace sb::config
