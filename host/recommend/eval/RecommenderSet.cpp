#include "recommend/eval/RecommenderSet.hpp"

#include <algorithm>
#include <map>

namespace sb::recommend::eval {
namespace {

config::ConfigProblem problemAt(const config::SourceMark& mark, std::string keyPath, std::string message) {
  return config::ConfigProblem{mark.file, mark.line, mark.column, std::move(keyPath), std::move(message)};
}

// Plugin id -> kind, from loading the libraries alone.
std::map<std::string, std::string> pluginKinds(const config::PluginSettings& settings, metrics::MetricsRegistry& metrics,
                                               std::vector<config::ConfigProblem>& problems,
                                               std::vector<std::string>& warnings) {
  config::PluginSettings librariesOnly = settings;
  librariesOnly.instances.clear();
  plugin::PluginRegistry probe(metrics, plugin::HttpClientDefaults{}, settings.faults_before_disable);
  auto report = probe.load(librariesOnly);
  for (const auto& r : report.rejected)
    problems.push_back({r.file, 0, 0, "plugins.paths", "plugin library refused: " + r.reason});
  warnings.insert(warnings.end(), report.warnings.begin(), report.warnings.end());
  std::map<std::string, std::string> kinds;
  for (const auto& p : probe.plugins()) kinds[p->id()] = p->kind();
  return kinds;
}

}  // namespace

RecommenderSet::RecommenderSet(const config::PluginSettings& settings, const std::vector<std::string>& only) {
  std::vector<config::ConfigProblem> problems;
  const auto kinds = pluginKinds(settings, metrics_, problems, warnings_);

  // Instances keep their index (non-selected ones are disabled, not removed), so that
  // positions in error messages match the file.
  config::PluginSettings selected = settings;
  for (std::size_t i = 0; i < selected.instances.size(); ++i) {
    auto& s = selected.instances[i];
    const auto kind = kinds.find(s.plugin);
    const bool recommender = kind != kinds.end() && kind->second == SB_KIND_RECOMMENDER;
    if (only.empty()) {
      s.enabled = s.enabled && (recommender || kind == kinds.end());  // unknown: the registry says why
      continue;
    }
    const bool named = std::find(only.begin(), only.end(), s.name) != only.end();
    if (named && kind != kinds.end() && !recommender)
      problems.push_back(problemAt(s.mark, "plugins.instances[" + std::to_string(i) + "]",
                                   "instance '" + s.name + "' is a " + kind->second + ", not a recommender"));
    s.enabled = named && (recommender || kind == kinds.end());  // unknown plugins: let the registry say why
  }
  for (const auto& name : only)
    if (std::none_of(settings.instances.begin(), settings.instances.end(), [&](const auto& s) { return s.name == name; }))
      problems.push_back(problemAt(settings.mark, "plugins.instances",
                                   "no instance named '" + name + "' (from --recommenders)"));

  registry_ = std::make_unique<plugin::PluginRegistry>(metrics_, plugin::HttpClientDefaults{},
                                                       settings.faults_before_disable);
  auto report = registry_->load(selected);
  problems.insert(problems.end(), report.problems.begin(), report.problems.end());
  for (const auto& s : selected.instances)
    if (auto instance = registry_->instance(s.name); s.enabled && instance) instances_.push_back(instance);
  if (problems.empty() && instances_.empty())
    problems.push_back(problemAt(settings.mark, "plugins.instances", "no recommender instances to evaluate"));
  if (!problems.empty()) throw config::ConfigError(std::move(problems));
}

}  // namespace sb::recommend::eval
