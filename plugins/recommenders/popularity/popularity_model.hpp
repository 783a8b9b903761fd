// PopularityModel: time-decayed popularity of every item, ranked globally and (optionally)
// per category. Immutable once built, so concurrent readers need no lock.
#pragma once

#include "catalog.hpp"
#include "popularity_config.hpp"

#include <switchboard/plugin.hpp>

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace popularity {

class PopularityModel {
 public:
  // score(item) = sum of weight * 0.5^((now - t) / half_life) over the item's interactions.
  static PopularityModel fit(const switchboard::Dataset& data, const Settings& settings);
  // Throws Unsupported for bytes that are not this format and version.
  static PopularityModel load(std::string_view bytes, bool per_category);
  std::string save() const;

  // The most popular items the request allows, best first.
  std::vector<switchboard::Candidate> top(const switchboard::RecommendRequest& request) const;
  // The most popular other items of `item`'s category (of all items without per_category).
  std::vector<switchboard::Candidate> similar(std::string_view item, uint32_t limit) const;

 private:
  PopularityModel(catalog::Catalog catalog, std::vector<double> scores, bool per_category);
  const std::vector<uint32_t>& rankingFor(std::optional<uint32_t> category) const;
  std::vector<switchboard::Candidate> firstAllowed(const std::vector<uint32_t>& ranking, const catalog::Filter& filter,
                                                   uint32_t limit) const;

  catalog::Catalog catalog_;
  std::vector<double> scores_;  // per catalog item
  // Derived on construction, never saved: items with a positive score, best first.
  std::vector<uint32_t> ranking_;
  std::vector<std::vector<uint32_t>> category_rankings_;  // per category; empty without per_category
};

}  // namespace popularity
