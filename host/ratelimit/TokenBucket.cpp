#include "ratelimit/TokenBucket.hpp"

#include <algorithm>
#include <cmath>

namespace sb::ratelimit {
namespace {

// Time for `tokens` to come back at `rate` per second, rounded up to a millisecond.
int64_t millisFor(double tokens, double rate) {
  if (tokens <= 0) return 0;
  return static_cast<int64_t>(std::ceil(tokens * 1000.0 / rate));
}

int64_t secondsRoundedUp(int64_t ms) { return ms <= 0 ? 0 : (ms + 999) / 1000; }

}  // namespace

BucketState freshBucket(const BucketLimit& limit, int64_t nowMs) {
  return {static_cast<double>(limit.burst), nowMs};
}

TakeResult takeTokens(BucketState& state, const BucketLimit& limit, int64_t cost, int64_t nowMs) {
  const double burst = static_cast<double>(limit.burst);
  const int64_t elapsed = std::max<int64_t>(0, nowMs - state.updated_ms);
  state.tokens = std::min(burst, state.tokens + static_cast<double>(elapsed) * limit.rate / 1000.0);
  state.updated_ms = std::max(state.updated_ms, nowMs);

  TakeResult result;
  const double wanted = static_cast<double>(cost);
  if (cost <= limit.burst && state.tokens >= wanted) {
    state.tokens -= wanted;
    result.allowed = true;
  } else {
    result.retry_in_ms = std::max<int64_t>(1, millisFor(std::min(wanted, burst) - state.tokens, limit.rate));
  }
  result.tokens_left = state.tokens;
  result.full_in_ms = millisFor(burst - state.tokens, limit.rate);
  return result;
}

Decision decisionFrom(const BucketLimit& limit, bool allowed, int64_t tokensLeft, int64_t fullInMs,
                      int64_t retryInMs) {
  Decision d;
  d.allowed = allowed;
  d.limit = limit.burst;
  d.remaining = std::clamp<int64_t>(tokensLeft, 0, limit.burst);
  d.reset_seconds = secondsRoundedUp(fullInMs);
  d.retry_after_seconds = allowed ? 0 : std::max<int64_t>(1, secondsRoundedUp(retryInMs));
  return d;
}

Decision decisionFrom(const BucketLimit& limit, const TakeResult& result) {
  return decisionFrom(limit, result.allowed, static_cast<int64_t>(std::floor(result.tokens_left)), result.full_in_ms,
                      result.retry_in_ms);
}

}  // namespace sb::ratelimit
