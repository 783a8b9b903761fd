#include "app/HostMetrics.hpp"

#include "core/Clock.hpp"
#include "notify/delivery/ProviderRouter.hpp"
#include "notify/delivery/QueueReportRepository.hpp"
#include "recommend/models/TenantModels.hpp"
#include "ws/InboxHub.hpp"

#include <spdlog/spdlog.h>

namespace sb::app {
namespace {

double breakerValue(const std::string& state) {
  if (state == "open") return 2;
  if (state == "half_open") return 1;
  return 0;
}

void describeFamilies(metrics::MetricsRegistry& r) {
  r.describe("switchboard_http_requests_total", "HTTP requests answered, by route pattern, method and status.");
  r.describe("switchboard_http_request_duration_seconds", "Time from request to response, by route pattern and method.");
  r.describe("switchboard_notifications_accepted_total",
             "Deliveries accepted (202), by channel and initial status (queued, sent for in-app, skipped...).");
  r.describe("switchboard_notifications_sent_total", "Deliveries a provider accepted, by channel and provider instance.");
  r.describe("switchboard_notifications_failed_total", "Deliveries that failed for good, by channel and provider.");
  r.describe("switchboard_notifications_dead_total", "Deliveries dead-lettered after their last attempt, by channel and provider.");
  r.describe("switchboard_notifications_retried_total", "Delivery attempts that will be retried, by channel.");
  r.describe("switchboard_queue_depth", "Deliveries waiting (queued or sending), every tenant.");
  r.describe("switchboard_queue_due", "Deliveries queued and due now: the backlog workers have not reached.");
  r.describe("switchboard_queue_oldest_due_age_seconds", "How long the oldest due delivery has waited (0: none due).");
  r.describe("switchboard_circuit_breaker_state", "Circuit breaker per provider instance: 0 closed, 1 half open, 2 open.");
  r.describe("switchboard_websocket_connections", "Open WebSocket connections on this instance.");
  r.describe("switchboard_recommendation_duration_seconds", "Recommendation latency, by recommender and cache hit or miss.");
  r.describe("switchboard_recommendation_cache_total", "Recommendation requests by cache result (hit, miss).");
  r.describe("switchboard_recommendation_cache_hit_ratio", "Cache hits over all recommendation requests since start.");
  r.describe("switchboard_model_version", "Model version this instance serves, by tenant and recommender (0: untrained).");
  r.describe("switchboard_plugin_calls_total", "Calls into plugin instances, by plugin, instance, operation and status.");
  r.describe("switchboard_plugin_errors_total", "Plugin calls that did not return OK, by plugin, instance and operation.");
  r.describe("switchboard_plugin_call_seconds", "Time spent in plugin calls, by plugin, instance and operation.");
  r.describe("switchboard_rate_limited_total", "Requests refused with 429, by route class and scope.");
  r.describe("switchboard_rate_limit_unchecked_total", "Requests let through because Redis could not be asked.");
}

}  // namespace

void registerHostMetrics(metrics::MetricsRegistry& registry, HostMetricSources s) {
  describeFamilies(registry);
  registry.addCollector([s](metrics::MetricsRegistry& r) {
    try {
      notify::QueueDepth depth;
      depth.as_of = nowUnixMs();
      depth.counts = s.queue.depth(std::nullopt, depth.as_of);
      r.gaugeSet("switchboard_queue_depth", "", static_cast<double>(depth.waiting()));
      r.gaugeSet("switchboard_queue_due", "", static_cast<double>(depth.dueNow()));
      r.gaugeSet("switchboard_queue_oldest_due_age_seconds", "",
                 static_cast<double>(depth.oldestDueAgeMs().value_or(0)) / 1000.0);
    } catch (const std::exception& e) {
      // The store is down: the other families still report (and /health/ready says why).
      spdlog::warn("metrics: queue depth unavailable: {}", e.what());
    }
    std::vector<std::pair<std::string, double>> breakers;
    for (const auto& [provider, state] : s.providers.breakerStates())
      breakers.emplace_back("provider=" + provider, breakerValue(state));
    r.gaugeReplace("switchboard_circuit_breaker_state", breakers);
    r.gaugeSet("switchboard_websocket_connections", "", static_cast<double>(s.sockets.connectionCount()));
    std::vector<std::pair<std::string, double>> versions;
    for (const auto& m : s.models.served())
      versions.emplace_back("tenant=" + m.tenant + ",recommender=" + m.recommender, m.version);
    r.gaugeReplace("switchboard_model_version", versions);
    double hits = r.value("switchboard_recommendation_cache_total", "result=hit");
    double misses = r.value("switchboard_recommendation_cache_total", "result=miss");
    r.gaugeSet("switchboard_recommendation_cache_hit_ratio", "", hits + misses > 0 ? hits / (hits + misses) : 0);
  });
}

}  // namespace sb::app
