// JsonFormatter: one valid JSON object per log line. spdlog's "%v" is not escaped, so a
// JSON pattern breaks on a quote in a message; this formatter escapes every field.
#pragma once

#include "core/JsonEscape.hpp"

#include <spdlog/formatter.h>

#include <string>
#include <string_view>

namespace sb::log {

using sb::appendJsonEscaped;

class JsonFormatter final : public spdlog::formatter {
 public:
  void format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) override;
  std::unique_ptr<spdlog::formatter> clone() const override;
};

}  // namespace sb::log
