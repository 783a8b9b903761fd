#include "ratelimit/RateLimitResponse.hpp"

namespace sb::ratelimit {

HeaderList rateLimitHeaders(const Verdict& verdict) {
  const Decision& d = verdict.decision;
  if (d.unchecked) return {};
  HeaderList headers{{"X-RateLimit-Limit", std::to_string(d.limit)},
                     {"X-RateLimit-Remaining", std::to_string(d.remaining)},
                     {"X-RateLimit-Reset", std::to_string(d.reset_seconds)}};
  if (!d.allowed) headers.emplace_back("Retry-After", std::to_string(d.retry_after_seconds));
  return headers;
}

Error rateLimitedError(const Verdict& verdict) {
  const Decision& d = verdict.decision;
  Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
  details->set("limit", static_cast<Poco::Int64>(d.limit));
  details->set("rate", verdict.limit.rate);
  details->set("retry_after_seconds", static_cast<Poco::Int64>(d.retry_after_seconds));
  details->set("scope", std::string(scopeName(verdict.scope)));
  details->set("class", std::string(rateClassName(verdict.rate_class)));
  const std::string who = verdict.scope == Scope::Key ? "this API key" : "this user";
  return Error(ErrorKind::RateLimited, "rate_limited",
               std::string("too many ") + rateClassName(verdict.rate_class) + " requests for " + who + "; retry in " +
                   std::to_string(d.retry_after_seconds) + " s",
               details);
}

}  // namespace sb::ratelimit
