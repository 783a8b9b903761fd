#include "recommend/serving/RedisResultCache.hpp"

#include "bus/RedisConnection.hpp"
#include "core/Clock.hpp"

#include <Poco/Redis/Type.h>
#include <spdlog/spdlog.h>

namespace sb::recommend {
namespace {

constexpr int64_t kPauseMs = 1000;


}  // namespace

RedisResultCache::RedisResultCache(const std::string& url, std::string keyPrefix, std::chrono::milliseconds ttl,
                                   std::chrono::milliseconds timeout, int connections)
    : url_(bus::parseRedisUrl(url)),
      prefix_(std::move(keyPrefix)),
      ttl_(ttl),
      timeout_(timeout),
      max_idle_(static_cast<size_t>(std::max(1, connections))) {}

RedisResultCache::~RedisResultCache() = default;

std::string RedisResultCache::hashKey(const std::string& tenant, const std::string& user) const {
  return prefix_ + ":recs:" + tenant + ":" + user;
}

std::string RedisResultCache::describe() const { return url_.describe(); }

template <class Use>
bool RedisResultCache::withConnection(Use&& use) {
  if (steadyNowMs() < paused_until_ms_.load()) return false;
  Connection connection;
  {
    std::lock_guard lock(mutex_);
    if (!idle_.empty()) {
      connection = std::move(idle_.back());
      idle_.pop_back();
    }
  }
  try {
    if (!connection || connection->unusable()) connection = bus::RedisConnection::open(url_, timeout_);
    use(*connection);
  } catch (const std::exception& e) {
    paused_until_ms_ = steadyNowMs() + kPauseMs;
    if (!failing_.exchange(true))
      spdlog::warn("recommendation cache: {} failed ({}); serving without the cache until it answers", describe(), e.what());
    return false;
  }
  if (failing_.exchange(false)) spdlog::info("recommendation cache: {} answers again", describe());
  std::lock_guard lock(mutex_);
  if (idle_.size() < max_idle_) idle_.push_back(std::move(connection));
  return true;
}

std::optional<std::string> RedisResultCache::get(const std::string& tenant, const std::string& user,
                                                 const std::string& key) {
  std::optional<std::string> found;
  withConnection([&](bus::RedisConnection& redis) {
    auto reply = redis.execute({"HGET", hashKey(tenant, user), key});
    if (!reply || reply->isBulkString() == false) return;
    auto bulk = reply.cast<Poco::Redis::Type<Poco::Redis::BulkString>>()->value();
    if (bulk.isNull()) return;
    const std::string& stored = bulk.value();
    auto bar = stored.find('|');
    if (bar == std::string::npos) return;
    if (std::stoll(stored.substr(0, bar)) < nowUnixMs()) return;  // expired
    found = stored.substr(bar + 1);
  });
  return found;
}

void RedisResultCache::put(const std::string& tenant, const std::string& user, const std::string& key,
                           std::string value) {
  if (ttl_.count() <= 0) return;
  const std::string hash = hashKey(tenant, user);
  std::string stored = std::to_string(nowUnixMs() + ttl_.count()) + "|" + value;
  withConnection([&](bus::RedisConnection& redis) {
    // Pipelined: both commands go out before their replies are read.
    redis.send({"HSET", hash, key, stored});
    redis.send({"PEXPIRE", hash, std::to_string(ttl_.count())});
    redis.readReply(timeout_);
    redis.readReply(timeout_);
  });
}

void RedisResultCache::invalidateUser(const std::string& tenant, const std::string& user) {
  withConnection([&](bus::RedisConnection& redis) { redis.execute({"DEL", hashKey(tenant, user)}); });
}

}  // namespace sb::recommend
