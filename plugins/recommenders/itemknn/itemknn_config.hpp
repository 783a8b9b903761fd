// The itemknn plugin's configuration (schema in itemknn.cpp): the checks the types cannot
// express.
#pragma once

#include <switchboard/plugin.hpp>

#include <cstdint>

namespace itemknn {

enum class Weighting { None, Bm25 };

struct Settings {
  Weighting weighting = Weighting::None;
  double bm25_k1 = 1.2;
  double bm25_b = 0.75;
  double shrink = 10;
  uint32_t neighbours = 50;
  bool normalize = false;
  unsigned threads = 0;  // 0 = every core
};

// Reads and checks the config; throws switchboard::InvalidConfig saying what to fix.
Settings readSettings(const switchboard::Config& config);

}  // namespace itemknn
