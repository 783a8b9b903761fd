// Backoff: when to try a delivery again — exponential with full jitter (spreads retries of
// many deliveries that failed together), never earlier than the provider asked.
#pragma once

#include <chrono>
#include <cstdint>
#include <optional>

namespace sb::notify {

struct BackoffPolicy {
  std::chrono::milliseconds initial{1000};
  std::chrono::milliseconds max{600000};
};

// Delay before attempt `attempt + 1`, after `attempt` (>= 1) failed rounds. `random01` is a
// uniform number in [0, 1) (injected so tests can pin it).
std::chrono::milliseconds retryDelay(const BackoffPolicy& policy, int attempt, double random01,
                                     std::optional<int64_t> retryAfterMs);

// A uniform number in [0, 1) from a per-thread generator.
double uniform01();

}  // namespace sb::notify
