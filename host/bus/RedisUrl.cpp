#include "bus/RedisUrl.hpp"

#include "core/PercentDecode.hpp"

#include <algorithm>
#include <cctype>
#include <stdexcept>
#include <string_view>

namespace sb::bus {
namespace {

[[noreturn]] void fail(const std::string& what) { throw std::invalid_argument("redis url: " + what); }

std::string lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), [](unsigned char c) { return std::tolower(c); });
  return out;
}

// `component` names the part in the error; the text itself is never quoted (it may be
// the password).
std::string percentDecode(std::string_view text, std::string_view component) {
  auto decoded = sb::percentDecode(text);
  if (!decoded) fail("bad percent-encoding in the " + std::string(component));
  return *decoded;
}

// Digits only, within [low, high]; `what` names the field in the error.
int parseNumber(std::string_view text, int low, int high, const std::string& what) {
  const bool digits = !text.empty() && text.size() <= 9 &&
                      std::all_of(text.begin(), text.end(), [](unsigned char c) { return std::isdigit(c); });
  const int value = digits ? std::stoi(std::string(text)) : -1;
  if (!digits || value < low || value > high)
    fail("invalid " + what + " '" + std::string(text) + "' (expected " + std::to_string(low) + "-" +
         std::to_string(high) + ")");
  return value;
}

// userinfo is "[user]:password"; only the default user exists without ACLs.
std::string parsePassword(std::string_view userinfo) {
  const std::size_t colon = userinfo.find(':');
  if (colon == std::string_view::npos)
    fail("put the password after a colon: redis://:PASSWORD@host (user names are not supported)");
  const std::string user = percentDecode(userinfo.substr(0, colon), "user name");
  if (!user.empty() && user != "default")
    fail("Redis ACL users are not supported, only the default user (redis://:PASSWORD@host)");
  return percentDecode(userinfo.substr(colon + 1), "password");
}

void parseHostPort(std::string_view hostPort, RedisUrl& url) {
  std::string_view port;
  if (hostPort.starts_with('[')) {  // [IPv6]:port
    const std::size_t close = hostPort.find(']');
    if (close == std::string_view::npos) fail("unterminated '[' in the IPv6 host");
    url.host = std::string(hostPort.substr(1, close - 1));
    const std::string_view after = hostPort.substr(close + 1);
    if (!after.empty() && !after.starts_with(':')) fail("unexpected text after the IPv6 host");
    if (!after.empty()) port = after.substr(1);
    if (after == ":") fail("empty port");
  } else {
    const std::size_t colon = hostPort.find(':');
    url.host = std::string(hostPort.substr(0, colon));
    if (colon != std::string_view::npos) {
      port = hostPort.substr(colon + 1);
      if (port.empty()) fail("empty port");
    }
  }
  if (url.host.empty()) fail("missing host (redis://host[:port][/db])");
  if (!port.empty()) url.port = parseNumber(port, 1, 65535, "port");
}

}  // namespace

std::string RedisUrl::describe() const {
  const bool ipv6 = host.find(':') != std::string::npos;
  return "redis " + (ipv6 ? "[" + host + "]" : host) + ":" + std::to_string(port) + "/" + std::to_string(db);
}

RedisUrl parseRedisUrl(const std::string& text) {
  if (text.empty()) fail("is empty");
  const std::size_t schemeEnd = text.find("://");
  const std::string scheme = schemeEnd == std::string::npos ? "" : lower(text.substr(0, schemeEnd));
  const bool plausibleScheme = !scheme.empty() && scheme.size() <= 16 &&
                               std::all_of(scheme.begin(), scheme.end(), [](unsigned char c) {
                                 return std::isalnum(c) || c == '+' || c == '.' || c == '-';
                               });
  // Quote the scheme only when it looks like one: anything else may be a mangled secret.
  if (!plausibleScheme) fail("must start with redis:// (redis://[:password@]host[:port][/db])");
  if (scheme == "rediss")
    fail("rediss:// (TLS) is not supported (Poco::Redis has no TLS); use redis://, e.g. through a local TLS "
         "tunnel");
  if (scheme != "redis") fail("unsupported scheme '" + scheme + "://' (expected redis://)");

  std::string_view rest = std::string_view(text).substr(schemeEnd + 3);
  RedisUrl url;
  // The last '@' ends the userinfo, so an unencoded '@' or '/' in the password still works.
  const std::size_t at = rest.rfind('@');
  if (at != std::string_view::npos) {
    url.password = parsePassword(rest.substr(0, at));
    rest.remove_prefix(at + 1);
  }
  if (rest.find_first_of("?#") != std::string_view::npos)
    fail("query parameters and fragments are not supported");
  const std::size_t slash = rest.find('/');
  parseHostPort(rest.substr(0, slash), url);
  if (slash != std::string_view::npos) {
    const std::string_view db = rest.substr(slash + 1);
    if (!db.empty()) url.db = parseNumber(db, 0, 999999, "database number");
  }
  return url;
}

}  // namespace sb::bus
