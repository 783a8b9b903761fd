#include "recommend/serving/RecommendationSetup.hpp"

#include "plugin/PluginRegistry.hpp"
#include "plugin/RecommenderCalls.hpp"

#include <cstdint>
#include <set>

namespace sb::recommend {
namespace {

config::ConfigProblem problem(const config::SourceMark& mark, const std::string& key, const std::string& message) {
  return config::ConfigProblem{mark.file, mark.line, mark.column, key, message};
}

// FNV-1a 64: stable across builds and platforms (std::hash is not).
uint64_t stableHash(const std::string& text) {
  uint64_t h = 1469598103934665603ull;
  for (unsigned char c : text) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

RecommendationSetup::RecommendationSetup(const config::RecommendationSettings& settings) : settings_(settings) {
  for (size_t i = 0; i < settings.recommenders.size(); ++i) {
    const auto& r = settings.recommenders[i];
    RecommenderSpec spec{r.name, r.fallback, r.exclude_consumed, {}, r.train_every};
    for (const auto& entry : r.blend) {
      auto eq = entry.find('=');
      BlendPart part;
      part.recommender = entry.substr(0, eq);
      if (eq != std::string::npos) {
        try {
          size_t used = 0;
          part.weight = std::stod(entry.substr(eq + 1), &used);
          if (used != entry.size() - eq - 1 || part.weight < 0) throw std::invalid_argument("weight");
        } catch (const std::exception&) {
          parse_problems_.push_back(problem(r.mark, "recommendations.recommenders[" + std::to_string(i) + "].blend",
                                            "expected \"recommender=weight\" with a weight >= 0, got \"" + entry + "\""));
        }
      }
      spec.blend.push_back(part);
    }
    recommenders_.push_back(std::move(spec));
  }
  for (const auto& p : settings.pipelines) pipelines_.push_back({p.name, p.recommender, p.rules, p.candidates});
  for (const auto& e : settings.experiments) {
    ExperimentSpec spec{e.name, {}, e.click_window};
    for (const auto& v : e.variants) spec.variants.push_back({v.name, v.weight, v.pipeline});
    experiments_.push_back(std::move(spec));
  }
}

std::vector<config::ConfigProblem> RecommendationSetup::validate(const plugin::PluginRegistry& plugins) const {
  auto problems = parse_problems_;
  std::set<std::string> names;
  for (const auto& r : recommenders_) names.insert(r.name);
  auto isRecommenderInstance = [&](const std::string& name) {
    auto instance = plugins.instance(name);
    return instance && plugin::isRecommender(*instance);
  };
  for (size_t i = 0; i < recommenders_.size(); ++i) {
    const auto& r = recommenders_[i];
    const auto& mark = settings_.recommenders[i].mark;
    const std::string key = "recommendations.recommenders[" + std::to_string(i) + "]";
    if (!r.hybrid() && !isRecommenderInstance(r.name))
      problems.push_back(problem(mark, key + ".name",
                                 "'" + r.name + "' is not a recommender plugin instance (plugins.instances) and has no blend"));
    if (r.hybrid() && plugins.instance(r.name))
      problems.push_back(problem(mark, key + ".name", "a hybrid needs a name of its own, not the instance '" + r.name + "'"));
    for (const auto& part : r.blend)
      if (!names.count(part.recommender) || part.recommender == r.name)
        problems.push_back(problem(mark, key + ".blend", "blends an unknown recommender '" + part.recommender + "'"));
    for (const auto& f : r.fallback)
      if (!names.count(f) || f == r.name)
        problems.push_back(problem(mark, key + ".fallback", "falls back to an unknown recommender '" + f + "'"));
  }
  std::set<std::string> pipelineNames;
  for (size_t i = 0; i < pipelines_.size(); ++i) {
    const auto& p = pipelines_[i];
    const auto& mark = settings_.pipelines[i].mark;
    const std::string key = "recommendations.pipelines[" + std::to_string(i) + "]";
    pipelineNames.insert(p.name);
    if (!names.count(p.recommender))
      problems.push_back(problem(mark, key + ".recommender", "unknown recommender '" + p.recommender +
                                                                  "' (declare it under recommendations.recommenders)"));
    for (const auto& rule : p.rules) {
      auto instance = plugins.instance(rule);
      if (!instance || !plugin::isRule(*instance))
        problems.push_back(problem(mark, key + ".rules", "'" + rule + "' is not a rule plugin instance"));
    }
  }
  if (!settings_.default_pipeline.empty() && !pipelineNames.count(settings_.default_pipeline))
    problems.push_back(problem({}, "recommendations.default_pipeline", "unknown pipeline '" + settings_.default_pipeline + "'"));
  for (size_t i = 0; i < experiments_.size(); ++i) {
    const auto& e = experiments_[i];
    const auto& mark = settings_.experiments[i].mark;
    const std::string key = "recommendations.experiments[" + std::to_string(i) + "]";
    int total = 0;
    for (const auto& v : e.variants) {
      total += v.weight;
      if (!pipelineNames.count(v.pipeline))
        problems.push_back(problem(mark, key + ".variants", "variant '" + v.name + "' names an unknown pipeline '" + v.pipeline + "'"));
    }
    if (total <= 0) problems.push_back(problem(mark, key + ".variants", "the variants' weights add up to 0"));
  }
  return problems;
}

const RecommenderSpec* RecommendationSetup::recommender(const std::string& name) const {
  for (const auto& r : recommenders_)
    if (r.name == name) return &r;
  return nullptr;
}

const PipelineSpec* RecommendationSetup::pipeline(const std::string& name) const {
  for (const auto& p : pipelines_)
    if (p.name == name) return &p;
  return nullptr;
}

const ExperimentSpec* RecommendationSetup::experiment(const std::string& name) const {
  for (const auto& e : experiments_)
    if (e.name == name) return &e;
  return nullptr;
}

const PipelineSpec* RecommendationSetup::defaultPipeline() const {
  if (!settings_.default_pipeline.empty()) return pipeline(settings_.default_pipeline);
  return pipelines_.empty() ? nullptr : &pipelines_.front();
}

std::vector<std::string> RecommendationSetup::trainable() const {
  std::vector<std::string> out;
  for (const auto& r : recommenders_)
    if (!r.hybrid()) out.push_back(r.name);
  return out;
}

const VariantSpec* RecommendationSetup::assign(const ExperimentSpec& experiment, const std::string& tenant,
                                               const std::string& user) {
  int64_t total = 0;
  for (const auto& v : experiment.variants) total += v.weight;
  if (total <= 0) return nullptr;
  int64_t bucket = static_cast<int64_t>(stableHash(tenant + '\x1f' + user + '\x1f' + experiment.name) % total);
  for (const auto& v : experiment.variants) {
    if (bucket < v.weight) return &v;
    bucket -= v.weight;
  }
  return &experiment.variants.back();
}

}  // namespace sb::recommend
