#include "ratelimit/LocalRateLimiter.hpp"

#include "core/Clock.hpp"

#include <algorithm>
#include <chrono>

namespace sb::ratelimit {
namespace {

// A shard sweeps after this many takes, or as many as it holds buckets if that is more:
// each sweep costs O(buckets), so the cost per take stays constant.
constexpr size_t kMinTakesBetweenSweeps = 1024;


}  // namespace

LocalRateLimiter::LocalRateLimiter(LocalRateLimiterOptions options)
    : clock_ms_(options.clock_ms ? std::move(options.clock_ms) : steadyNowMs) {
  const size_t shards = std::max<size_t>(1, options.shards);
  const size_t maxBuckets = std::max<size_t>(1, options.max_buckets);
  per_shard_ = std::max<size_t>(1, (maxBuckets + shards - 1) / shards);
  for (size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

LocalRateLimiter::~LocalRateLimiter() = default;

LocalRateLimiter::Shard& LocalRateLimiter::shardFor(const std::string& bucket) {
  return *shards_[std::hash<std::string>{}(bucket) % shards_.size()];
}

Decision LocalRateLimiter::take(const std::string& bucket, const BucketLimit& limit, int64_t cost) {
  Shard& shard = shardFor(bucket);
  const int64_t nowMs = clock_ms_();
  std::lock_guard lock(shard.mutex);
  if (++shard.takes_since_sweep >= std::max(kMinTakesBetweenSweeps, shard.buckets.size())) sweep(shard, nowMs);

  auto it = shard.buckets.find(bucket);
  if (it == shard.buckets.end()) {
    if (shard.buckets.size() >= per_shard_) makeRoom(shard, nowMs);
    it = shard.buckets.emplace(bucket, Entry{freshBucket(limit, nowMs), nowMs}).first;
  }
  Entry& entry = it->second;
  TakeResult result = takeTokens(entry.state, limit, cost, nowMs);
  entry.full_at_ms = entry.state.updated_ms + result.full_in_ms;
  return decisionFrom(limit, result);
}

void LocalRateLimiter::sweep(Shard& shard, int64_t nowMs) {
  std::erase_if(shard.buckets, [nowMs](const auto& item) { return item.second.full_at_ms <= nowMs; });
  shard.takes_since_sweep = 0;
}

void LocalRateLimiter::makeRoom(Shard& shard, int64_t nowMs) const {
  sweep(shard, nowMs);
  while (shard.buckets.size() >= per_shard_) {
    auto nearestFull = std::min_element(shard.buckets.begin(), shard.buckets.end(), [](const auto& a, const auto& b) {
      return a.second.full_at_ms < b.second.full_at_ms;
    });
    shard.buckets.erase(nearestFull);
  }
}

size_t LocalRateLimiter::bucketCount() const {
  size_t count = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    count += shard->buckets.size();
  }
  return count;
}

}  // namespace sb::ratelimit
