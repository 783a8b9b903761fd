// rule_support.hpp — what the bundled rules share: score ordering, config checks, and the
// request fields several rules read (country, favourite categories).
#pragma once

#include "common/json_view.hpp"

#include <switchboard/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <string_view>
#include <vector>

namespace rules {

// Highest score first; equal scores keep their incoming order.
inline void sortByScore(std::vector<switchboard::RuleOutput>& out) {
  std::stable_sort(out.begin(), out.end(),
                   [](const switchboard::RuleOutput& a, const switchboard::RuleOutput& b) { return a.score > b.score; });
}

// A filter: keeps, in their incoming order and with their scores, the candidates `keep` accepts.
template <class Keep>
std::vector<switchboard::RuleOutput> keepWhere(const switchboard::RuleInput& input, Keep&& keep) {
  std::vector<switchboard::RuleOutput> out;
  out.reserve(input.candidates.size());
  for (std::size_t i = 0; i < input.candidates.size(); ++i) {
    switchboard::RuleCandidate c = input.candidates[i];
    if (keep(c)) out.push_back({i, c.score});
  }
  return out;
}

// A booster: multiplies each score by multiplier(candidate), then re-sorts.
template <class Multiplier>
std::vector<switchboard::RuleOutput> rescore(const switchboard::RuleInput& input, Multiplier&& multiplier) {
  std::vector<switchboard::RuleOutput> out;
  out.reserve(input.candidates.size());
  for (std::size_t i = 0; i < input.candidates.size(); ++i) {
    switchboard::RuleCandidate c = input.candidates[i];
    out.push_back({i, c.score * multiplier(c)});
  }
  sortByScore(out);
  return out;
}

// ---- config checks (what the schema's types cannot say); each throws InvalidConfig

inline double positiveFactor(const switchboard::Config& config, const char* key) {
  double v = config.number(key);
  if (!std::isfinite(v) || v <= 0)
    throw switchboard::InvalidConfig(std::string(key) + " must be a positive number, got " + std::to_string(v));
  return v;
}

// "allow" -> true, "deny" -> false.
inline bool allowOrDeny(const switchboard::Config& config, const char* key) {
  std::string v = config.string(key);
  if (v == "allow") return true;
  if (v == "deny") return false;
  throw switchboard::InvalidConfig(std::string(key) + " must be \"allow\" or \"deny\", got \"" + v + "\"");
}

// ---- request fields

inline std::string upperAscii(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

// The string member `key` of a JSON object ("" when absent, not a string, or malformed).
inline std::string stringMember(std::string_view json, std::string_view key) {
  std::string found;
  bool ok = forEachMember(json, [&](std::string_view k, const JsonValue& v) {
    if (k == key) found = v.asString().value_or("");
  });
  return ok ? found : std::string();
}

// The request's country, upper-cased: context `country` wins over the user's `country`
// attribute; "" when neither is a non-empty string.
inline std::string requestCountry(const switchboard::RuleInput& input) {
  std::string country = stringMember(input.context_json, "country");
  if (country.empty()) country = stringMember(input.user_attributes_json, "country");
  return upperAscii(std::move(country));
}

}  // namespace rules
