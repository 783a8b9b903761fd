// popularity: time-decayed item popularity, the recommender that serves every user (the
// cold-start fallback). Fit sums each item's decayed interaction weights; recommend walks
// a precomputed ranking, so it costs O(limit + excluded items).
#include "popularity_config.hpp"
#include "model_slot.hpp"
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
    slot_.install(popularity::PopularityModel::fit(data, settings_));
  }

  std::vector<switchboard::Candidate> recommend(const switchboard::RecommendRequest& request) override {
    return slot_.get()->top(request);
  }

  std::vector<switchboard::Candidate> similar(std::string_view item, uint32_t limit) override {
    return slot_.get()->similar(item, limit);
  }

  std::string save() override { return slot_.get()->save(); }

  void load(std::string_view bytes) override {
    slot_.install(popularity::PopularityModel::load(bytes, settings_.per_category));
  }

 private:
  const popularity::Settings settings_;
  ModelSlot<popularity::PopularityModel> slot_{"popularity"};
};

}  // namespace

SWITCHBOARD_PLUGIN(PopularityRecommender);
