#include "log/JsonFormatter.hpp"

#include <spdlog/details/log_msg.h>
#include <spdlog/fmt/fmt.h>

#include <chrono>
#include <ctime>

namespace sb::log {


namespace {

std::string isoTimestamp(spdlog::log_clock::time_point tp) {
  using namespace std::chrono;
  auto secs = time_point_cast<seconds>(tp);
  auto millis = duration_cast<milliseconds>(tp - secs).count();
  std::time_t t = system_clock::to_time_t(secs);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[64];
  std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%03dZ", tm.tm_year + 1900,
                tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, static_cast<int>(millis));
  return buf;
}

}  // namespace

void JsonFormatter::format(const spdlog::details::log_msg& msg, spdlog::memory_buf_t& dest) {
  std::string line;
  line.reserve(96 + msg.payload.size());
  line += "{\"ts\":\"";
  line += isoTimestamp(msg.time);
  line += "\",\"level\":\"";
  auto level = spdlog::level::to_string_view(msg.level);
  line.append(level.data(), level.size());
  line += "\",\"logger\":\"";
  appendJsonEscaped(line, std::string_view(msg.logger_name.data(), msg.logger_name.size()));
  std::string_view payload(msg.payload.data(), msg.payload.size());
  // Structured records (the access log) arrive as a JSON fragment starting with ','
  // and are merged in as fields; everything else becomes an escaped "msg".
  if (!payload.empty() && payload.front() == '\x1e') {
    line += "\"";
    line.append(payload.substr(1));
  } else {
    line += "\",\"msg\":\"";
    appendJsonEscaped(line, payload);
    line += "\"";
  }
  line += "}\n";
  dest.append(line.data(), line.data() + line.size());
}

std::unique_ptr<spdlog::formatter> JsonFormatter::clone() const {
  return std::make_unique<JsonFormatter>();
}

}  // namespace sb::log
