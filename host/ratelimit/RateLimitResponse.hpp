// RateLimitResponse: how a verdict shows in the answer — the X-RateLimit-* headers on every
// limited request, and the 429 (error code rate_limited, with Retry-After) when refused.
// Strings only: the transport adds them to whatever it sends.
#pragma once

#include "core/Error.hpp"
#include "ratelimit/ApiRateLimits.hpp"

#include <string>
#include <utility>
#include <vector>

namespace sb::ratelimit {

using HeaderList = std::vector<std::pair<std::string, std::string>>;

// X-RateLimit-Limit (the burst), X-RateLimit-Remaining (whole tokens left),
// X-RateLimit-Reset (seconds until the bucket is full again), and Retry-After (seconds)
// when refused. Nothing for an unchecked take: there are no numbers to tell.
HeaderList rateLimitHeaders(const Verdict& verdict);

// sb::Error RateLimited ("rate_limited") with details {limit, rate, retry_after_seconds,
// scope, class}.
Error rateLimitedError(const Verdict& verdict);

}  // namespace sb::ratelimit
