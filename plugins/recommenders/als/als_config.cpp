// Range checks of the als configuration. Limits are generous: they only refuse values that
// cannot work (or would make one fit run for days by a typo).
#include "als_config.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <string>
#include <thread>

namespace als {

namespace {

int64_t integerIn(const switchboard::Config& config, const char* key, int64_t low, int64_t high) {
  const int64_t v = config.integer(key);
  if (v < low || v > high)
    throw switchboard::InvalidConfig(std::string(key) + " must be between " + std::to_string(low) + " and " +
                                     std::to_string(high) + ", got " + std::to_string(v));
  return v;
}

double numberIn(const switchboard::Config& config, const char* key, double low, double high, bool low_inclusive) {
  const double v = config.number(key);
  if (!std::isfinite(v) || v > high || v < low || (!low_inclusive && v == low))
    throw switchboard::InvalidConfig(std::string(key) + " must be " + (low_inclusive ? "at least " : "greater than ") +
                                     std::to_string(low) + " and at most " + std::to_string(high) + ", got " +
                                     std::to_string(v));
  return v;
}

}  // namespace

TrainingOptions readSettings(const switchboard::Config& config) {
  TrainingOptions o;
  o.factors = static_cast<uint32_t>(integerIn(config, "factors", 1, 1024));
  o.iterations = static_cast<uint32_t>(integerIn(config, "iterations", 1, 1000));
  o.regularization = numberIn(config, "regularization", 0.0, 1e6, false);
  o.alpha = numberIn(config, "alpha", 0.0, 1e6, true);
  o.cg_steps = static_cast<uint32_t>(integerIn(config, "cg_steps", 0, 100));
  o.seed = static_cast<uint64_t>(integerIn(config, "seed", 0, INT64_MAX));
  const auto threads = static_cast<unsigned>(integerIn(config, "threads", 0, 256));
  o.threads = threads != 0 ? threads : std::max(1u, std::thread::hardware_concurrency());
  return o;
}

}  // namespace als
