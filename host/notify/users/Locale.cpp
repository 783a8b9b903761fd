#include "notify/users/Locale.hpp"

#include <cctype>

namespace sb::notify {
namespace {

bool allAlpha(std::string_view s) {
  for (unsigned char c : s)
    if (!std::isalpha(c)) return false;
  return true;
}

bool allAlnum(std::string_view s) {
  for (unsigned char c : s)
    if (!std::isalnum(c)) return false;
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

}  // namespace

std::optional<std::string> canonicalLocale(std::string_view tag) {
  if (tag.empty() || tag.size() > 35) return std::nullopt;
  std::string out;
  size_t start = 0;
  for (int index = 0; start <= tag.size(); ++index) {
    size_t end = tag.find_first_of("-_", start);
    if (end == std::string_view::npos) end = tag.size();
    std::string_view part = tag.substr(start, end - start);
    if (index == 0) {
      if (part.size() < 2 || part.size() > 3 || !allAlpha(part)) return std::nullopt;
      out = lower(part);
    } else {
      if (part.empty() || part.size() > 8 || !allAlnum(part)) return std::nullopt;
      std::string sub = lower(part);
      if (part.size() == 2 && allAlpha(part)) {
        for (char& c : sub) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      } else if (part.size() == 4 && allAlpha(part)) {
        sub[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(sub[0])));
      }
      out += '-';
      out += sub;
    }
    start = end + 1;
  }
  return out;
}

std::vector<std::string> localeFallbacks(std::string_view canonicalTag) {
  std::vector<std::string> out;
  std::string_view rest = canonicalTag;
  while (!rest.empty()) {
    out.emplace_back(rest);
    size_t dash = rest.rfind('-');
    if (dash == std::string_view::npos) break;
    rest = rest.substr(0, dash);
  }
  return out;
}

}  // namespace sb::notify
