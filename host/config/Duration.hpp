// Duration: the "250ms" / "5s" / "1h30m" notation used for every time setting.
#pragma once

#include <chrono>
#include <optional>
#include <string>
#include <string_view>

namespace sb::config {

// Accepts one or more <number><unit> parts, units ms|s|m|h|d, fractions allowed
// ("1.5s", "1h30m"). A bare number is refused: "30" could mean seconds or milliseconds,
// and guessing wrong is a silent 1000x error. Refuses negatives and values that are not
// a whole number of milliseconds.
std::optional<std::chrono::milliseconds> parseDuration(std::string_view text);

// The shortest exact form in the largest unit that divides the value: 15000ms -> "15s",
// 90000ms -> "90s", 1500ms -> "1500ms", 0 -> "0s". parseDuration(formatDuration(d)) == d.
std::string formatDuration(std::chrono::milliseconds duration);

}  // namespace sb::config
