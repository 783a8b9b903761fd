// ConfigReference: the settings reference of docs/configuration.md, generated from the
// schema tables so the documentation cannot drift from the code.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace sb::config {

// The lines that enclose the generated part of docs/configuration.md.
inline constexpr std::string_view kReferenceBegin = "<!-- BEGIN GENERATED REFERENCE -->";
inline constexpr std::string_view kReferenceEnd = "<!-- END GENERATED REFERENCE -->";

// One markdown table per top-level section: key, type, default, description.
std::string configurationReferenceMarkdown();

// The text between the marker lines of `document`; nullopt when a marker is missing.
std::optional<std::string> extractGeneratedReference(std::string_view document);

// `document` with the text between the marker lines replaced by `reference`.
std::optional<std::string> replaceGeneratedReference(std::string_view document, std::string_view reference);

}  // namespace sb::config
