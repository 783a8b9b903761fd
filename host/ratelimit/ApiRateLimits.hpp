// ApiRateLimits: the API's policy over a RateLimiter — which bucket a caller and a route
// class draw from, with which limit (rate_limits in the settings) — and the count of
// refused requests (switchboard_rate_limited_total{class,scope}).
#pragma once

#include "config/Settings.hpp"
#include "ratelimit/RateClass.hpp"
#include "ratelimit/RateLimiter.hpp"

#include <memory>
#include <optional>
#include <string>

namespace sb::metrics { class MetricsRegistry; }

namespace sb::ratelimit {

enum class Scope {
  Key,   // an API key (admin or service): limits rate_limits.per_key
  User,  // an end user with a JWT: limits rate_limits.per_user, per (tenant, user)
};

const char* scopeName(Scope scope);  // "key", "user"

// Whose buckets a request draws from.
struct Caller {
  Scope scope = Scope::Key;
  std::string id;  // the key's public id, or "<tenant>:<user>" (tenant ids hold no ':')

  static Caller apiKey(const std::string& keyId) { return {Scope::Key, keyId}; }
  static Caller endUser(const std::string& tenant, const std::string& user) { return {Scope::User, tenant + ":" + user}; }
};

// One take, with what the answer needs to explain itself.
struct Verdict {
  Decision decision;
  Scope scope = Scope::Key;
  RateClass rate_class = RateClass::Read;
  BucketLimit limit;
};

class ApiRateLimits {
 public:
  ApiRateLimits(const config::RateLimitSettings& settings, std::unique_ptr<RateLimiter> limiter,
                metrics::MetricsRegistry* metrics = nullptr);
  ~ApiRateLimits();

  // Takes one token from the caller's bucket for this class. nullopt when the class is not
  // limited for this scope (burst 0). Any thread; never throws for a store that is down.
  std::optional<Verdict> take(RateClass rateClass, const Caller& caller);

  // The limit that applies, or nullopt when not limited. Users have read and write limits
  // only: bulk and auth count against per_user.write.
  std::optional<BucketLimit> limitFor(RateClass rateClass, Scope scope) const;

  // "key:read:<id>", "user:write:<tenant>:<user>": the class is part of the name, so
  // every bucket has one limit.
  static std::string bucketName(RateClass rateClass, const Caller& caller);

  std::string describe() const { return limiter_->describe(); }

 private:
  config::RateLimitSettings settings_;
  std::unique_ptr<RateLimiter> limiter_;
  metrics::MetricsRegistry* metrics_;
};

// The limiter the settings ask for: Redis when rate_limits.shared and redis.url is set,
// in-process otherwise. Throws std::invalid_argument for a malformed redis.url.
std::unique_ptr<RateLimiter> makeRateLimiter(const config::RateLimitSettings& limits,
                                             const config::RedisSettings& redis, metrics::MetricsRegistry* metrics);

}  // namespace sb::ratelimit
