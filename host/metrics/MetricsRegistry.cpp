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

void MetricsRegistry::gaugeReplace(const std::string& name,
                                   const std::vector<std::pair<std::string, double>>& values) {
  std::lock_guard lock(mutex_);
  for (auto it = samples_.lower_bound({name, ""}); it != samples_.end() && it->first.first == name;)
    it = samples_.erase(it);
  for (const auto& [labels, value] : values) {
    auto& s = samples_[{name, labels}];
    s.name = name;
    s.labels = labels;
    s.type = MetricType::Gauge;
    s.value = value;
  }
}

void MetricsRegistry::describe(const std::string& name, std::string help) {
  std::lock_guard lock(mutex_);
  help_[name] = std::move(help);
}

void MetricsRegistry::addCollector(std::function<void(MetricsRegistry&)> collector) {
  std::lock_guard lock(collectors_mutex_);
  collectors_.push_back(std::move(collector));
}

std::vector<MetricSample> MetricsRegistry::collect() {
  {
    // One scrape's collectors at a time; they take mutex_ themselves through gaugeSet.
    std::lock_guard lock(collectors_mutex_);
    for (const auto& collector : collectors_) collector(*this);
  }
  return snapshot();
}

std::vector<MetricSample> MetricsRegistry::snapshot() const {
  std::lock_guard lock(mutex_);
  std::vector<MetricSample> out;
  out.reserve(samples_.size());
  for (const auto& [key, sample] : samples_) {
    out.push_back(sample);
    if (auto h = help_.find(key.first); h != help_.end()) out.back().help = h->second;
  }
  return out;
}

double MetricsRegistry::value(const std::string& name, const std::string& labels) const {
  std::lock_guard lock(mutex_);
  auto it = samples_.find({name, labels});
  return it == samples_.end() ? 0 : it->second.value;
}

}  // namespace sb::metrics
