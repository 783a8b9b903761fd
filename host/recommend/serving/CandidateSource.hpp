// CandidateSource: scored candidates for a user from a recommender — a plugin instance's
// tenant model, or a hybrid blending several — walking the fallback chain when one cannot
// serve (no trained model yet, a cold-start user, a failure).
#pragma once

#include "plugin/RecommenderCalls.hpp"
#include "recommend/serving/RecommendationSetup.hpp"

#include <functional>
#include <string>
#include <vector>

namespace sb::recommend {

class TenantModels;

struct Candidates {
  std::vector<plugin::ScoredItem> items;  // best first
  std::string recommender;                // the one that produced them
  int model_version = 0;                  // 0 for hybrids
  std::vector<std::string> skipped;       // recommenders that could not serve, in order, with why
};

class CandidateSource {
 public:
  // `untrained` is told about a (tenant, recommender) that has no model yet (to train it).
  CandidateSource(const RecommendationSetup& setup, TenantModels& models,
                  std::function<void(const std::string& tenant, const std::string& recommender)> untrained);

  Candidates fetch(const std::string& tenant, const std::string& recommender, const plugin::RecommendQuery& query);
  // Similar items from the recommender's model (no fallback); empty when unsupported.
  plugin::ScoredResult similar(const std::string& tenant, const std::string& recommender, const std::string& item,
                               uint32_t limit);

 private:
  // One recommender, no fallback: false (with why) when it cannot serve.
  bool tryOne(const std::string& tenant, const RecommenderSpec& spec, const plugin::RecommendQuery& query,
              Candidates& out, std::string& why);

  const RecommendationSetup& setup_;
  TenantModels& models_;
  std::function<void(const std::string&, const std::string&)> untrained_;
};

}  // namespace sb::recommend
