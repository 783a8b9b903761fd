// diversity: caps the items per category, then re-ranks by maximal marginal relevance (MMR)
// so that near-duplicates (same tags, same category) do not crowd the top of the list.
#include "common/rule_support.hpp"

#include <limits>

namespace {

// One candidate as MMR sees it: its tags sorted and de-duplicated, for a merge-based Jaccard.
struct Profile {
  std::size_t index;  // into the rule input
  double score;
  std::string_view category;
  std::vector<std::string_view> tags;
};

// |a ∩ b| / |a ∪ b| of two sorted, duplicate-free lists; 0 when both are empty.
double jaccard(const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  if (a.empty() && b.empty()) return 0;
  std::size_t common = 0, i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    if (a[i] < b[j]) ++i;
    else if (b[j] < a[i]) ++j;
    else ++common, ++i, ++j;
  }
  return static_cast<double>(common) / static_cast<double>(a.size() + b.size() - common);
}

// In [0, 1]: the tag Jaccard and "same (non-empty) category" weighted equally.
double similarity(const Profile& a, const Profile& b) {
  double same = !a.category.empty() && a.category == b.category ? 1.0 : 0.0;
  return (jaccard(a.tags, b.tags) + same) / 2.0;
}

class Diversity final : public switchboard::RulePlugin {
 public:
  static constexpr const char* id = "diversity";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description =
      "Caps items per category and re-ranks by MMR: lambda x score - (1 - lambda) x similarity to items above.";
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;  // state is fixed in the constructor
  static constexpr sb_config_field schema[] = {
      switchboard::option::integer("max_per_category",
                                   "At most this many items of one category are kept, the best first (0 = no cap).")
          .withDefault("3"),
      switchboard::option::number("lambda",
                                  "MMR trade-off in [0, 1]: 1 = by score only, 0 = as different as possible.")
          .withDefault("0.7"),
  };

  Diversity(const switchboard::Host&, const switchboard::Config& config)
      : max_per_category_(config.integer("max_per_category")), lambda_(config.number("lambda")) {
    if (max_per_category_ < 0) throw switchboard::InvalidConfig("max_per_category must not be negative");
    if (!(lambda_ >= 0.0 && lambda_ <= 1.0)) throw switchboard::InvalidConfig("lambda must be between 0 and 1");
  }

  std::vector<switchboard::RuleOutput> apply(const switchboard::RuleInput& input) override {
    std::vector<Profile> kept = capped(input);
    const std::size_t picks = input.limit > 0 ? std::min<std::size_t>(input.limit, kept.size()) : kept.size();
    std::vector<switchboard::RuleOutput> out;
    out.reserve(kept.size());
    rerank(kept, picks, out);
    return out;
  }

 private:
  // The candidates in their incoming order, without those beyond max_per_category in
  // their category (items without a category are never capped).
  std::vector<Profile> capped(const switchboard::RuleInput& input) const {
    std::vector<Profile> kept;
    kept.reserve(input.candidates.size());
    std::vector<std::pair<std::string_view, int64_t>> counts;  // few categories: a flat list
    for (std::size_t i = 0; i < input.candidates.size(); ++i) {
      switchboard::RuleCandidate c = input.candidates[i];
      if (max_per_category_ > 0 && !c.category.empty()) {
        auto it = std::find_if(counts.begin(), counts.end(), [&](const auto& e) { return e.first == c.category; });
        if (it == counts.end()) it = counts.insert(counts.end(), {c.category, 0});
        if (++it->second > max_per_category_) continue;
      }
      Profile p{i, c.score, c.category, {c.tags.begin(), c.tags.end()}};
      std::sort(p.tags.begin(), p.tags.end());
      p.tags.erase(std::unique(p.tags.begin(), p.tags.end()), p.tags.end());
      kept.push_back(std::move(p));
    }
    return kept;
  }

  // MMR for the first `picks` places: each time the item maximising
  // lambda x normalised score - (1 - lambda) x its highest similarity to the items already
  // placed (ties: the earlier one). The rest follow in their incoming order, as spares for
  // later rules; the host truncates to the request's limit.
  void rerank(const std::vector<Profile>& kept, std::size_t picks, std::vector<switchboard::RuleOutput>& out) const {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (const Profile& p : kept) lo = std::min(lo, p.score), hi = std::max(hi, p.score);
    auto normalised = [&](double s) { return hi > lo ? (s - lo) / (hi - lo) : 1.0; };

    std::vector<double> max_sim(kept.size(), 0.0);
    std::vector<bool> placed(kept.size(), false);
    for (std::size_t round = 0; round < picks; ++round) {
      std::size_t best = kept.size();
      double best_value = -std::numeric_limits<double>::infinity();
      for (std::size_t i = 0; i < kept.size(); ++i) {
        if (placed[i]) continue;
        double value = lambda_ * normalised(kept[i].score) - (1.0 - lambda_) * max_sim[i];
        if (best == kept.size() || value > best_value) best = i, best_value = value;  // NaN-proof
      }
      placed[best] = true;
      out.push_back({kept[best].index, kept[best].score});
      for (std::size_t i = 0; i < kept.size(); ++i)
        if (!placed[i]) max_sim[i] = std::max(max_sim[i], similarity(kept[i], kept[best]));
    }
    for (std::size_t i = 0; i < kept.size(); ++i)
      if (!placed[i]) out.push_back({kept[i].index, kept[i].score});
  }

  int64_t max_per_category_;
  double lambda_;
};

}  // namespace

SWITCHBOARD_PLUGIN(Diversity);
