#include "recommend/training/TrainingService.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "plugin/RecommenderCalls.hpp"
#include "recommend/jobs/JobRunner.hpp"
#include "recommend/models/ModelRepository.hpp"
#include "recommend/models/TenantModels.hpp"
#include "recommend/serving/CatalogReader.hpp"
#include "recommend/serving/RecommendationSetup.hpp"
#include "recommend/training/DatasetBuilder.hpp"

#include <Poco/JSON/Object.h>
#include <spdlog/spdlog.h>

#include <sstream>
#include <stdexcept>

namespace sb::recommend {
namespace {
constexpr auto kAutoTrainEvery = std::chrono::minutes(1);
}  // namespace

TrainingService::TrainingService(const RecommendationSetup& setup, TenantModels& models, ModelRepository& repository,
                                 CatalogReader& catalog, JobRunner& jobs)
    : setup_(setup), models_(models), repository_(repository), catalog_(catalog), jobs_(jobs) {}

TrainingService::~TrainingService() { stop(); }

Job TrainingService::train(const std::string& tenant, const std::string& recommender) {
  const RecommenderSpec* spec = setup_.recommender(recommender);
  if (!spec) throw notFound("recommender " + recommender);
  if (spec->hybrid())
    throw unprocessable("recommender " + recommender + " is a hybrid: train the recommenders it blends");
  return jobs_.submit(tenant, "train", recommender, [this, tenant, recommender] { return trainNow(tenant, recommender); });
}

std::string TrainingService::trainNow(const std::string& tenant, const std::string& recommender) {
  auto started = std::chrono::steady_clock::now();
  plugin::Dataset data = buildDataset(catalog_, tenant, nowUnixMs());
  if (data.interactions.empty()) throw std::runtime_error("tenant " + tenant + " has no events to train on");
  auto snapshotMs = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  auto instance = models_.fresh(tenant, recommender);
  auto fitted = plugin::fitRecommender(*instance, data);
  if (!fitted.ok()) throw std::runtime_error("fit failed (" + std::string(plugin::statusName(fitted.status)) + "): " + fitted.error);
  auto saved = plugin::saveModel(*instance);
  if (!saved.outcome.ok()) throw std::runtime_error("saving the model failed: " + saved.outcome.error);
  Poco::JSON::Object metrics;
  metrics.set("users", static_cast<Poco::Int64>(data.user_ids.size()));
  metrics.set("items", static_cast<Poco::Int64>(data.items.size()));
  metrics.set("interactions", static_cast<Poco::Int64>(data.interactions.size()));
  metrics.set("snapshot_ms", snapshotMs);
  metrics.set("fit_ms", fitted.duration_ms);
  metrics.set("bytes", static_cast<Poco::Int64>(saved.bytes.size()));
  std::ostringstream metricsText;
  metrics.stringify(metricsText);
  int version = repository_.addActive(tenant, recommender, saved.bytes, metricsText.str(), nowUnixMs());
  models_.install(tenant, recommender, instance, version);
  spdlog::info("recommender {} for tenant {}: model version {} trained ({} interactions, fit {:.0f} ms)", recommender,
               tenant, version, data.interactions.size(), fitted.duration_ms);
  metrics.set("version", version);
  std::ostringstream result;
  metrics.stringify(result);
  return result.str();
}

void TrainingService::untrained(const std::string& tenant, const std::string& recommender) {
  {
    std::lock_guard lock(mutex_);
    auto now = std::chrono::steady_clock::now();
    auto& last = auto_requested_[{tenant, recommender}];
    if (last != std::chrono::steady_clock::time_point{} && now - last < kAutoTrainEvery) return;
    last = now;
  }
  try {
    train(tenant, recommender);
  } catch (const std::exception& e) {
    spdlog::warn("recommender {} for tenant {}: cannot queue training: {}", recommender, tenant, e.what());
  }
}

void TrainingService::startSchedule(std::chrono::milliseconds checkEvery) {
  bool any = false;
  for (const auto& r : setup_.recommenders()) any = any || (!r.hybrid() && r.train_every.count() > 0);
  if (!any) return;
  schedule_ = std::thread([this, checkEvery] { scheduleLoop(checkEvery); });
}

void TrainingService::stop() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (schedule_.joinable()) schedule_.join();
}

void TrainingService::scheduleLoop(std::chrono::milliseconds checkEvery) {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, checkEvery);
    if (stopping_) return;
    lock.unlock();
    try {
      runDue();
    } catch (const std::exception& e) {
      spdlog::warn("training schedule: {}", e.what());
    }
    lock.lock();
  }
}

// A model older than train_every (or none) is retrained. With several instances each may
// queue the same training; the later version simply wins.
void TrainingService::runDue() {
  auto tenants = catalog_.tenantsWithEvents();
  int64_t now = nowUnixMs();
  for (const auto& r : setup_.recommenders()) {
    if (r.hybrid() || r.train_every.count() <= 0) continue;
    for (const auto& tenant : tenants) {
      auto active = repository_.active(tenant, r.name);
      if (active && now - active->trained_at < r.train_every.count()) continue;
      train(tenant, r.name);
    }
  }
}

}  // namespace sb::recommend
