#include "content_features.hpp"

#include <algorithm>

namespace content {
namespace {

bool isTokenByte(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c >= 0x80;
}

char lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

// Lowercased, without leading and trailing spaces.
std::string normalised(std::string_view text) {
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (!text.empty() && space(text.front())) text.remove_prefix(1);
  while (!text.empty() && space(text.back())) text.remove_suffix(1);
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(), lower);
  return out;
}

}  // namespace

std::vector<std::string> tokens(std::string_view text) {
  std::vector<std::string> out;
  std::string current;
  for (char c : text) {
    if (isTokenByte(static_cast<unsigned char>(c))) {
      current += lower(c);
    } else if (!current.empty()) {
      out.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) out.push_back(std::move(current));
  return out;
}

std::vector<std::pair<std::string, double>> itemTerms(std::string_view title, const std::vector<std::string_view>& tags,
                                                      std::string_view category, const Settings& settings) {
  std::vector<std::pair<std::string, double>> terms;
  if (settings.title_weight > 0)
    for (std::string& t : tokens(title)) terms.emplace_back("t:" + t, settings.title_weight);
  if (settings.tag_weight > 0)
    for (std::string_view tag : tags) {
      std::string t = normalised(tag);
      if (!t.empty()) terms.emplace_back("g:" + t, settings.tag_weight);
    }
  if (settings.category_weight > 0) {
    std::string c = normalised(category);
    if (!c.empty()) terms.emplace_back("c:" + c, settings.category_weight);
  }
  std::sort(terms.begin(), terms.end());
  std::vector<std::pair<std::string, double>> merged;
  for (auto& term : terms) {
    if (!merged.empty() && merged.back().first == term.first) merged.back().second += term.second;
    else merged.push_back(std::move(term));
  }
  return merged;
}

}  // namespace content
