#include "recommend/models/ModelService.hpp"

#include "core/Error.hpp"
#include "recommend/models/TenantModels.hpp"
#include "recommend/serving/RecommendationSetup.hpp"

namespace sb::recommend {

std::vector<RecommenderStatus> ModelService::recommenders(const std::string& tenant) {
  std::vector<RecommenderStatus> out;
  for (const auto& r : setup_.recommenders()) {
    RecommenderStatus s;
    s.name = r.name;
    s.hybrid = r.hybrid();
    s.fallback = r.fallback;
    for (const auto& part : r.blend) s.blend.push_back(part.recommender + "=" + std::to_string(part.weight));
    s.train_every_ms = r.train_every.count();
    if (!r.hybrid()) s.active = repository_.active(tenant, r.name);
    out.push_back(std::move(s));
  }
  return out;
}

std::vector<ModelVersion> ModelService::versions(const std::string& tenant, const std::string& recommender) {
  if (!setup_.recommender(recommender)) throw notFound("recommender " + recommender);
  return repository_.list(tenant, recommender);
}

void ModelService::activate(const std::string& tenant, const std::string& recommender, int version) {
  if (!setup_.recommender(recommender)) throw notFound("recommender " + recommender);
  std::string why;
  if (models_.activate(tenant, recommender, version, &why)) return;
  if (why.find("no model version") != std::string::npos || why.find("cannot be loaded") != std::string::npos) {
    auto versions = repository_.list(tenant, recommender);
    bool exists = false;
    for (const auto& v : versions) exists = exists || v.version == version;
    if (!exists) throw notFound("model version " + std::to_string(version) + " of " + recommender);
  }
  throw unprocessable("cannot activate version " + std::to_string(version) + ": " + why);
}

}  // namespace sb::recommend
