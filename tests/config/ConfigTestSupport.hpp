// Helpers for the config tests: a fake environment and "load and expect problems".
#pragma once

#include "config/ConfigError.hpp"
#include "config/ConfigLoader.hpp"

#include <gtest/gtest.h>

#include <map>
#include <string>
#include <vector>

namespace sb::config::testing {

// An environment holding exactly `variables`; the real one is never read.
inline EnvLookup fakeEnv(std::map<std::string, std::string> variables = {}) {
  return [variables = std::move(variables)](const std::string& name) -> std::optional<std::string> {
    auto it = variables.find(name);
    if (it == variables.end()) return std::nullopt;
    return it->second;
  };
}

inline Settings load(const std::string& yaml, EnvLookup env = fakeEnv()) {
  return loadConfigString(yaml, "test.yaml", std::move(env));
}

// The problems loading `yaml` reports; a failed expectation when it loads cleanly.
inline std::vector<ConfigProblem> problemsOf(const std::string& yaml, EnvLookup env = fakeEnv()) {
  try {
    loadConfigString(yaml, "test.yaml", std::move(env));
  } catch (const ConfigError& error) {
    return error.problems();
  }
  ADD_FAILURE() << "expected a ConfigError for:\n" << yaml;
  return {};
}

inline std::string sourcePath(const std::string& relative) { return std::string(SB_SOURCE_DIR) + "/" + relative; }

}  // namespace sb::config::testing
