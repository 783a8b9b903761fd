#include "recommend/serving/CandidateSource.hpp"

#include "recommend/models/TenantModels.hpp"

#include <algorithm>
#include <unordered_map>

namespace sb::recommend {

CandidateSource::CandidateSource(const RecommendationSetup& setup, TenantModels& models,
                                 std::function<void(const std::string&, const std::string&)> untrained)
    : setup_(setup), models_(models), untrained_(std::move(untrained)) {}

Candidates CandidateSource::fetch(const std::string& tenant, const std::string& recommender,
                                  const plugin::RecommendQuery& query) {
  Candidates out;
  const RecommenderSpec* spec = setup_.recommender(recommender);
  if (!spec) {
    out.skipped.push_back(recommender + ": not configured");
    return out;
  }
  std::vector<const RecommenderSpec*> chain{spec};
  for (const auto& f : spec->fallback)
    if (const auto* next = setup_.recommender(f)) chain.push_back(next);
  for (const auto* candidate : chain) {
    std::string why;
    if (tryOne(tenant, *candidate, query, out, why)) return out;
    out.skipped.push_back(candidate->name + ": " + why);
  }
  return out;
}

bool CandidateSource::tryOne(const std::string& tenant, const RecommenderSpec& spec, const plugin::RecommendQuery& query,
                             Candidates& out, std::string& why) {
  if (spec.hybrid()) {
    // Each part's scores are normalised by its best score, then blended by weight.
    std::unordered_map<std::string, double> blended;
    bool any = false;
    for (const auto& part : spec.blend) {
      const RecommenderSpec* partSpec = setup_.recommender(part.recommender);
      if (!partSpec || partSpec->hybrid()) continue;
      Candidates partOut;
      std::string partWhy;
      if (!tryOne(tenant, *partSpec, query, partOut, partWhy) || partOut.items.empty()) continue;
      any = true;
      double best = std::max(partOut.items.front().score, 1e-12);
      for (const auto& item : partOut.items) blended[item.item_id] += part.weight * (item.score / best);
    }
    if (!any) {
      why = "no blended recommender could serve";
      return false;
    }
    out.items.clear();
    for (auto& [id, score] : blended) out.items.push_back({id, score});
    std::sort(out.items.begin(), out.items.end(), [](const auto& a, const auto& b) {
      return a.score != b.score ? a.score > b.score : a.item_id < b.item_id;
    });
    if (out.items.size() > query.limit) out.items.resize(query.limit);
    out.recommender = spec.name;
    out.model_version = 0;
    return true;
  }
  auto serving = models_.serving(tenant, spec.name);
  if (!serving.instance) {
    why = "cannot be started";
    return false;
  }
  if (serving.version == 0) {
    if (untrained_) untrained_(tenant, spec.name);
    why = "no trained model yet";
    return false;
  }
  auto result = plugin::recommend(*serving.instance, query);
  if (!result.outcome.ok()) {
    why = result.outcome.error.empty() ? std::string(plugin::statusName(result.outcome.status)) : result.outcome.error;
    return false;
  }
  if (result.items.empty()) {
    why = "no candidates for this user";
    return false;
  }
  out.items = std::move(result.items);
  out.recommender = spec.name;
  out.model_version = serving.version;
  return true;
}

plugin::ScoredResult CandidateSource::similar(const std::string& tenant, const std::string& recommender,
                                              const std::string& item, uint32_t limit) {
  plugin::ScoredResult result;
  auto serving = models_.serving(tenant, recommender);
  if (!serving.instance || serving.version == 0) {
    if (serving.instance && untrained_) untrained_(tenant, recommender);
    result.outcome.status = SB_UNSUPPORTED;
    result.outcome.error = "recommender " + recommender + " has no trained model yet";
    return result;
  }
  return plugin::similarItems(*serving.instance, item, limit);
}

}  // namespace sb::recommend
