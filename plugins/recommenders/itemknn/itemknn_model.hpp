// ItemKnnModel: every item's nearest neighbours plus the users' rows at training time.
// A user's score for item i is the sum over the history items h of sim(h, i) * weight(h).
// Immutable once built, so concurrent readers need no lock.
#pragma once

#include "catalog.hpp"
#include "itemknn_config.hpp"
#include "itemknn_training.hpp"

#include <switchboard/plugin.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace itemknn {

class ItemKnnModel {
 public:
  static ItemKnnModel fit(const switchboard::Dataset& data, const Settings& settings);
  // Throws Unsupported for bytes that are not this format and version.
  static ItemKnnModel load(std::string_view bytes, bool normalize);
  std::string save() const;

  // Scores from the request's history, or from the user's training-time row when the
  // history names no known item; Unsupported when neither gives anything to go on.
  std::vector<switchboard::Candidate> recommend(const switchboard::RecommendRequest& request) const;
  // The item's neighbours, most similar first; Unsupported for an unknown item.
  std::vector<switchboard::Candidate> similar(std::string_view item, uint32_t limit) const;

 private:
  struct Weighted {
    uint32_t item;
    double weight;
  };

  ItemKnnModel(catalog::Catalog catalog, SparseRows neighbours, std::vector<std::string> user_ids, SparseRows user_items,
               bool normalize);
  std::vector<Weighted> profileOf(const switchboard::RecommendRequest& request) const;

  catalog::Catalog catalog_;
  SparseRows neighbours_;  // row per item: neighbour items, similarities
  std::vector<std::string> user_ids_;
  catalog::IdIndex user_index_;
  SparseRows user_items_;  // row per user: items, summed interaction weights
  bool normalize_;
};

}  // namespace itemknn
