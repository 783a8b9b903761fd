// Small pieces every mode shares: command-line arguments, tokens, statistics, the summary line,
// the server's RSS, and the file-descriptor limit.
#pragma once

#include <Poco/JSON/Object.h>

#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

namespace wsb {

// "--name value" pairs (a name may repeat) and bare "--flag"s after the subcommand.
class Args {
 public:
  Args(int argc, char** argv, int first);
  bool has(const std::string& name) const { return values_.count(name) != 0; }
  std::string str(const std::string& name, const std::string& fallback = "") const;
  std::string required(const std::string& name) const;
  std::vector<std::string> all(const std::string& name) const;
  int64_t integer(const std::string& name, int64_t fallback) const;
  // "10s", "500ms", "2m" or plain seconds.
  std::chrono::milliseconds duration(const std::string& name, std::chrono::milliseconds fallback) const;

 private:
  std::map<std::string, std::vector<std::string>> values_;
};

// Signs HS256 end-user tokens: sub = user id, tenant claim, integer exp, and iss/aud unless empty.
struct TokenClaims {
  std::string tenant = "default", tenantClaim = "tenant", issuer = "switchboard", audience = "switchboard";
  int64_t ttlSeconds = 7200;
};

class TokenSigner {
 public:
  TokenSigner(std::string secret, TokenClaims claims);
  std::string forUser(const std::string& userId) const;

 private:
  std::string secret_;
  TokenClaims claims_;
};

// Percentiles (nearest rank) of a sample, in the sample's unit.
struct Distribution {
  explicit Distribution(std::vector<double> values);
  double at(double percentile) const;
  double max() const { return sorted.empty() ? 0 : sorted.back(); }
  size_t count() const { return sorted.size(); }
  std::string describe(const char* unit = "ms") const;  // "p50 1.2 ms, p90 ..., p99 ..., max ..."
  Poco::JSON::Object::Ptr json() const;
  std::vector<double> sorted;
};

double millis(std::chrono::steady_clock::duration d);
double seconds(std::chrono::steady_clock::duration d);

// One-line JSON whose keys keep their insertion order.
Poco::JSON::Object::Ptr orderedObject();
std::string oneLine(const Poco::JSON::Object::Ptr& object);

// A process's memory and thread count from /proc/PID/status (0 when unknown).
struct ProcessSample {
  int64_t rssKiB = 0;
  int64_t threads = 0;
  static ProcessSample of(int pid);
};

// Raises the soft RLIMIT_NOFILE to the hard one; returns the new soft limit.
uint64_t raiseFileLimit();

}  // namespace wsb
