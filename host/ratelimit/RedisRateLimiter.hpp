// RedisRateLimiter: token buckets in Redis, shared by every instance. One Lua script does
// the whole refill-and-take atomically (EVALSHA, EVAL when Redis lost the script), with the
// time from Redis's own clock (TIME), so instances whose clocks disagree still agree on the
// buckets. A bucket is a hash `<prefix>:ratelimit:<bucket>` that expires once it would be
// full again: idle buckets cost Redis nothing.
//
// Redis trouble never fails a request: the take is allowed and marked unchecked, counted
// (switchboard_rate_limit_unchecked_total), logged at most every 10 s, and Redis is left
// alone for a second before it is asked again (no connect timeout on every request).
#pragma once

#include "bus/RedisUrl.hpp"
#include "ratelimit/RateLimiter.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

namespace sb::bus { class RedisConnection; }
namespace sb::metrics { class MetricsRegistry; }

namespace sb::ratelimit {

struct RedisRateLimiterOptions {
  std::string url;                          // redis://...
  std::string key_prefix = "switchboard";
  std::chrono::milliseconds timeout{2000};  // connecting, and each reply
  size_t idle_connections = 64;             // kept open between requests; more are opened when busy
  metrics::MetricsRegistry* metrics = nullptr;  // optional: counts unchecked takes
};

class RedisRateLimiter final : public RateLimiter {
 public:
  // Throws std::invalid_argument for a malformed URL. Does not connect yet.
  explicit RedisRateLimiter(RedisRateLimiterOptions options);
  ~RedisRateLimiter() override;

  Decision take(const std::string& bucket, const BucketLimit& limit, int64_t cost = 1) override;
  std::string describe() const override;

  // The Redis key of a bucket.
  std::string keyFor(const std::string& bucket) const;
  // Takes allowed without asking Redis since start.
  uint64_t uncheckedCount() const { return unchecked_.load(); }
  // The Lua script (KEYS[1] bucket; ARGV rate, burst, cost -> {allowed, left, full in ms, retry in ms}).
  static const std::string& script();

 private:
  using Connection = std::unique_ptr<bus::RedisConnection>;
  Decision evaluate(bus::RedisConnection& redis, const std::string& key, const BucketLimit& limit, int64_t cost);
  Decision unchecked(const BucketLimit& limit);
  void reportFailure(const std::string& why);
  Connection acquire();
  void release(Connection connection);

  bus::RedisUrl url_;
  std::string prefix_;
  std::chrono::milliseconds timeout_;
  size_t max_idle_;
  metrics::MetricsRegistry* metrics_;
  std::string script_sha_;
  std::mutex mutex_;
  std::vector<Connection> idle_;
  std::atomic<int64_t> paused_until_ms_{0};
  std::atomic<int64_t> last_warning_ms_{0};
  std::atomic<bool> failing_{false};
  std::atomic<uint64_t> unchecked_{0};
};

}  // namespace sb::ratelimit
