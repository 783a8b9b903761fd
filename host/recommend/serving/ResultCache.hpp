// ResultCache: where computed recommendation lists are kept between requests — in process
// (LocalResultCache) or, with redis.url set, in Redis, shared by every instance
// (RedisResultCache). Keys are per tenant and user; a user's events invalidate all of that
// user's lists at once. A cache that cannot answer is a miss, never an error.
#pragma once

#include <optional>
#include <string>

namespace sb::recommend {

class ResultCache {
 public:
  virtual ~ResultCache() = default;
  virtual std::optional<std::string> get(const std::string& tenant, const std::string& user, const std::string& key) = 0;
  virtual void put(const std::string& tenant, const std::string& user, const std::string& key, std::string value) = 0;
  virtual void invalidateUser(const std::string& tenant, const std::string& user) = 0;
  // "in-process (100000 lists, 5m)" / "redis 10.0.0.5:6379/0"
  virtual std::string describe() const = 0;
};

}  // namespace sb::recommend
