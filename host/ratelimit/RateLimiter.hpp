// RateLimiter: takes tokens from named token buckets. LocalRateLimiter keeps them in this
// process; RedisRateLimiter keeps them in Redis so every instance shares them.
#pragma once

#include "ratelimit/TokenBucket.hpp"

#include <cstdint>
#include <string>

namespace sb::ratelimit {

class RateLimiter {
 public:
  virtual ~RateLimiter() = default;

  // Takes `cost` tokens from the bucket `bucket` (created full on first use) if it holds
  // them. Any thread. Never throws for a store that is down: the answer is then allowed
  // and marked `unchecked`. A bucket's limit must stay the same between calls (the name
  // should include whatever selects the limit).
  virtual Decision take(const std::string& bucket, const BucketLimit& limit, int64_t cost = 1) = 0;

  // "in-process" or "redis 127.0.0.1:6379/0": for the start-up log.
  virtual std::string describe() const = 0;
};

}  // namespace sb::ratelimit
