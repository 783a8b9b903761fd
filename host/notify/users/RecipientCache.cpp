#include "notify/users/RecipientCache.hpp"

namespace sb::notify {

std::optional<Recipient> RecipientCache::get(const std::string& tenant, const std::string& user) {
  if (!enabled()) return std::nullopt;
  std::lock_guard lock(mutex_);
  auto it = entries_.find(key(tenant, user));
  if (it == entries_.end()) return std::nullopt;
  if (it->second.expires <= std::chrono::steady_clock::now()) {
    entries_.erase(it);
    return std::nullopt;
  }
  return it->second.recipient;
}

void RecipientCache::put(const std::string& tenant, const std::string& user, const Recipient& recipient) {
  if (!enabled()) return;
  std::lock_guard lock(mutex_);
  if (entries_.size() >= capacity_) entries_.clear();  // bounded; a cold cache only costs reads
  entries_[key(tenant, user)] = Entry{recipient, std::chrono::steady_clock::now() + ttl_};
}

void RecipientCache::invalidate(const std::string& tenant, const std::string& user) {
  if (!enabled()) return;
  std::lock_guard lock(mutex_);
  entries_.erase(key(tenant, user));
}

}  // namespace sb::notify
