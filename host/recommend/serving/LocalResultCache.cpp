#include "recommend/serving/LocalResultCache.hpp"

namespace sb::recommend {

LocalResultCache::LocalResultCache(size_t maxEntries, std::chrono::milliseconds ttl) : max_entries_(maxEntries), ttl_(ttl) {}

std::string LocalResultCache::fullKey(const std::string& tenant, const std::string& user, const std::string& key) const {
  std::string userKey = tenant + '\x1f' + user;
  auto g = generations_.find(userKey);
  return userKey + '\x1f' + std::to_string(g == generations_.end() ? 0 : g->second) + '\x1f' + key;
}

std::optional<std::string> LocalResultCache::get(const std::string& tenant, const std::string& user, const std::string& key) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(fullKey(tenant, user, key));
  if (it == index_.end() || it->second->expires < std::chrono::steady_clock::now()) {
    ++stats_.misses;
    return std::nullopt;
  }
  lru_.splice(lru_.begin(), lru_, it->second);
  ++stats_.hits;
  return it->second->value;
}

void LocalResultCache::put(const std::string& tenant, const std::string& user, const std::string& key, std::string value) {
  if (max_entries_ == 0) return;
  std::lock_guard lock(mutex_);
  std::string k = fullKey(tenant, user, key);
  auto expires = std::chrono::steady_clock::now() + ttl_;
  if (auto it = index_.find(k); it != index_.end()) {
    it->second->value = std::move(value);
    it->second->expires = expires;
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.push_front(Entry{k, std::move(value), expires});
  index_[k] = lru_.begin();
  while (lru_.size() > max_entries_) {
    index_.erase(lru_.back().key);
    lru_.pop_back();
  }
}

void LocalResultCache::invalidateUser(const std::string& tenant, const std::string& user) {
  std::lock_guard lock(mutex_);
  ++generations_[tenant + '\x1f' + user];
}

std::string LocalResultCache::describe() const {
  return "in-process (" + std::to_string(max_entries_) + " lists, " + std::to_string(ttl_.count() / 1000) + " s)";
}

size_t LocalResultCache::size() const {
  std::lock_guard lock(mutex_);
  return lru_.size();
}

LocalResultCache::Stats LocalResultCache::stats() const {
  std::lock_guard lock(mutex_);
  return stats_;
}

}  // namespace sb::recommend
