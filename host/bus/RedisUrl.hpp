// RedisUrl: where a Redis server is and how to log in, parsed from a redis:// URL (shared by
// the bus and later Redis users: cache, rate limits).
#pragma once

#include <string>

namespace sb::bus {

struct RedisUrl {
  std::string host;      // name or address; an IPv6 address without its brackets
  int port = 6379;
  std::string password;  // SECRET: empty = no AUTH; never log it
  int db = 0;            // SELECTed after connecting

  // "redis 127.0.0.1:6379/0" — for logs, health and errors; never shows the password.
  std::string describe() const;
};

// Accepts redis://[[default]:password@]host[:port][/db]. The password is percent-decoded
// (so it may hold "@", ":" or "/" encoded); IPv6 hosts go in brackets. Refuses, with a
// std::invalid_argument naming what is wrong (and never quoting the password): other
// schemes, rediss:// (TLS is not supported), a user other than "default" (ACL users are
// not supported), query parameters, a bad port or database number.
RedisUrl parseRedisUrl(const std::string& url);

}  // namespace sb::bus
