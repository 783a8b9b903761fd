#include "notify/templates/TemplateCache.hpp"

namespace sb::notify {

std::string TemplateCache::cacheKey(const std::string& tenant, const std::string& key, int version) {
  // Neither tenant ids nor template keys can hold '\n'.
  return tenant + '\n' + key + '\n' + std::to_string(version);
}

std::shared_ptr<const CompiledTemplate> TemplateCache::find(const std::string& tenant, const std::string& key,
                                                            int version) {
  std::lock_guard lock(mutex_);
  auto it = index_.find(cacheKey(tenant, key, version));
  if (it == index_.end()) return nullptr;
  lru_.splice(lru_.begin(), lru_, it->second);
  return it->second->second;
}

void TemplateCache::put(const std::string& tenant, const std::string& key, int version,
                        std::shared_ptr<const CompiledTemplate> compiled) {
  auto name = cacheKey(tenant, key, version);
  std::lock_guard lock(mutex_);
  if (auto it = index_.find(name); it != index_.end()) {
    lru_.splice(lru_.begin(), lru_, it->second);
    return;
  }
  lru_.emplace_front(name, std::move(compiled));
  index_[name] = lru_.begin();
  while (lru_.size() > capacity_) {
    index_.erase(lru_.back().first);
    lru_.pop_back();
  }
}

size_t TemplateCache::size() const {
  std::lock_guard lock(mutex_);
  return lru_.size();
}

}  // namespace sb::notify
