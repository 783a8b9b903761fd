// TemplateCache: compiled templates by (tenant, key, version), least recently used out first.
// Versions never change once written, so an entry never goes stale; it is only evicted.
#pragma once

#include "notify/templates/CompiledTemplate.hpp"

#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>

namespace sb::notify {

// Thread-safe.
class TemplateCache {
 public:
  explicit TemplateCache(size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  std::shared_ptr<const CompiledTemplate> find(const std::string& tenant, const std::string& key, int version);
  void put(const std::string& tenant, const std::string& key, int version,
           std::shared_ptr<const CompiledTemplate> compiled);
  size_t size() const;

 private:
  using Entry = std::pair<std::string, std::shared_ptr<const CompiledTemplate>>;
  static std::string cacheKey(const std::string& tenant, const std::string& key, int version);

  const size_t capacity_;
  mutable std::mutex mutex_;
  std::list<Entry> lru_;  // most recently used first
  std::unordered_map<std::string, std::list<Entry>::iterator> index_;
};

}  // namespace sb::notify
