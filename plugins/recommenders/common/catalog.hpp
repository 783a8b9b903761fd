// Catalog: the items a recommender model knows (ids and categories, in dataset order) with
// lookups by id, a request's filter (exclusions, category) as item indexes, and the
// selection of the best candidates. Header-only, shared by popularity, itemknn and content.
#pragma once

#include "model_io.hpp"

#include <switchboard/plugin.hpp>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <utility>
#include <vector>

namespace catalog {

struct StringHash {
  using is_transparent = void;
  std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};
// Id -> index, looked up with a string_view (no copy per lookup).
using IdIndex = std::unordered_map<std::string, uint32_t, StringHash, std::equal_to<>>;

inline std::optional<uint32_t> find(const IdIndex& index, std::string_view id) {
  auto it = index.find(id);
  if (it == index.end()) return std::nullopt;
  return it->second;
}

// Adds `id` with the next index unless present; returns its index.
inline uint32_t intern(IdIndex& index, std::vector<std::string>& ids, std::string_view id) {
  auto it = index.find(id);
  if (it != index.end()) return it->second;
  auto next = static_cast<uint32_t>(ids.size());
  ids.emplace_back(id);
  index.emplace(ids.back(), next);
  return next;
}

class Catalog {
 public:
  Catalog() = default;

  static Catalog fromItems(const switchboard::Items& items) {
    Catalog c;
    c.item_ids_.reserve(items.size());
    c.item_category_.reserve(items.size());
    for (switchboard::Item item : items) {
      // A repeated id keeps its first entry's index; the dataset's item indexes still map.
      c.item_ids_.emplace_back(item.id);
      c.item_category_.push_back(intern(c.category_index_, c.categories_, item.category));
      c.item_index_.emplace(c.item_ids_.back(), static_cast<uint32_t>(c.item_ids_.size() - 1));
    }
    return c;
  }

  void save(model_io::Writer& out) const {
    out.u32(static_cast<uint32_t>(categories_.size()));
    for (const std::string& c : categories_) out.str(c);
    out.u32(static_cast<uint32_t>(item_ids_.size()));
    for (std::size_t i = 0; i < item_ids_.size(); ++i) {
      out.str(item_ids_[i]);
      out.u32(item_category_[i]);
    }
  }

  static Catalog load(model_io::Reader& in) {
    Catalog c;
    uint32_t categories = in.count(4);
    for (uint32_t i = 0; i < categories; ++i) intern(c.category_index_, c.categories_, in.str());
    uint32_t items = in.count(8);
    c.item_ids_.reserve(items);
    c.item_category_.reserve(items);
    for (uint32_t i = 0; i < items; ++i) {
      c.item_ids_.push_back(in.str());
      c.item_category_.push_back(in.index(c.categoryCount()));
      c.item_index_.emplace(c.item_ids_.back(), i);
    }
    return c;
  }

  uint32_t size() const noexcept { return static_cast<uint32_t>(item_ids_.size()); }
  const std::string& id(uint32_t item) const { return item_ids_[item]; }
  uint32_t category(uint32_t item) const { return item_category_[item]; }
  uint32_t categoryCount() const noexcept { return static_cast<uint32_t>(categories_.size()); }
  std::optional<uint32_t> item(std::string_view id) const { return find(item_index_, id); }
  std::optional<uint32_t> categoryNamed(std::string_view name) const { return find(category_index_, name); }

 private:
  std::vector<std::string> item_ids_;
  std::vector<uint32_t> item_category_;  // index into categories_
  std::vector<std::string> categories_;
  IdIndex item_index_;
  IdIndex category_index_;
};

// What a request allows: not excluded, and in its category when it names one.
class Filter {
 public:
  Filter(const Catalog& catalog, const switchboard::RecommendRequest& request) : catalog_(catalog) {
    if (!request.category.empty()) {
      auto c = catalog.categoryNamed(request.category);
      category_ = c ? *c : kNoSuchCategory;
    }
    for (std::string_view id : request.exclude)
      if (auto i = catalog.item(id)) excluded_.push_back(*i);
    std::sort(excluded_.begin(), excluded_.end());
  }
  // Also refuses `item` itself (similar-items).
  Filter(const Catalog& catalog, uint32_t item) : catalog_(catalog), excluded_{item} {}

  bool allows(uint32_t item) const {
    if (category_ != kAny && catalog_.category(item) != category_) return false;
    return !std::binary_search(excluded_.begin(), excluded_.end(), item);
  }
  // The category a request is restricted to; nullopt = any. An unknown category matches nothing.
  std::optional<uint32_t> category() const {
    if (category_ == kAny) return std::nullopt;
    return category_;
  }
  bool matchesNothing() const noexcept { return category_ == kNoSuchCategory; }

 private:
  static constexpr uint32_t kAny = std::numeric_limits<uint32_t>::max();
  static constexpr uint32_t kNoSuchCategory = kAny - 1;
  const Catalog& catalog_;
  uint32_t category_ = kAny;
  std::vector<uint32_t> excluded_;  // sorted
};

struct Scored {
  uint32_t item;
  double score;
};

// The best `limit` of `scored` (0 = all), best first; ties by catalog order, so results are
// deterministic (and equal after save/load). Reorders `scored`.
inline std::vector<switchboard::Candidate> best(const Catalog& catalog, std::vector<Scored>& scored, uint32_t limit) {
  auto better = [](const Scored& a, const Scored& b) { return a.score > b.score || (a.score == b.score && a.item < b.item); };
  std::size_t n = limit == 0 ? scored.size() : std::min<std::size_t>(limit, scored.size());
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(n), scored.end(), better);
  std::vector<switchboard::Candidate> out;
  out.reserve(n);
  for (std::size_t i = 0; i < n; ++i) out.push_back({catalog.id(scored[i].item), scored[i].score});
  return out;
}

}  // namespace catalog
