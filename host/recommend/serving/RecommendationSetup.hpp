// RecommendationSetup: recommendations.* settings resolved once at start-up — which
// recommenders exist (plugin instances or hybrids), their fallback chains, the pipelines
// and experiments — and checked against the loaded plugins, every problem named with its
// file, line, column and key like any other configuration error.
#pragma once

#include "config/ConfigError.hpp"
#include "config/Settings.hpp"

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace sb::plugin { class PluginRegistry; }

namespace sb::recommend {

struct BlendPart {
  std::string recommender;
  double weight = 1;
};

struct RecommenderSpec {
  std::string name;
  std::vector<std::string> fallback;
  bool exclude_consumed = true;
  std::vector<BlendPart> blend;  // hybrid when not empty
  config::Millis train_every{0};
  bool hybrid() const { return !blend.empty(); }
};

struct PipelineSpec {
  std::string name;
  std::string recommender;
  std::vector<std::string> rules;
  int candidates = 0;
};

struct VariantSpec {
  std::string name;
  int weight = 1;
  std::string pipeline;
};

struct ExperimentSpec {
  std::string name;
  std::vector<VariantSpec> variants;
  config::Millis click_window{86400000};
};

class RecommendationSetup {
 public:
  explicit RecommendationSetup(const config::RecommendationSettings& settings);

  // Names that point nowhere, plugin instances of the wrong kind, fallback cycles, bad
  // blend entries, experiments without weight.
  std::vector<config::ConfigProblem> validate(const plugin::PluginRegistry& plugins) const;

  const RecommenderSpec* recommender(const std::string& name) const;
  const PipelineSpec* pipeline(const std::string& name) const;
  const ExperimentSpec* experiment(const std::string& name) const;
  const std::vector<RecommenderSpec>& recommenders() const { return recommenders_; }
  const std::vector<PipelineSpec>& pipelines() const { return pipelines_; }
  const std::vector<ExperimentSpec>& experiments() const { return experiments_; }
  // The pipeline a request without ?pipeline= uses (nullptr when none is configured).
  const PipelineSpec* defaultPipeline() const;
  // Plugin-backed recommenders (not hybrids): the ones that are trained.
  std::vector<std::string> trainable() const;

  // The variant of `experiment` for this user: a stable hash of (tenant, user, experiment)
  // over the variants' weights.
  static const VariantSpec* assign(const ExperimentSpec& experiment, const std::string& tenant, const std::string& user);

 private:
  config::RecommendationSettings settings_;
  std::vector<RecommenderSpec> recommenders_;
  std::vector<PipelineSpec> pipelines_;
  std::vector<ExperimentSpec> experiments_;
  std::vector<config::ConfigProblem> parse_problems_;
};

}  // namespace sb::recommend
