#include "Support.hpp"

#include <Poco/JWT/Signer.h>
#include <Poco/JWT/Token.h>

#include <sys/resource.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <stdexcept>

namespace wsb {

Args::Args(int argc, char** argv, int first) {
  for (int i = first; i < argc; ++i) {
    std::string name = argv[i];
    if (name.rfind("--", 0) != 0) throw std::invalid_argument("unexpected argument '" + name + "'");
    name.erase(0, 2);
    const bool hasValue = i + 1 < argc && std::string(argv[i + 1]).rfind("--", 0) != 0;
    values_[name].push_back(hasValue ? argv[++i] : "true");
  }
}

std::string Args::str(const std::string& name, const std::string& fallback) const {
  auto it = values_.find(name);
  return it == values_.end() ? fallback : it->second.back();
}

std::string Args::required(const std::string& name) const {
  if (!has(name)) throw std::invalid_argument("--" + name + " is required");
  return str(name);
}

std::vector<std::string> Args::all(const std::string& name) const {
  auto it = values_.find(name);
  return it == values_.end() ? std::vector<std::string>{} : it->second;
}

int64_t Args::integer(const std::string& name, int64_t fallback) const {
  if (!has(name)) return fallback;
  try {
    return std::stoll(str(name));
  } catch (const std::exception&) {
    throw std::invalid_argument("--" + name + " wants an integer, got '" + str(name) + "'");
  }
}

std::chrono::milliseconds Args::duration(const std::string& name, std::chrono::milliseconds fallback) const {
  if (!has(name)) return fallback;
  const std::string v = str(name);
  size_t used = 0;
  double n = 0;
  try {
    n = std::stod(v, &used);
  } catch (const std::exception&) {
    throw std::invalid_argument("--" + name + " wants a duration like 10s, got '" + v + "'");
  }
  const std::string unit = v.substr(used);
  double ms = 0;
  if (unit.empty() || unit == "s") ms = n * 1000;
  else if (unit == "ms") ms = n;
  else if (unit == "m") ms = n * 60000;
  else throw std::invalid_argument("--" + name + ": unknown unit '" + unit + "'");
  return std::chrono::milliseconds(static_cast<int64_t>(ms));
}

TokenSigner::TokenSigner(std::string secret, TokenClaims claims) : secret_(std::move(secret)), claims_(std::move(claims)) {}

std::string TokenSigner::forUser(const std::string& userId) const {
  Poco::JWT::Token token;
  token.setType("JWT");
  token.payload().set("sub", userId);
  token.payload().set(claims_.tenantClaim, claims_.tenant);
  if (!claims_.issuer.empty()) token.payload().set("iss", claims_.issuer);
  if (!claims_.audience.empty()) token.payload().set("aud", claims_.audience);
  // Whole seconds: Poco's setExpiration writes fractions that some verifiers refuse.
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch());
  token.payload().set("exp", static_cast<Poco::Int64>(now.count() + claims_.ttlSeconds));
  Poco::JWT::Signer signer(secret_);
  return signer.sign(token, Poco::JWT::Signer::ALGO_HS256);
}

Distribution::Distribution(std::vector<double> values) : sorted(std::move(values)) {
  std::sort(sorted.begin(), sorted.end());
}

double Distribution::at(double percentile) const {
  if (sorted.empty()) return 0;
  const auto rank = static_cast<size_t>(std::ceil(percentile / 100.0 * static_cast<double>(sorted.size())));
  return sorted[std::clamp<size_t>(rank, 1, sorted.size()) - 1];
}

std::string Distribution::describe(const char* unit) const {
  if (sorted.empty()) return "(no samples)";
  char buf[160];
  std::snprintf(buf, sizeof buf, "p50 %.1f %s, p90 %.1f %s, p99 %.1f %s, max %.1f %s", at(50), unit, at(90), unit,
                at(99), unit, max(), unit);
  return buf;
}

Poco::JSON::Object::Ptr Distribution::json() const {
  auto o = orderedObject();
  auto round1 = [](double v) { return std::round(v * 10) / 10; };
  o->set("p50", round1(at(50)));
  o->set("p90", round1(at(90)));
  o->set("p99", round1(at(99)));
  o->set("max", round1(max()));
  o->set("n", static_cast<Poco::UInt64>(count()));
  return o;
}

double millis(std::chrono::steady_clock::duration d) {
  return std::chrono::duration<double, std::milli>(d).count();
}

double seconds(std::chrono::steady_clock::duration d) { return std::chrono::duration<double>(d).count(); }

Poco::JSON::Object::Ptr orderedObject() { return new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER); }

std::string oneLine(const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  object->stringify(out);
  return out.str();
}

ProcessSample ProcessSample::of(int pid) {
  ProcessSample s;
  if (pid <= 0) return s;
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmRSS:", 0) == 0) s.rssKiB = std::stoll(line.substr(6));
    if (line.rfind("Threads:", 0) == 0) s.threads = std::stoll(line.substr(8));
  }
  return s;
}

uint64_t raiseFileLimit() {
  rlimit lim{};
  getrlimit(RLIMIT_NOFILE, &lim);
  if (lim.rlim_cur < lim.rlim_max) {
    lim.rlim_cur = lim.rlim_max;
    setrlimit(RLIMIT_NOFILE, &lim);
  }
  return lim.rlim_cur;
}

}  // namespace wsb
