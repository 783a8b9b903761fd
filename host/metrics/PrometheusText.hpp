// PrometheusText: a registry snapshot in the Prometheus text exposition format (0.0.4):
// one HELP and TYPE line per family, histograms as cumulative _bucket{le=...}, _sum and
// _count. Label values are escaped; names a plugin chose are sanitized to the metric-name
// alphabet, so one odd name cannot make the whole scrape unparseable.
#pragma once

#include "metrics/MetricsRegistry.hpp"

#include <string>
#include <vector>

namespace sb::metrics {

inline constexpr const char* kPrometheusContentType = "text/plain; version=0.0.4; charset=utf-8";

std::string renderPrometheus(const std::vector<MetricSample>& samples);

// "a=1,b=x" -> {a="1",b="x"} with values escaped; "" -> "". `extra` (already rendered,
// e.g. le="0.5") is appended inside the braces.
std::string renderLabels(const std::string& labels, const std::string& extra = "");

// Letters, digits, '_' and ':' stay; anything else becomes '_'; a leading digit gets '_'.
std::string sanitizeMetricName(const std::string& name);

}  // namespace sb::metrics
