#include "ratelimit/RateClass.hpp"

namespace sb::ratelimit {

const char* rateClassName(RateClass rateClass) {
  switch (rateClass) {
    case RateClass::Read: return "read";
    case RateClass::Write: return "write";
    case RateClass::Bulk: return "bulk";
    case RateClass::Auth: return "auth";
  }
  return "write";
}

std::optional<RateClass> parseRateClass(std::string_view name) {
  for (RateClass c : {RateClass::Read, RateClass::Write, RateClass::Bulk, RateClass::Auth})
    if (name == rateClassName(c)) return c;
  return std::nullopt;
}

RateClass defaultRateClassFor(std::string_view method) {
  return method == "GET" || method == "HEAD" ? RateClass::Read : RateClass::Write;
}

}  // namespace sb::ratelimit
