// Logging: configures spdlog once from LogSettings (console or JSON lines, level, file).
#pragma once

#include "config/Settings.hpp"

#include <memory>
#include <string>
#include <string_view>

namespace spdlog { class logger; }

namespace sb::log {

// Installs the default logger (and the "access" logger) per settings. Safe to call again
// (hot reload of the log level later); the previous loggers are flushed and replaced.
void configure(const config::LogSettings& settings);
// Flushes and stops the async writer; call once at exit.
void shutdown();

// A named logger sharing the configured sinks and format (e.g. "plugin.smtp-primary").
std::shared_ptr<spdlog::logger> named(const std::string& name);

// True when settings ask for JSON lines.
bool jsonFormat();

}  // namespace sb::log
