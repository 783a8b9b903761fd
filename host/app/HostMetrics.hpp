// HostMetrics: the host's metric families — their HELP texts, and the collectors that read
// gauges at scrape time (queue depth, breaker states, sockets, model versions, cache ratio).
// Counters and histograms are updated where things happen (dispatcher, services, plugins).
#pragma once

#include "metrics/MetricsRegistry.hpp"

namespace sb::notify {
class ProviderRouter;
class QueueReportRepository;
}  // namespace sb::notify
namespace sb::ws { class InboxHub; }
namespace sb::recommend { class TenantModels; }

namespace sb::app {

struct HostMetricSources {
  notify::QueueReportRepository& queue;
  notify::ProviderRouter& providers;
  ws::InboxHub& sockets;
  recommend::TenantModels& models;
};

void registerHostMetrics(metrics::MetricsRegistry& registry, HostMetricSources sources);

}  // namespace sb::app
