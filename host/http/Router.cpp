#include "http/Router.hpp"

#include "core/Error.hpp"

#include <Poco/JSON/Array.h>

#include <algorithm>

namespace sb::http {
namespace {

std::vector<std::string> splitPath(std::string_view path) {
  std::vector<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    while (i < path.size() && path[i] == '/') ++i;
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j;
  }
  return out;
}

bool isParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Number of static segments: more static = more specific, tried first.
int specificity(const Route& r) {
  return static_cast<int>(std::count_if(r.segments.begin(), r.segments.end(),
                                        [](const std::string& s) { return !isParam(s); }));
}

bool matchSegments(const Route& route, const std::vector<std::string>& parts,
                   std::map<std::string, std::string>* params) {
  if (route.segments.size() != parts.size()) return false;
  for (size_t i = 0; i < parts.size(); ++i) {
    const auto& seg = route.segments[i];
    if (isParam(seg)) {
      if (params) (*params)[seg.substr(1, seg.size() - 2)] = parts[i];
    } else if (seg != parts[i]) {
      return false;
    }
  }
  return true;
}

}  // namespace

void Router::add(std::string method, std::string pattern, Access access, Handler handler) {
  Route route{std::move(method), pattern, access, std::move(handler), splitPath(pattern)};
  route.rate_class = ratelimit::defaultRateClassFor(route.method);
  auto pos = std::find_if(routes_.begin(), routes_.end(),
                          [&](const Route& r) { return specificity(r) < specificity(route); });
  routes_.insert(pos, std::move(route));
}

bool Router::setBodyLimit(const std::string& method, const std::string& pattern, int64_t maxBodyBytes) {
  for (auto& route : routes_) {
    if (route.method == method && route.pattern == pattern) {
      route.max_body_bytes = maxBodyBytes;
      return true;
    }
  }
  return false;
}

bool Router::setRateClass(const std::string& method, const std::string& pattern, ratelimit::RateClass rateClass) {
  for (auto& route : routes_) {
    if (route.method == method && route.pattern == pattern) {
      route.rate_class = rateClass;
      return true;
    }
  }
  return false;
}

int64_t Router::bodyLimitFor(std::string_view method, std::string_view path) const {
  auto parts = splitPath(path);
  for (const auto& route : routes_)
    if (route.method == method && matchSegments(route, parts, nullptr)) return route.max_body_bytes;
  return 0;
}

RouteMatch Router::match(std::string_view method, std::string_view path) const {
  auto parts = splitPath(path);
  std::vector<std::string> allowed;
  for (const auto& route : routes_) {
    if (!matchSegments(route, parts, nullptr)) continue;
    if (route.method == method || (method == "HEAD" && route.method == "GET")) {
      RouteMatch m{&route, {}};
      matchSegments(route, parts, &m.params);
      return m;
    }
    if (std::find(allowed.begin(), allowed.end(), route.method) == allowed.end())
      allowed.push_back(route.method);
  }
  if (allowed.empty()) throw Error(ErrorKind::NotFound, "not_found", "no such endpoint: " + std::string(path));
  Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& m : allowed) list->add(m);
  details->set("allowed", list);
  throw Error(ErrorKind::MethodNotAllowed, "method_not_allowed",
              std::string(method) + " is not allowed on " + std::string(path), details);
}

}  // namespace sb::http
