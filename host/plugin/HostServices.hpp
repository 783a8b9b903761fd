// HostServices: the sb_host handed to one plugin instance and the service tables behind
// get_service() — log (tagged with the instance), HTTP client, metrics (prefixed with the
// plugin id), clock.
#pragma once

#include "plugin/HttpClientService.hpp"

#include <switchboard/plugin.h>

#include <memory>
#include <string>

namespace spdlog { class logger; }
namespace sb::metrics { class MetricsRegistry; }

namespace sb::plugin {

class HostServices {
 public:
  HostServices(std::string pluginId, std::string instanceName, metrics::MetricsRegistry& metrics,
               HttpClientDefaults httpDefaults, std::string webhookUrl);
  HostServices(const HostServices&) = delete;
  HostServices& operator=(const HostServices&) = delete;

  const sb_host* host() const { return &host_; }

 private:
  static const void* getService(const sb_host* host, const char* id);
  static void log(void* ctx, int32_t level, sb_str message);
  static sb_status httpRequest(void* ctx, sb_call* call, const sb_http_request* request,
                               const sb_http_response_out* response);
  static void counterAdd(void* ctx, sb_str name, sb_str labels, double delta);
  static void gaugeSet(void* ctx, sb_str name, sb_str labels, double value);
  static void histogramObserve(void* ctx, sb_str name, sb_str labels, double value);
  static int64_t nowUnixMs(void* ctx);
  static int64_t monotonicNs(void* ctx);

  std::string metricName(sb_str name) const;
  std::string instanceLabels(sb_str labels) const;

  std::string plugin_id_;
  std::string instance_name_;
  std::string webhook_url_;
  std::shared_ptr<spdlog::logger> logger_;
  metrics::MetricsRegistry& metrics_;
  HttpClientDefaults http_defaults_;
  sb_host host_{};
  sb_log_service log_{};
  sb_http_service http_{};
  sb_metrics_service metrics_table_{};
  sb_clock_service clock_{};
};

}  // namespace sb::plugin
