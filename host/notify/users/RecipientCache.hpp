// RecipientCache: recipients read on the accept path, kept for a short TTL so that sending
// many notifications to the same users does not read each user from the store every time.
// Changes made through this instance invalidate at once; changes made on another instance
// are seen within the TTL (notifications.recipient_cache_ttl).
#pragma once

#include "notify/users/Recipient.hpp"

#include <chrono>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>

namespace sb::notify {

class RecipientCache {
 public:
  explicit RecipientCache(std::chrono::milliseconds ttl, size_t capacity = 100000) : ttl_(ttl), capacity_(capacity) {}

  bool enabled() const { return ttl_.count() > 0; }
  std::optional<Recipient> get(const std::string& tenant, const std::string& user);
  void put(const std::string& tenant, const std::string& user, const Recipient& recipient);
  void invalidate(const std::string& tenant, const std::string& user);

 private:
  static std::string key(const std::string& tenant, const std::string& user) { return tenant + '\0' + user; }
  struct Entry {
    Recipient recipient;
    std::chrono::steady_clock::time_point expires;
  };
  std::chrono::milliseconds ttl_;
  size_t capacity_;
  std::mutex mutex_;
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace sb::notify
