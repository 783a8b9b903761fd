#include "plugin/HostServices.hpp"

#include "plugin/AbiStrings.hpp"
#include "log/Logging.hpp"
#include "metrics/MetricsRegistry.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
#include <cstring>

#ifndef SWITCHBOARD_VERSION
#define SWITCHBOARD_VERSION "0.0.0"
#endif

namespace sb::plugin {
namespace {

HostServices* self(void* ctx) { return static_cast<HostServices*>(ctx); }

spdlog::level::level_enum levelFor(int32_t level) {
  switch (level) {
    case SB_LOG_TRACE: return spdlog::level::trace;
    case SB_LOG_DEBUG: return spdlog::level::debug;
    case SB_LOG_INFO: return spdlog::level::info;
    case SB_LOG_WARN: return spdlog::level::warn;
    default: return spdlog::level::err;
  }
}

std::string sanitizeMetricPart(std::string s) {
  for (char& c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '_')) c = '_';
  return s;
}

}  // namespace

HostServices::HostServices(std::string pluginId, std::string instanceName, metrics::MetricsRegistry& metrics,
                           HttpClientDefaults httpDefaults, std::string webhookUrl)
    : plugin_id_(std::move(pluginId)),
      instance_name_(std::move(instanceName)),
      webhook_url_(std::move(webhookUrl)),
      logger_(log::named("plugin." + instance_name_)),
      metrics_(metrics),
      http_defaults_(httpDefaults) {
  host_ = sb_host{sizeof(sb_host), SB_ABI_MAJOR, SB_ABI_MINOR, SWITCHBOARD_VERSION, this, &HostServices::getService,
                  webhook_url_.c_str()};
  log_ = sb_log_service{sizeof(sb_log_service), this, &HostServices::log};
  http_ = sb_http_service{sizeof(sb_http_service), this, &HostServices::httpRequest};
  metrics_table_ = sb_metrics_service{sizeof(sb_metrics_service), this, &HostServices::counterAdd,
                                      &HostServices::gaugeSet, &HostServices::histogramObserve};
  clock_ = sb_clock_service{sizeof(sb_clock_service), this, &HostServices::nowUnixMs, &HostServices::monotonicNs};
}

const void* HostServices::getService(const sb_host* host, const char* id) {
  if (!host || !id) return nullptr;
  auto* s = self(host->host_data);
  if (std::strcmp(id, SB_SERVICE_LOG) == 0) return &s->log_;
  if (std::strcmp(id, SB_SERVICE_HTTP) == 0) return &s->http_;
  if (std::strcmp(id, SB_SERVICE_METRICS) == 0) return &s->metrics_table_;
  if (std::strcmp(id, SB_SERVICE_CLOCK) == 0) return &s->clock_;
  return nullptr;
}

void HostServices::log(void* ctx, int32_t level, sb_str message) {
  std::string text = fromSbStr(message);
  // A leading record separator would let a plugin inject raw fields into JSON logs.
  if (!text.empty() && text.front() == '\x1e') text.erase(0, 1);
  self(ctx)->logger_->log(levelFor(level), "{}", text);
}

sb_status HostServices::httpRequest(void* ctx, sb_call* call, const sb_http_request* request,
                                    const sb_http_response_out* response) {
  return performHttpRequest(self(ctx)->http_defaults_, call, request, response);
}

std::string HostServices::metricName(sb_str name) const {
  return "switchboard_plugin_" + sanitizeMetricPart(plugin_id_) + "_" + sanitizeMetricPart(fromSbStr(name));
}

std::string HostServices::instanceLabels(sb_str labels) const {
  return "instance=" + instance_name_ + (labels.len ? "," + fromSbStr(labels) : "");
}

void HostServices::counterAdd(void* ctx, sb_str name, sb_str labels, double delta) {
  auto* s = self(ctx);
  std::string l = s->instanceLabels(labels);
  s->metrics_.counterAdd(s->metricName(name), l, delta);
}

void HostServices::gaugeSet(void* ctx, sb_str name, sb_str labels, double value) {
  auto* s = self(ctx);
  std::string l = s->instanceLabels(labels);
  s->metrics_.gaugeSet(s->metricName(name), l, value);
}

void HostServices::histogramObserve(void* ctx, sb_str name, sb_str labels, double value) {
  auto* s = self(ctx);
  std::string l = s->instanceLabels(labels);
  s->metrics_.histogramObserve(s->metricName(name), l, value);
}

int64_t HostServices::nowUnixMs(void*) {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

int64_t HostServices::monotonicNs(void*) {
  using namespace std::chrono;
  return duration_cast<nanoseconds>(steady_clock::now().time_since_epoch()).count();
}

}  // namespace sb::plugin
