#include "log/AccessLog.hpp"

#include "log/JsonFormatter.hpp"
#include "log/Logging.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <cctype>

namespace sb::log {
namespace {

bool isSensitiveParam(std::string_view name) {
  static constexpr std::array<std::string_view, 9> kSensitive = {
      "token", "access_token", "api_key", "apikey", "key", "jwt", "password", "secret", "signature"};
  std::string lower(name);
  std::transform(lower.begin(), lower.end(), lower.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return std::find(kSensitive.begin(), kSensitive.end(), lower) != kSensitive.end();
}

std::shared_ptr<spdlog::logger> accessLogger() {
  // Looked up on every call: configure() may replace it (reload).
  auto logger = spdlog::get("access");
  return logger ? logger : spdlog::default_logger();
}

}  // namespace

std::string redactQuery(std::string_view pathAndQuery) {
  auto q = pathAndQuery.find('?');
  if (q == std::string_view::npos) return std::string(pathAndQuery);
  std::string out(pathAndQuery.substr(0, q + 1));
  std::string_view query = pathAndQuery.substr(q + 1);
  bool first = true;
  while (!query.empty()) {
    auto amp = query.find('&');
    std::string_view pair = query.substr(0, amp);
    query = amp == std::string_view::npos ? std::string_view{} : query.substr(amp + 1);
    if (!first) out += '&';
    first = false;
    auto eq = pair.find('=');
    std::string_view name = pair.substr(0, eq);
    if (eq != std::string_view::npos && isSensitiveParam(name)) {
      out.append(name);
      out += "=***";
    } else {
      out.append(pair);
    }
  }
  return out;
}

void logAccess(const AccessRecord& r) {
  auto logger = accessLogger();
  if (!logger->should_log(spdlog::level::info)) return;
  if (jsonFormat()) {
    std::string fields = "\x1e,\"method\":\"";
    appendJsonEscaped(fields, r.method);
    fields += "\",\"path\":\"";
    appendJsonEscaped(fields, r.path);
    fields += "\",\"status\":" + std::to_string(r.status);
    char duration[32];
    std::snprintf(duration, sizeof duration, "%.3f", r.duration_ms);
    fields += ",\"duration_ms\":";
    fields += duration;
    fields += ",\"request_id\":\"";
    appendJsonEscaped(fields, r.request_id);
    fields += "\",\"remote\":\"";
    appendJsonEscaped(fields, r.remote);
    fields += "\",\"principal\":\"";
    appendJsonEscaped(fields, r.principal);
    fields += "\"";
    logger->info(fields);
  } else {
    logger->info("{} {} {} {:.3f}ms id={} remote={} by={}", r.method, r.path, r.status, r.duration_ms,
                 r.request_id, r.remote, r.principal.empty() ? "-" : r.principal);
  }
}

}  // namespace sb::log
