// content: content-based recommendations from item text. Fit turns each item's title
// tokens, tags and category into an L2-normalised TF-IDF vector; recommend scores items by
// cosine with the sum of the vectors of the user's history, so it serves any user with a
// history, including users and events newer than the training.
#include "content_config.hpp"
#include "model_slot.hpp"
#include "content_model.hpp"

#include <switchboard/plugin.hpp>

#include <memory>
#include <mutex>

namespace {

class ContentRecommender final : public switchboard::RecommenderPlugin {
 public:
  static constexpr const char* id = "content";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description =
      "Content-based: TF-IDF of item titles, tags and categories, cosine with the user's history.";
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;
  static constexpr sb_config_field schema[] = {
      switchboard::option::number("title_weight", "Boost of each title token (>= 0; 0 ignores titles).")
          .withDefault("1.0"),
      switchboard::option::number("tag_weight", "Boost of each tag (>= 0; 0 ignores tags).").withDefault("2.0"),
      switchboard::option::number("category_weight", "Boost of the category (>= 0; 0 ignores categories).")
          .withDefault("1.0"),
      switchboard::option::duration("history_half_life",
                                    "A history event's weight halves every history_half_life before the user's "
                                    "newest event; 0s = no decay.")
          .withDefault("0s"),
  };

  ContentRecommender(const switchboard::Host&, const switchboard::Config& config)
      : settings_(content::readSettings(config)) {}

  void fit(const switchboard::Dataset& data) override { slot_.install(content::ContentModel::fit(data, settings_)); }

  std::vector<switchboard::Candidate> recommend(const switchboard::RecommendRequest& request) override {
    return slot_.get()->recommend(request);
  }

  std::vector<switchboard::Candidate> similar(std::string_view item, uint32_t limit) override {
    return slot_.get()->similar(item, limit);
  }

  std::string save() override { return slot_.get()->save(); }

  void load(std::string_view bytes) override {
    slot_.install(content::ContentModel::load(bytes, settings_.history_half_life));
  }

 private:
  const content::Settings settings_;
  ModelSlot<content::ContentModel> slot_{"content"};
};

}  // namespace

SWITCHBOARD_PLUGIN(ContentRecommender);
