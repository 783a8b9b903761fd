#include "ratelimit/ApiRateLimits.hpp"

#include "metrics/MetricsRegistry.hpp"
#include "ratelimit/LocalRateLimiter.hpp"
#include "ratelimit/RedisRateLimiter.hpp"

namespace sb::ratelimit {
namespace {

BucketLimit bucketLimit(const config::BucketSettings& settings) { return {settings.rate, settings.burst}; }

}  // namespace

const char* scopeName(Scope scope) { return scope == Scope::Key ? "key" : "user"; }

ApiRateLimits::ApiRateLimits(const config::RateLimitSettings& settings, std::unique_ptr<RateLimiter> limiter,
                             metrics::MetricsRegistry* metrics)
    : settings_(settings), limiter_(std::move(limiter)), metrics_(metrics) {}

ApiRateLimits::~ApiRateLimits() = default;

std::optional<BucketLimit> ApiRateLimits::limitFor(RateClass rateClass, Scope scope) const {
  const config::BucketSettings* bucket = nullptr;
  if (scope == Scope::Key) {
    const auto& k = settings_.per_key;
    switch (rateClass) {
      case RateClass::Read: bucket = &k.read; break;
      case RateClass::Write: bucket = &k.write; break;
      case RateClass::Bulk: bucket = &k.bulk; break;
      case RateClass::Auth: bucket = &k.auth; break;
    }
  } else {
    bucket = rateClass == RateClass::Read ? &settings_.per_user.read : &settings_.per_user.write;
  }
  if (bucket == nullptr || bucket->burst <= 0 || bucket->rate <= 0) return std::nullopt;
  return bucketLimit(*bucket);
}

std::string ApiRateLimits::bucketName(RateClass rateClass, const Caller& caller) {
  return std::string(scopeName(caller.scope)) + ":" + rateClassName(rateClass) + ":" + caller.id;
}

std::optional<Verdict> ApiRateLimits::take(RateClass rateClass, const Caller& caller) {
  // Users draw bulk and auth from their write bucket: name the class that was used.
  const RateClass used = caller.scope == Scope::User && rateClass != RateClass::Read ? RateClass::Write : rateClass;
  auto limit = limitFor(used, caller.scope);
  if (!limit) return std::nullopt;
  Verdict verdict{limiter_->take(bucketName(used, caller), *limit), caller.scope, used, *limit};
  if (!verdict.decision.allowed && metrics_) {
    metrics_->counterAdd("switchboard_rate_limited_total",
                         std::string("class=") + rateClassName(used) + ",scope=" + scopeName(caller.scope), 1);
  }
  return verdict;
}

std::unique_ptr<RateLimiter> makeRateLimiter(const config::RateLimitSettings& limits,
                                             const config::RedisSettings& redis, metrics::MetricsRegistry* metrics) {
  if (limits.shared && !redis.url.empty()) {
    RedisRateLimiterOptions options;
    options.url = redis.url;
    options.key_prefix = redis.key_prefix;
    options.timeout = redis.connect_timeout;
    options.metrics = metrics;
    return std::make_unique<RedisRateLimiter>(options);
  }
  LocalRateLimiterOptions options;
  options.max_buckets = static_cast<size_t>(std::max<int64_t>(1, limits.local_max_buckets));
  return std::make_unique<LocalRateLimiter>(options);
}

}  // namespace sb::ratelimit
