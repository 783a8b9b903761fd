// MetricsRegistry: counters, gauges and histograms keyed by name and labels, shared by the
// host and by plugins (through the metrics host service). Cheap to update from any thread.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <vector>

namespace sb::metrics {

enum class MetricType { Counter, Gauge, Histogram };

struct HistogramData {
  std::vector<double> bounds;       // upper bounds of the buckets
  std::vector<uint64_t> counts;     // per bucket (not cumulative), plus +Inf at the end
  double sum = 0;
  uint64_t count = 0;
};

struct MetricSample {
  std::string name;
  std::string labels;  // "k1=v1,k2=v2" (sorted as given)
  MetricType type = MetricType::Counter;
  double value = 0;    // counters and gauges
  HistogramData histogram;
};

class MetricsRegistry {
 public:
  void counterAdd(const std::string& name, const std::string& labels, double delta);
  void gaugeSet(const std::string& name, const std::string& labels, double value);
  void histogramObserve(const std::string& name, const std::string& labels, double value);
  std::vector<MetricSample> snapshot() const;

  static const std::vector<double>& defaultBuckets();

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, MetricSample> samples_;
};

}  // namespace sb::metrics
