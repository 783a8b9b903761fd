// Evaluator: the offline protocol run against recommender plugin instances — fit on the
// training split through the same calls the server uses, then ask for each test user's top K
// (training items excluded, training history passed) and score it (see Metrics.hpp).
#pragma once

#include "recommend/eval/Metrics.hpp"
#include "recommend/eval/Split.hpp"

#include <chrono>
#include <string>
#include <unordered_map>
#include <vector>

namespace sb::recommend::eval {

struct EvaluationOptions {
  uint32_t k = 10;
  unsigned threads = 2;  // for the per-user loop, when the plugin is REENTRANT
  std::chrono::milliseconds fit_timeout = std::chrono::hours(1);
};

struct RecommenderResult {
  std::string instance;        // the config's instance name
  std::string plugin;          // plugin id and version, "als 1.0.0"
  bool fitted = false;
  std::string error;           // why fit() failed (then nothing else is set)
  MetricTotals metrics;
  std::size_t users_scored = 0;    // test users (at least one held-out item)
  std::size_t users_served = 0;    // of them, answered SB_OK with at least one item
  std::size_t users_failed = 0;    // of the unserved, answered neither OK nor UNSUPPORTED
  std::string first_failure;       // the first such answer's error
  std::size_t unknown_items = 0;   // returned ids not in the catalogue (scored as misses)
  std::size_t excluded_returned = 0;  // training items returned despite the exclude list
  double fit_seconds = 0;
  double eval_seconds = 0;
  unsigned threads = 1;
};

class Evaluator {
 public:
  // Builds every test user's query once; `split` must outlive the evaluator.
  Evaluator(const TrainTestSplit& split, EvaluationOptions options);

  // Fits `instance` on the training split, then scores it. Never throws for what the
  // plugin does: failures are in the result.
  RecommenderResult evaluate(plugin::PluginInstance& instance) const;

  const EvaluationOptions& options() const { return options_; }

 private:
  struct UserRun {
    UserScore score;
    std::vector<uint32_t> recommended;
    bool served = false;
    bool failed = false;
    std::string failure;
    std::size_t unknown = 0;
    std::size_t excluded = 0;
  };
  UserRun runUser(plugin::PluginInstance& instance, std::size_t slot) const;

  const TrainTestSplit& split_;
  EvaluationOptions options_;
  std::vector<uint32_t> test_users_;                // user indexes with test items
  std::vector<plugin::RecommendQuery> queries_;     // one per test user
  std::unordered_map<std::string, uint32_t> item_index_;
};

}  // namespace sb::recommend::eval
