// MetricsRegistry: counters, gauges and histograms keyed by name and labels, shared by the
// host and by plugins (through the metrics host service). Cheap to update from any thread.
#pragma once

#include <functional>
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
  std::string help;    // from describe(); filled in by snapshot()
};

class MetricsRegistry {
 public:
  void counterAdd(const std::string& name, const std::string& labels, double delta);
  void gaugeSet(const std::string& name, const std::string& labels, double value);
  void histogramObserve(const std::string& name, const std::string& labels, double value);
  // Sets every sample of gauge `name` at once, dropping label sets no longer present
  // (a provider removed by a reload must not report its last state forever).
  void gaugeReplace(const std::string& name, const std::vector<std::pair<std::string, double>>& values);
  // The HELP text of a family.
  void describe(const std::string& name, std::string help);
  // Values that are read rather than counted (queue depth, open sockets): the collectors
  // run just before a scrape, on the scraping thread.
  void addCollector(std::function<void(MetricsRegistry&)> collector);
  // Runs the collectors, then returns every sample.
  std::vector<MetricSample> collect();
  std::vector<MetricSample> snapshot() const;
  // A counter's or gauge's current value (0 when absent); for tests and ratios.
  double value(const std::string& name, const std::string& labels) const;

  static const std::vector<double>& defaultBuckets();

 private:
  mutable std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, MetricSample> samples_;
  std::map<std::string, std::string> help_;
  std::mutex collectors_mutex_;
  std::vector<std::function<void(MetricsRegistry&)>> collectors_;
};

}  // namespace sb::metrics
