// Shared by the evaluator tests: configs that load the fixture recommenders.
#pragma once

#include "config/ConfigLoader.hpp"

#include <string>

namespace sb::test::eval {

// A config whose plugins section loads the fixture folder and declares `instances` (YAML
// list items, indented by four spaces).
inline std::string fixtureConfig(const std::string& instances) {
  return "plugins:\n"
         "  paths: [\"" SB_EVAL_FIXTURE_DIR "\"]\n"
         "  instances:\n" +
         instances;
}

inline config::PluginSettings fixturePlugins(const std::string& instances) {
  return config::loadConfigString(fixtureConfig(instances), "<test>").plugins;
}

}  // namespace sb::test::eval
