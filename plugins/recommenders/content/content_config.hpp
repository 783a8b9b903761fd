// The content plugin's configuration (schema in content.cpp): the checks the types cannot
// express.
#pragma once

#include <switchboard/plugin.hpp>

#include <chrono>

namespace content {

struct Settings {
  double title_weight = 1.0;     // boost of each title token
  double tag_weight = 2.0;       // boost of each tag
  double category_weight = 1.0;  // boost of the category
  std::chrono::milliseconds history_half_life{0};  // 0 = every history event counts fully
};

// Reads and checks the config; throws switchboard::InvalidConfig saying what to fix.
Settings readSettings(const switchboard::Config& config);

}  // namespace content
