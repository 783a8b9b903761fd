// ImpressionLog: every list served under an experiment, written in batches by a
// background thread (serving never waits on it), and the per-variant report: impressions,
// clicks (events of the user on an item shown to them under that variant within the
// experiment's click window; each event counts once however many lists showed the item) and
// CTR = clicks / impressions.
#pragma once

#include "recommend/serving/RecommendationSetup.hpp"

#include <condition_variable>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace sb::store { class Database; }

namespace sb::recommend {

struct RecommendationResult;

struct VariantReport {
  std::string experiment;
  std::string variant;
  std::string pipeline;
  int64_t impressions = 0;
  int64_t clicks = 0;
  double ctr = 0;
};

class ImpressionLog {
 public:
  explicit ImpressionLog(store::Database& db);
  ~ImpressionLog();
  ImpressionLog(const ImpressionLog&) = delete;
  ImpressionLog& operator=(const ImpressionLog&) = delete;

  void record(const std::string& tenant, const std::string& user, const RecommendationResult& result);
  // Writes what is buffered (tests, shutdown).
  void flush();
  std::vector<VariantReport> report(const std::string& tenant, const ExperimentSpec& experiment);

 private:
  struct Pending {
    std::string tenant, experiment, variant, user;
    std::vector<std::string> items;
    int64_t shown_at = 0;
  };
  void run();
  void write(std::vector<Pending> batch);

  store::Database& db_;
  std::mutex mutex_;
  std::mutex write_mutex_;
  std::condition_variable wake_;
  std::vector<Pending> pending_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace sb::recommend
