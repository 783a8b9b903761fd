#include "ratelimit/RedisRateLimiter.hpp"

#include "core/Clock.hpp"

#include "bus/RedisConnection.hpp"
#include "metrics/MetricsRegistry.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/Redis/Array.h>
#include <Poco/SHA1Engine.h>
#include <spdlog/spdlog.h>

#include <charconv>

namespace sb::ratelimit {
namespace {

constexpr int64_t kPauseMs = 1000;           // Redis failed: leave it alone this long
constexpr int64_t kWarningEveryMs = 10000;   // while failing, one warning per this

// The steps of takeTokens() (TokenBucket.cpp), in Redis's time. Numbers come back as
// integers (Redis truncates Lua numbers), so the script returns milliseconds and the floor
// of the tokens; the C++ side rounds to seconds exactly as the local limiter does.
// TIME before writes is allowed: Redis 7 replicates scripts by their effects.
const std::string kScript = R"lua(
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
local rate = tonumber(ARGV[1])
local burst = tonumber(ARGV[2])
local cost = tonumber(ARGV[3])
local state = redis.call('HMGET', KEYS[1], 'tokens', 'updated')
local tokens = tonumber(state[1])
local updated = tonumber(state[2])
if tokens == nil or updated == nil then
  tokens = burst
  updated = now
end
if now > updated then
  tokens = math.min(burst, tokens + (now - updated) * rate / 1000)
  updated = now
end
local allowed = 0
local retry = 0
if cost <= burst and tokens >= cost then
  tokens = tokens - cost
  allowed = 1
else
  retry = math.max(1, math.ceil((math.min(cost, burst) - tokens) * 1000 / rate))
end
local full = 0
if tokens < burst then full = math.ceil((burst - tokens) * 1000 / rate) end
redis.call('HSET', KEYS[1], 'tokens', tokens, 'updated', updated)
redis.call('PEXPIRE', KEYS[1], math.max(full, 1))
return {allowed, math.floor(tokens), full, retry}
)lua";


std::string sha1Hex(const std::string& text) {
  Poco::SHA1Engine engine;
  engine.update(text);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

// Shortest text that reads back as the same double (a rate of 0.1 stays 0.1).
std::string numberText(double value) {
  char buffer[64];
  auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, value);
  return ec == std::errc() ? std::string(buffer, end) : std::to_string(value);
}

int64_t integerAt(const Poco::Redis::Array& array, size_t index) { return array.get<Poco::Int64>(index); }

}  // namespace

RedisRateLimiter::RedisRateLimiter(RedisRateLimiterOptions options)
    : url_(bus::parseRedisUrl(options.url)),
      prefix_(std::move(options.key_prefix)),
      timeout_(options.timeout),
      max_idle_(std::max<size_t>(1, options.idle_connections)),
      metrics_(options.metrics),
      script_sha_(sha1Hex(kScript)) {}

RedisRateLimiter::~RedisRateLimiter() = default;

const std::string& RedisRateLimiter::script() { return kScript; }

std::string RedisRateLimiter::describe() const { return url_.describe(); }

std::string RedisRateLimiter::keyFor(const std::string& bucket) const { return prefix_ + ":ratelimit:" + bucket; }

Decision RedisRateLimiter::take(const std::string& bucket, const BucketLimit& limit, int64_t cost) {
  if (steadyNowMs() < paused_until_ms_.load()) return unchecked(limit);
  Connection connection = acquire();
  // A pooled connection may have died since (a Redis restart): one retry on a new one.
  bool mayRetry = connection != nullptr;
  for (;;) {
    try {
      if (!connection || connection->unusable()) {
        mayRetry = false;
        connection = bus::RedisConnection::open(url_, timeout_);
      }
      Decision decision = evaluate(*connection, keyFor(bucket), limit, cost);
      release(std::move(connection));
      if (failing_.exchange(false)) {
        last_warning_ms_ = 0;  // the next outage is news again
        spdlog::info("rate limits: {} answers again", describe());
      }
      return decision;
    } catch (const std::exception& e) {  // RedisError, or a reply of the wrong shape
      connection.reset();
      if (mayRetry) {
        mayRetry = false;
        continue;
      }
      paused_until_ms_ = steadyNowMs() + kPauseMs;
      Decision decision = unchecked(limit);
      reportFailure(e.what());
      return decision;
    }
  }
}

Decision RedisRateLimiter::evaluate(bus::RedisConnection& redis, const std::string& key, const BucketLimit& limit,
                                    int64_t cost) {
  std::vector<std::string> command{"EVALSHA", script_sha_, "1", key, numberText(limit.rate),
                                   std::to_string(limit.burst), std::to_string(cost)};
  bus::RedisConnection::Reply reply;
  try {
    reply = redis.execute(command);
  } catch (const bus::RedisError& e) {
    // Redis forgets scripts on restart (and SCRIPT FLUSH): send the text, which loads it again.
    if (std::string_view(e.what()).rfind("NOSCRIPT", 0) != 0) throw;
    command[0] = "EVAL";
    command[1] = kScript;
    reply = redis.execute(command);
  }
  if (reply.isNull() || !reply->isArray()) throw bus::RedisError("rate limit script: unexpected reply");
  const auto& array = reply.cast<Poco::Redis::Type<Poco::Redis::Array>>()->value();
  if (array.size() != 4) throw bus::RedisError("rate limit script: unexpected reply");
  return decisionFrom(limit, integerAt(array, 0) == 1, integerAt(array, 1), integerAt(array, 2), integerAt(array, 3));
}

Decision RedisRateLimiter::unchecked(const BucketLimit& limit) {
  ++unchecked_;
  if (metrics_) metrics_->counterAdd("switchboard_rate_limit_unchecked_total", "", 1);
  Decision decision;
  decision.allowed = true;
  decision.limit = limit.burst;
  decision.unchecked = true;
  return decision;
}

void RedisRateLimiter::reportFailure(const std::string& why) {
  failing_ = true;
  const int64_t nowMs = steadyNowMs();
  int64_t last = last_warning_ms_.load();
  if (last != 0 && nowMs - last < kWarningEveryMs) return;
  if (!last_warning_ms_.compare_exchange_strong(last, nowMs)) return;  // another thread warns
  spdlog::warn("rate limits: {} failed ({}); requests are allowed unchecked until it answers ({} so far)", describe(),
               why, unchecked_.load());
}

RedisRateLimiter::Connection RedisRateLimiter::acquire() {
  std::lock_guard lock(mutex_);
  if (idle_.empty()) return nullptr;
  Connection connection = std::move(idle_.back());
  idle_.pop_back();
  return connection;
}

void RedisRateLimiter::release(Connection connection) {
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
}

}  // namespace sb::ratelimit
