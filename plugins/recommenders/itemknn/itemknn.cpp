// itemknn: item-item collaborative filtering on implicit feedback. Fit keeps each item's
// top-k cosine neighbours over the (optionally BM25-weighted) user x item matrix;
// recommend sums the neighbours of the items in the request's history, so events since
// the last training count at once.
#include "itemknn_config.hpp"
#include "model_slot.hpp"
#include "itemknn_model.hpp"

#include <switchboard/plugin.hpp>

#include <memory>
#include <mutex>

namespace {

class ItemKnnRecommender final : public switchboard::RecommenderPlugin {
 public:
  static constexpr const char* id = "itemknn";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description =
      "Item-item nearest neighbours (cosine, optional BM25) over implicit feedback.";
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;
  static constexpr sb_config_field schema[] = {
      switchboard::option::string("weighting", "Weighting of the user x item matrix before cosine: none or bm25.")
          .withDefault("none"),
      switchboard::option::number("bm25_k1", "BM25 term-frequency saturation (>= 0), with weighting: bm25.")
          .withDefault("1.2"),
      switchboard::option::number("bm25_b", "BM25 length normalisation, 0 to 1, with weighting: bm25.")
          .withDefault("0.75"),
      switchboard::option::number("shrink",
                                  "Added to the cosine denominator (>= 0): damps similarities resting on few users.")
          .withDefault("10"),
      switchboard::option::integer("neighbours", "Neighbours kept per item, 1 to 10000.").withDefault("50"),
      switchboard::option::boolean("normalize",
                                   "Divide each score by the sum of the similarities behind it (a weighted mean).")
          .withDefault("false"),
      switchboard::option::integer("threads", "Threads for training on large data, 0 = every core.").withDefault("0"),
  };

  ItemKnnRecommender(const switchboard::Host&, const switchboard::Config& config)
      : settings_(itemknn::readSettings(config)) {}

  void fit(const switchboard::Dataset& data) override { slot_.install(itemknn::ItemKnnModel::fit(data, settings_)); }

  std::vector<switchboard::Candidate> recommend(const switchboard::RecommendRequest& request) override {
    return slot_.get()->recommend(request);
  }

  std::vector<switchboard::Candidate> similar(std::string_view item, uint32_t limit) override {
    return slot_.get()->similar(item, limit);
  }

  std::string save() override { return slot_.get()->save(); }

  void load(std::string_view bytes) override { slot_.install(itemknn::ItemKnnModel::load(bytes, settings_.normalize)); }

 private:
  const itemknn::Settings settings_;
  ModelSlot<itemknn::ItemKnnModel> slot_{"itemknn"};
};

}  // namespace

SWITCHBOARD_PLUGIN(ItemKnnRecommender);
