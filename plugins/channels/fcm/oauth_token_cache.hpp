// oauth_token_cache: one access token shared by every thread sending through an instance,
// fetched by one of them when missing, expiring or rejected.
#pragma once

#include "token_endpoint.hpp"

#include <chrono>
#include <cstdint>
#include <functional>
#include <mutex>
#include <string>

namespace fcm {

class OAuthTokenCache {
 public:
  using Fetch = std::function<AccessToken()>;  // throws Retry / Permanent
  using Clock = std::function<int64_t()>;      // Unix ms

  // A token is used until `margin` before it expires, so a request never leaves with a
  // token that dies in flight. Short-lived tokens (lifetime under twice the margin) are
  // kept for half their lifetime instead.
  OAuthTokenCache(Fetch fetch, Clock now_ms, std::chrono::seconds margin = std::chrono::seconds(60));

  // The cached token, or a fresh one. Concurrent callers wait for one fetch instead of
  // each asking the endpoint; a failed fetch is thrown to the caller that ran it, and the
  // next caller tries again.
  std::string get();

  // Forgets `rejected` (answered 401) unless another thread has already replaced it.
  void invalidate(const std::string& rejected);

 private:
  Fetch fetch_;
  Clock now_ms_;
  std::chrono::seconds margin_;
  std::mutex mutex_;  // guards the fields below, and is held during a fetch
  std::string token_;
  int64_t refresh_at_ms_ = 0;
};

}  // namespace fcm
