// ContentModel: an L2-normalised TF-IDF vector per item (title tokens, tags, category) and
// the inverted index over them. A user's profile is the weighted sum of the vectors of the
// items in their history; an item's score is its cosine with the profile. Immutable once
// built, so concurrent readers need no lock.
#pragma once

#include "catalog.hpp"
#include "content_config.hpp"

#include "sparse_rows.hpp"

#include <switchboard/plugin.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <vector>

namespace content {

using sparse::SparseRows;

class ContentModel {
 public:
  // Uses the items only: interactions play no part in content vectors.
  static ContentModel fit(const switchboard::Dataset& data, const Settings& settings);
  // Throws Unsupported for bytes that are not this format and version.
  static ContentModel load(std::string_view bytes, std::chrono::milliseconds history_half_life);
  std::string save() const;

  // Cosine of each item with the profile of the request's history. Unsupported when the
  // history names no item known at training.
  std::vector<switchboard::Candidate> recommend(const switchboard::RecommendRequest& request) const;
  // Cosine neighbours of an item; Unsupported for an unknown item.
  std::vector<switchboard::Candidate> similar(std::string_view item, uint32_t limit) const;

 private:
  struct Weighted {
    uint32_t index;
    double weight;
  };

  ContentModel(catalog::Catalog catalog, uint32_t term_count, SparseRows item_terms,
               std::chrono::milliseconds history_half_life);
  // Scores every item sharing a term with `profile` (term, weight; sorted, unique).
  std::vector<switchboard::Candidate> rank(const std::vector<Weighted>& profile, const catalog::Filter& filter,
                                           uint32_t limit) const;

  catalog::Catalog catalog_;
  uint32_t term_count_;
  SparseRows item_terms_;   // row per item: terms ascending, unit length
  SparseRows term_items_;   // row per term: items ascending (derived, not saved)
  std::chrono::milliseconds history_half_life_;
};

}  // namespace content
