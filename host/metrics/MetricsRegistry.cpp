#include "metrics/MetricsRegistry.hpp"

#include <algorithm>

namespace sb::metrics {

const std::vector<double>& MetricsRegistry::defaultBuckets() {
  // Seconds, from 1 ms to 10 s: fits HTTP latencies and provider calls alike.
  static const std::vector<double> kBuckets = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05,
                                               0.1,   0.25,   0.5,   1,    2.5,   5, 10};
  return kBuckets;
}

void MetricsRegistry::counterAdd(const std::string& name, const std::string& labels, double delta) {
  if (delta < 0) return;  // counters only go up
  std::lock_guard lock(mutex_);
  auto& s = samples_[{name, labels}];
  s.name = name;
  s.labels = labels;
  s.type = MetricType::Counter;
  s.value += delta;
}

void MetricsRegistry::gaugeSet(const std::string& name, const std::string& labels, double value) {
  std::lock_guard lock(mutex_);
  auto& s = samples_[{name, labels}];
  s.name = name;
  s.labels = labels;
  s.type = MetricType::Gauge;
  s.value = value;
}

void MetricsRegistry::histogramObserve(const std::string& name, const std::string& labels, double value) {
  std::lock_guard lock(mutex_);
  auto& s = samples_[{name, labels}];
  if (s.histogram.bounds.empty()) {
    s.name = name;
    s.labels = labels;
    s.type = MetricType::Histogram;
    s.histogram.bounds = defaultBuckets();
    s.histogram.counts.assign(s.histogram.bounds.size() + 1, 0);
  }
  auto& h = s.histogram;
  auto idx = std::lower_bound(h.bounds.begin(), h.bounds.end(), value) - h.bounds.begin();
  h.counts[static_cast<size_t>(idx)]++;
  h.sum += value;
  h.count++;
}

std::vector<MetricSample> MetricsRegistry::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<MetricSample> out;
  out.reserve(samples_.size());
  for (const auto& [key, sample] : samples_) out.push_back(sample);
  return out;
}

}  // namespace sb::metrics
