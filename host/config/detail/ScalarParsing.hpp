// ScalarParsing (internal to config/): the text forms of integers and booleans in YAML.
#pragma once

#include <cstdint>
#include <optional>
#include <string_view>

namespace sb::config::detail {

// Decimal with an optional sign; nothing else may follow ("80a" is not 80).
std::optional<std::int64_t> parseInteger(std::string_view text);

// true/false, yes/no, on/off in any case — the YAML 1.1 spellings operators still write.
std::optional<bool> parseBoolean(std::string_view text);
// A finite decimal number ("2", "0.5", "-1e-3").
std::optional<double> parseNumber(std::string_view text);

// Edit distance (insertions, deletions, substitutions, adjacent swaps) between two
// keys, for "did you mean" hints.
std::size_t editDistance(std::string_view a, std::string_view b);

}  // namespace sb::config::detail
