// RecommendationService: one user's list — the pipeline (by request, experiment variant
// or default), the cache, the recommender with its fallback chain, the rules in order,
// the top N. Services see no HTTP types: the handler turns a request into this.
#pragma once

#include "metrics/MetricsRegistry.hpp"
#include "plugin/RecommenderCalls.hpp"
#include "recommend/serving/CandidateSource.hpp"
#include "recommend/serving/RecommendationSetup.hpp"

#include <map>
#include <memory>
#include <string>
#include <vector>

namespace sb::plugin { class PluginRegistry; }

namespace sb::recommend {

class CatalogReader;
class ResultCache;
class ImpressionLog;
class JobRunner;
struct Job;

struct RecommendationRequest {
  std::string tenant;
  std::string user;
  int limit = 10;
  std::string pipeline;     // empty: experiment's variant, else the default pipeline
  std::string recommender;  // overrides the pipeline's recommender (its rules still apply)
  std::string experiment;
  std::string category;
  std::map<std::string, std::string> context;  // context.<k>=<v>
};

struct RecommendationResult {
  std::vector<plugin::ScoredItem> items;  // best first
  std::string pipeline;
  std::string recommender;  // the one that produced the candidates
  int model_version = 0;
  std::string experiment;
  std::string variant;
  std::vector<std::string> fallbacks;  // "als: no trained model yet", ... in the order tried
  bool cached = false;
};

class RecommendationService {
 public:
  RecommendationService(const RecommendationSetup& setup, CandidateSource& candidates, CatalogReader& catalog,
                        plugin::PluginRegistry& plugins, ResultCache& cache, int historyLimit,
                        ImpressionLog* impressions = nullptr);

  // Throws sb::Error: 404 unknown pipeline / recommender / experiment, 422 bad limit.
  RecommendationResult recommend(const RecommendationRequest& request);
  // Computes afresh (bypassing and then refilling the cache).
  RecommendationResult refresh(const RecommendationRequest& request);
  // The same as a job on `jobs` (the request is checked first: unknown names throw now).
  Job refreshLater(const RecommendationRequest& request, JobRunner& jobs);
  // Items like `item`, from `recommender` (default: the default pipeline's recommender).
  std::vector<plugin::ScoredItem> similar(const std::string& tenant, const std::string& item,
                                          const std::string& recommender, int limit);
  void invalidateUser(const std::string& tenant, const std::string& user);
  // Latency per recommender and cache hits/misses go here (none: not measured).
  void setMetrics(metrics::MetricsRegistry* metrics) { metrics_ = metrics; }

 private:
  struct Plan {
    const PipelineSpec* pipeline = nullptr;
    std::string recommender;
    std::string experiment;
    std::string variant;
  };
  Plan plan(const RecommendationRequest& request) const;
  RecommendationResult compute(const RecommendationRequest& request, const Plan& plan);
  std::string cacheKey(const RecommendationRequest& request, const Plan& plan) const;

  const RecommendationSetup& setup_;
  CandidateSource& candidates_;
  CatalogReader& catalog_;
  plugin::PluginRegistry& plugins_;
  ResultCache& cache_;
  int history_limit_;
  metrics::MetricsRegistry* metrics_ = nullptr;
  ImpressionLog* impressions_;
};

// The cache stores results as JSON text (also what a shared cache would hold).
std::string encodeResult(const RecommendationResult& result);
RecommendationResult decodeResult(const std::string& json);

}  // namespace sb::recommend
