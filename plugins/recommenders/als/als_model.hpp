// A trained ALS model: ids, float32 factors and what scoring needs (indexes, norms, Y^T Y),
// its ranking queries and its binary format. Immutable once built, so readers share it.
#pragma once

#include "als_training.hpp"

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace als {

// Bytes that are not a model this version can read.
class FormatError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct Scored {
  uint32_t item;  // index into Model::item_ids
  float score;
};

class Model {
 public:
  // The stored part.
  struct Parts {
    double alpha = 0;           // the confidence and penalty it was trained with, for fold-in
    double regularization = 0;
    std::vector<std::string> user_ids;
    std::vector<std::string> item_ids;
    std::vector<std::string> categories;   // distinct item categories ("" included when used)
    std::vector<uint32_t> item_category;   // per item, index into categories
    FactorMatrix<float> users;
    FactorMatrix<float> items;
  };

  // Checks the parts fit together (throws FormatError) and builds the lookups.
  explicit Model(Parts parts);

  uint32_t dim() const { return parts_.items.dim; }
  const Parts& parts() const { return parts_; }
  const std::string& itemId(uint32_t item) const { return parts_.item_ids[item]; }

  std::optional<uint32_t> user(std::string_view id) const { return find(user_index_, id); }
  std::optional<uint32_t> item(std::string_view id) const { return find(item_index_, id); }
  std::optional<uint32_t> category(std::string_view name) const { return find(category_index_, name); }
  const float* userFactors(uint32_t user) const { return parts_.users.row(user); }

  // Factors for a user the model has not seen, from their events (item index, summed
  // weight > 0): one least-squares solve against the fixed item factors.
  std::vector<float> foldIn(const std::vector<Entry>& events) const;

  // The `limit` best items for these user factors, best first, skipping items marked in
  // `blocked` (sized like the items, or empty) and, when set, items of other categories.
  std::vector<Scored> recommend(const float* user, uint32_t limit, const std::vector<char>& blocked,
                                std::optional<uint32_t> category) const;

  // The `limit` items whose factors have the highest cosine with `item`'s, itself excluded.
  std::vector<Scored> similar(uint32_t item, uint32_t limit) const;

  // Format 1: see docs/plugins/als.md.
  std::string serialize() const;
  static Model deserialize(std::string_view bytes);  // throws FormatError

 private:
  struct Hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
  };
  using Index = std::unordered_map<std::string, uint32_t, Hash, std::equal_to<>>;
  static std::optional<uint32_t> find(const Index& index, std::string_view id) {
    auto it = index.find(id);
    return it == index.end() ? std::nullopt : std::optional<uint32_t>(it->second);
  }

  Parts parts_;
  Index user_index_, item_index_, category_index_;
  std::vector<float> item_norms_;
  std::vector<double> gram_;  // Y^T Y of the item factors, for fold-in
};

}  // namespace als
