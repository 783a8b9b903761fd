#include "notify/delivery/Backoff.hpp"

#include <algorithm>
#include <cmath>
#include <random>

namespace sb::notify {

std::chrono::milliseconds retryDelay(const BackoffPolicy& policy, int attempt, double random01,
                                     std::optional<int64_t> retryAfterMs) {
  // initial * 2^(attempt-1), capped; computed in double so large attempts cannot overflow.
  double ceiling = static_cast<double>(policy.initial.count()) * std::pow(2.0, std::max(0, attempt - 1));
  ceiling = std::min(ceiling, static_cast<double>(policy.max.count()));
  auto delay = static_cast<int64_t>(ceiling * std::clamp(random01, 0.0, 1.0));
  if (retryAfterMs && *retryAfterMs > delay) delay = *retryAfterMs;
  return std::chrono::milliseconds(delay);
}

double uniform01() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  return std::uniform_real_distribution<double>(0.0, 1.0)(rng);
}

}  // namespace sb::notify
