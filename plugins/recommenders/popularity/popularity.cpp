// popularity: time-decayed item popularity, the recommender that serves every user (the
// cold-start fallback). Fit sums each item's decayed interaction weights; recommend walks
// a precomputed ranking, so it costs O(limit + excluded items).
#include "popularity_config.hpp"
#include "popularity_model.hpp"

#include <switchboard/plugin.hpp>

#include <memory>
#include <mutex>

namespace {

class PopularityRecommender final : public switchboard::RecommenderPlugin {
 public:
  static constexpr const char* id = "popularity";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description = "Time-decayed popularity, overall and per category; serves every user.";
  // The model is immutable and swapped in whole under model_mutex_.
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;
  static constexpr sb_config_field schema[] = {
      switchboard::option::duration("half_life",
                                    "An interaction's weight halves every half_life before the training time; 0s = no decay.")
          .withDefault("30d"),
      switchboard::option::boolean("per_category",
                                   "Keep a ranking per category (fast category requests; similar items of the same "
                                   "category). Off: one global ranking, filtered on request.")
          .withDefault("true"),
  };

  PopularityRecommender(const switchboard::Host&, const switchboard::Config& config)
      : settings_(popularity::readSettings(config)) {}

  void fit(const switchboard::Dataset& data) override {
    install(popularity::PopularityModel::fit(data, settings_));
  }

  std::vector<switchboard::Candidate> recommend(const switchboard::RecommendRequest& request) override {
    return model()->top(request);
  }

  std::vector<switchboard::Candidate> similar(std::string_view item, uint32_t limit) override {
    return model()->similar(item, limit);
  }

  std::string save() override { return model()->save(); }

  void load(std::string_view bytes) override {
    install(popularity::PopularityModel::load(bytes, settings_.per_category));
  }

 private:
  std::shared_ptr<const popularity::PopularityModel> model() const {
    std::lock_guard<std::mutex> lock(model_mutex_);
    if (!model_) throw switchboard::Unsupported("no popularity model yet: train or load one");
    return model_;
  }
  void install(popularity::PopularityModel model) {
    auto next = std::make_shared<const popularity::PopularityModel>(std::move(model));
    std::lock_guard<std::mutex> lock(model_mutex_);
    model_.swap(next);
  }  // the previous model dies here, outside the lock, once no reader holds it

  const popularity::Settings settings_;
  mutable std::mutex model_mutex_;
  std::shared_ptr<const popularity::PopularityModel> model_;
};

}  // namespace

SWITCHBOARD_PLUGIN(PopularityRecommender);
