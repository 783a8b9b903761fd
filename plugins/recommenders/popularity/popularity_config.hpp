// The popularity plugin's configuration (schema in popularity.cpp): the checks the types
// cannot express.
#pragma once

#include <switchboard/plugin.hpp>

#include <chrono>

namespace popularity {

struct Settings {
  std::chrono::milliseconds half_life{0};  // 0 = no decay
  bool per_category = true;
};

// Reads and checks the config; throws switchboard::InvalidConfig saying what to fix.
Settings readSettings(const switchboard::Config& config);

}  // namespace popularity
