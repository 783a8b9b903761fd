// JobRepository: asynchronous work (training, refreshes) recorded in the store, so any
// instance can answer GET /api/v1/jobs/{id} and a crash leaves a trace.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sb::store { class Database; }

namespace sb::recommend {

struct Job {
  std::string id;  // "job_" + hex
  std::string tenant_id;
  std::string kind;    // train | refresh
  std::string target;  // recommender name, or user id for refresh
  std::string status;  // queued | running | succeeded | failed
  std::string error;
  std::string result_json;  // what the job produced (e.g. the model version)
  int64_t created_at = 0;
  std::optional<int64_t> started_at;
  std::optional<int64_t> finished_at;
};

class JobRepository {
 public:
  explicit JobRepository(store::Database& db) : db_(db) {}

  Job create(const std::string& tenant, const std::string& kind, const std::string& target);
  void markRunning(const std::string& id);
  void finish(const std::string& id, bool ok, const std::string& error, const std::string& resultJson);
  std::optional<Job> find(const std::string& tenant, const std::string& id);

 private:
  store::Database& db_;
};

}  // namespace sb::recommend
