// LocalRateLimiter: token buckets in this process — for a single instance, or when Redis is
// not configured. Sharded so threads rarely wait on each other.
//
// Memory stays bounded: a bucket that has refilled to full is the same as no bucket, so
// full ones are dropped by a sweep that runs as a shard is used (amortised, no thread).
// If a shard still holds its share of `max_buckets`, the bucket closest to full makes room
// (its caller gets a fresh burst a little early: the cheapest thing to forget).
#pragma once

#include "ratelimit/RateLimiter.hpp"

#include <cstddef>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace sb::ratelimit {

struct LocalRateLimiterOptions {
  size_t max_buckets = 100000;
  size_t shards = 16;
  std::function<int64_t()> clock_ms;  // monotonic milliseconds; default: steady_clock
};

class LocalRateLimiter final : public RateLimiter {
 public:
  explicit LocalRateLimiter(LocalRateLimiterOptions options = {});
  ~LocalRateLimiter() override;

  Decision take(const std::string& bucket, const BucketLimit& limit, int64_t cost = 1) override;
  std::string describe() const override { return "in-process"; }

  // Buckets held now (full ones not yet swept included).
  size_t bucketCount() const;

 private:
  struct Entry {
    BucketState state;
    int64_t full_at_ms = 0;  // from then on it equals a fresh bucket: droppable
  };
  struct Shard {
    mutable std::mutex mutex;
    std::unordered_map<std::string, Entry> buckets;
    size_t takes_since_sweep = 0;
  };

  Shard& shardFor(const std::string& bucket);
  // Drops every bucket that is full by `nowMs`.
  static void sweep(Shard& shard, int64_t nowMs);
  // Before adding to a shard at its share: sweep, then drop the bucket nearest to full.
  void makeRoom(Shard& shard, int64_t nowMs) const;

  size_t per_shard_;
  std::function<int64_t()> clock_ms_;
  std::vector<std::unique_ptr<Shard>> shards_;
};

}  // namespace sb::ratelimit
