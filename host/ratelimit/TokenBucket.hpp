// TokenBucket: the arithmetic of one bucket — refill by elapsed time, take, and the times
// callers are told (retry after, full again). Pure: the local limiter keeps its state in
// memory, the Redis script does the same steps in Lua (RedisRateLimiter.cpp).
#pragma once

#include <cstdint>

namespace sb::ratelimit {

// What a bucket allows: `rate` tokens per second, at most `burst` banked.
struct BucketLimit {
  double rate = 1;
  int64_t burst = 1;
  bool operator==(const BucketLimit&) const = default;
};

// What the caller is told about one take. Seconds are whole and rounded up, as HTTP
// headers carry them; a client that waits retry_after_seconds will find a token.
struct Decision {
  bool allowed = true;
  int64_t limit = 0;                // the bucket's capacity (burst)
  int64_t remaining = 0;            // whole tokens left after this take
  int64_t reset_seconds = 0;        // until the bucket is full again
  int64_t retry_after_seconds = 0;  // denied: until the cost is available again (>= 1); allowed: 0
  bool unchecked = false;           // the limiter could not ask its store (Redis down): allowed, not counted
};

struct BucketState {
  double tokens = 0;
  int64_t updated_ms = 0;  // when `tokens` was last brought up to date
};

// One take, in milliseconds (the unit the Redis script returns too).
struct TakeResult {
  bool allowed = false;
  double tokens_left = 0;
  int64_t full_in_ms = 0;     // until the bucket holds `burst` again
  int64_t retry_in_ms = 0;    // denied: until `cost` tokens are there; allowed: 0
};

// A bucket nobody has taken from yet: full.
BucketState freshBucket(const BucketLimit& limit, int64_t nowMs);

// Refills `state` to `nowMs` (a clock that went backwards refills nothing), then takes `cost`
// tokens if they are there. A denied take changes nothing but the refill. A cost above the
// burst can never be met: denied, retry when the bucket is full.
TakeResult takeTokens(BucketState& state, const BucketLimit& limit, int64_t cost, int64_t nowMs);

// Milliseconds as the caller sees them: whole seconds rounded up.
Decision decisionFrom(const BucketLimit& limit, bool allowed, int64_t tokensLeft, int64_t fullInMs,
                      int64_t retryInMs);
Decision decisionFrom(const BucketLimit& limit, const TakeResult& result);

}  // namespace sb::ratelimit
