// LocalResultCache: computed recommendation lists, in process: least recently used out
// beyond `max_entries`, expired after `ttl`. A user's entries are invalidated at once by
// bumping that user's generation (part of every key), so old entries simply age out.
#pragma once

#include "recommend/serving/ResultCache.hpp"

#include <chrono>
#include <cstdint>
#include <list>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace sb::recommend {

class LocalResultCache final : public ResultCache {
 public:
  LocalResultCache(size_t maxEntries, std::chrono::milliseconds ttl);

  std::optional<std::string> get(const std::string& tenant, const std::string& user, const std::string& key) override;
  void put(const std::string& tenant, const std::string& user, const std::string& key, std::string value) override;
  void invalidateUser(const std::string& tenant, const std::string& user) override;
  std::string describe() const override;
  size_t size() const;

  struct Stats {
    uint64_t hits = 0;
    uint64_t misses = 0;
  };
  Stats stats() const;

 private:
  std::string fullKey(const std::string& tenant, const std::string& user, const std::string& key) const;

  struct Entry {
    std::string key;
    std::string value;
    std::chrono::steady_clock::time_point expires;
  };
  size_t max_entries_;
  std::chrono::milliseconds ttl_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // most recent first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
  std::unordered_map<std::string, uint64_t> generations_;  // tenant + '\x1f' + user
  Stats stats_;
};

}  // namespace sb::recommend
