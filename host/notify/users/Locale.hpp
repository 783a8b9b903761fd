// Locale: BCP-47-ish language tags ("en", "pt-BR", "zh-Hant-TW") — validation, one canonical
// spelling, and the fallback chain template variants are chosen by.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace sb::notify {

// The canonical spelling of a tag, or nullopt when it is not one: a 2-3 letter language,
// then subtags of 1-8 letters or digits separated by '-' ('_' is accepted and rewritten).
// Case is normalised as BCP 47 recommends: language lower ("pt"), 4-letter script title
// ("Hant"), 2-letter region upper ("BR"), the rest lower.
std::optional<std::string> canonicalLocale(std::string_view tag);

// The tag, then each shorter prefix down to the language: "zh-Hant-TW" -> {"zh-Hant-TW",
// "zh-Hant", "zh"}. Expects a canonical tag; empty for an empty one.
std::vector<std::string> localeFallbacks(std::string_view canonicalTag);

}  // namespace sb::notify
