// ModelRepository: trained models, versioned per tenant and recommender, one of them active.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb::store { class Database; }

namespace sb::recommend {

struct ModelVersion {
  std::string tenant_id;
  std::string recommender;
  int version = 0;
  std::string metrics_json;  // {"users":..,"items":..,"interactions":..,"fit_ms":..,"bytes":..}
  bool active = false;
  int64_t trained_at = 0;
};

class ModelRepository {
 public:
  explicit ModelRepository(store::Database& db) : db_(db) {}

  // Stores the bytes as the next version and makes it the active one; returns the version.
  int addActive(const std::string& tenant, const std::string& recommender, const std::string& bytes,
                const std::string& metricsJson, int64_t trainedAt);
  // Newest first, without the bytes.
  std::vector<ModelVersion> list(const std::string& tenant, const std::string& recommender);
  std::optional<ModelVersion> active(const std::string& tenant, const std::string& recommender);
  std::optional<std::string> bytes(const std::string& tenant, const std::string& recommender, int version);
  // False when there is no such version.
  bool activate(const std::string& tenant, const std::string& recommender, int version);

 private:
  store::Database& db_;
};

}  // namespace sb::recommend
