#include "config/Duration.hpp"

#include <array>
#include <cctype>
#include <cstdint>
#include <limits>

namespace sb::config {
namespace {

struct Unit {
  std::string_view suffix;
  std::int64_t millis;
};

// Longest suffix first so "ms" is not read as "m" followed by garbage.
constexpr std::array<Unit, 5> kUnits{{{"ms", 1}, {"s", 1000}, {"m", 60'000},
                                      {"h", 3'600'000}, {"d", 86'400'000}}};

// 9 digits of days is far beyond any sane timeout and keeps the arithmetic below int64
// overflow (1e9 * 86'400'000 < 9.2e18).
constexpr std::size_t kMaxDigits = 9;

bool isDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Reads "<int>[.<frac>]<unit>" at the front of `text`; adds it to `total`.
bool consumePart(std::string_view& text, std::int64_t& total) {
  std::size_t pos = 0;
  std::int64_t whole = 0;
  std::int64_t fraction = 0, fractionScale = 1;
  std::size_t digits = 0;
  while (pos < text.size() && isDigit(text[pos])) {
    whole = whole * 10 + (text[pos++] - '0');
    if (++digits > kMaxDigits) return false;
  }
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    std::size_t fractionDigits = 0;
    while (pos < text.size() && isDigit(text[pos])) {
      fraction = fraction * 10 + (text[pos++] - '0');
      fractionScale *= 10;
      if (++fractionDigits > 6) return false;
    }
    if (fractionDigits == 0) return false;
  } else if (digits == 0) {
    return false;
  }

  for (const auto& unit : kUnits) {
    if (text.substr(pos, unit.suffix.size()) != unit.suffix) continue;
    // "1.0005s" is not a whole number of milliseconds: refuse rather than round.
    if ((fraction * unit.millis) % fractionScale != 0) return false;
    total += whole * unit.millis + fraction * unit.millis / fractionScale;
    text.remove_prefix(pos + unit.suffix.size());
    return true;
  }
  return false;
}

}  // namespace

std::optional<std::chrono::milliseconds> parseDuration(std::string_view text) {
  if (text.empty()) return std::nullopt;
  std::int64_t total = 0;
  while (!text.empty()) {
    if (!consumePart(text, total)) return std::nullopt;
    if (total > std::numeric_limits<std::int64_t>::max() / 4) return std::nullopt;
  }
  return std::chrono::milliseconds{total};
}

std::string formatDuration(std::chrono::milliseconds duration) {
  const std::int64_t millis = duration.count();
  if (millis == 0) return "0s";
  for (auto unit = kUnits.rbegin(); unit != kUnits.rend(); ++unit) {
    if (millis % unit->millis == 0) {
      return std::to_string(millis / unit->millis) + std::string(unit->suffix);
    }
  }
  return std::to_string(millis) + "ms";  // unreachable: every value divides by 1ms
}

}  // namespace sb::config
