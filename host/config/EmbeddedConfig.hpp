// EmbeddedConfig: config/switchboard.yaml compiled into the binary, so `switchboard`
// starts with sane settings when no --config is given.
#pragma once

#include <string_view>

namespace sb::config {

// The name positions use for the embedded text ("<embedded>:12:3: ...").
inline constexpr std::string_view kEmbeddedConfigName = "<embedded>";

// The text of config/switchboard.yaml as it was at build time.
std::string_view embeddedDefaultConfig();

}  // namespace sb::config
