// ModelService: what operators ask of trained models — each recommender's active version,
// the version history, and rollback (activate an older version).
#pragma once

#include "recommend/models/ModelRepository.hpp"

#include <optional>
#include <string>
#include <vector>

namespace sb::recommend {

class RecommendationSetup;
class TenantModels;

struct RecommenderStatus {
  std::string name;
  bool hybrid = false;
  std::vector<std::string> fallback;
  std::vector<std::string> blend;
  int64_t train_every_ms = 0;
  std::optional<ModelVersion> active;
};

class ModelService {
 public:
  ModelService(const RecommendationSetup& setup, ModelRepository& repository, TenantModels& models)
      : setup_(setup), repository_(repository), models_(models) {}

  std::vector<RecommenderStatus> recommenders(const std::string& tenant);
  // Throws NotFound for an unknown recommender.
  std::vector<ModelVersion> versions(const std::string& tenant, const std::string& recommender);
  // Throws NotFound (unknown recommender or version) or Unprocessable (the plugin cannot load it).
  void activate(const std::string& tenant, const std::string& recommender, int version);

 private:
  const RecommendationSetup& setup_;
  ModelRepository& repository_;
  TenantModels& models_;
};

}  // namespace sb::recommend
