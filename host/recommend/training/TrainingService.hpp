// TrainingService: trains a tenant's model for a recommender as a job — snapshot, fit on a
// fresh instance beside the serving one, save, store as the next (active) version, swap
// in — on demand, when a recommender without a model is first asked (at most once a
// minute), and on each recommender's `train_every` schedule.
#pragma once

#include "recommend/jobs/JobRepository.hpp"

#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>
#include <string>
#include <thread>

namespace sb::recommend {

class CatalogReader;
class JobRunner;
class ModelRepository;
class RecommendationSetup;
class TenantModels;

class TrainingService {
 public:
  TrainingService(const RecommendationSetup& setup, TenantModels& models, ModelRepository& repository,
                  CatalogReader& catalog, JobRunner& jobs);
  ~TrainingService();

  // Queues a training job; throws NotFound for a recommender that is not trainable.
  Job train(const std::string& tenant, const std::string& recommender);
  // Trains now, on this thread; returns the job result JSON ({"version", "users", ...}).
  std::string trainNow(const std::string& tenant, const std::string& recommender);
  // Called by serving when a recommender has no model for a tenant.
  void untrained(const std::string& tenant, const std::string& recommender);

  // The train_every scheduler (a thread that looks once a minute).
  void startSchedule(std::chrono::milliseconds checkEvery = std::chrono::minutes(1));
  void stop();

 private:
  void scheduleLoop(std::chrono::milliseconds checkEvery);
  void runDue();

  const RecommendationSetup& setup_;
  TenantModels& models_;
  ModelRepository& repository_;
  CatalogReader& catalog_;
  JobRunner& jobs_;
  std::mutex mutex_;
  std::map<std::pair<std::string, std::string>, std::chrono::steady_clock::time_point> auto_requested_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::thread schedule_;
};

}  // namespace sb::recommend
