// RedisResultCache: recommendation lists in Redis, shared by every instance. One hash per
// user (`<prefix>:recs:<tenant>:<user>`): a field per list, the value prefixed with its
// expiry time (Redis 7.0 has no per-field TTL), the hash itself expiring after the TTL of
// its newest list. Invalidating a user deletes the hash: every instance sees it at once.
// The size bound is Redis's own (maxmemory with an eviction policy).
//
// Redis trouble never fails a request: the call is a miss, the failure is logged once, and
// Redis is left alone for a second before it is tried again (no connect timeout per request).
#pragma once

#include "bus/RedisUrl.hpp"
#include "recommend/serving/ResultCache.hpp"

#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

namespace sb::bus { class RedisConnection; }

namespace sb::recommend {

class RedisResultCache final : public ResultCache {
 public:
  // Throws std::invalid_argument for a malformed URL. Does not connect yet.
  RedisResultCache(const std::string& url, std::string keyPrefix, std::chrono::milliseconds ttl,
                   std::chrono::milliseconds timeout, int connections = 8);
  ~RedisResultCache() override;

  std::optional<std::string> get(const std::string& tenant, const std::string& user, const std::string& key) override;
  void put(const std::string& tenant, const std::string& user, const std::string& key, std::string value) override;
  void invalidateUser(const std::string& tenant, const std::string& user) override;
  std::string describe() const override;

 private:
  using Connection = std::unique_ptr<bus::RedisConnection>;
  // Runs `use` on a pooled connection; false (logged, Redis paused) when Redis fails.
  template <class Use>
  bool withConnection(Use&& use);
  std::string hashKey(const std::string& tenant, const std::string& user) const;

  bus::RedisUrl url_;
  std::string prefix_;
  std::chrono::milliseconds ttl_;
  std::chrono::milliseconds timeout_;
  size_t max_idle_;
  std::mutex mutex_;
  std::vector<Connection> idle_;
  std::atomic<int64_t> paused_until_ms_{0};
  std::atomic<bool> failing_{false};
};

}  // namespace sb::recommend
