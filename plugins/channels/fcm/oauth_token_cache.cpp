#include "oauth_token_cache.hpp"

#include <algorithm>
#include <utility>

namespace fcm {

OAuthTokenCache::OAuthTokenCache(Fetch fetch, Clock now_ms, std::chrono::seconds margin)
    : fetch_(std::move(fetch)), now_ms_(std::move(now_ms)), margin_(margin) {}

std::string OAuthTokenCache::get() {
  std::lock_guard lock(mutex_);
  if (!token_.empty() && now_ms_() < refresh_at_ms_) return token_;
  token_.clear();
  // Measured before the request: the lifetime starts when Google issues the token,
  // which is after this instant, so the estimate errs on the safe side.
  const int64_t requested_at = now_ms_();
  AccessToken fresh = fetch_();
  const int64_t lifetime_ms = std::chrono::milliseconds(fresh.lifetime).count();
  const int64_t margin_ms = std::min<int64_t>(std::chrono::milliseconds(margin_).count(), lifetime_ms / 2);
  // A token with no lifetime left is used for this call only, never cached.
  if (lifetime_ms > 0) {
    token_ = fresh.value;
    refresh_at_ms_ = requested_at + lifetime_ms - margin_ms;
  }
  return fresh.value;
}

void OAuthTokenCache::invalidate(const std::string& rejected) {
  std::lock_guard lock(mutex_);
  if (token_ == rejected) token_.clear();
}

}  // namespace fcm
