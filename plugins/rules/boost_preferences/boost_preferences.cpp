// boost_preferences: boosts items in the user's favourite categories, weighted by how much
// of the user's history each category holds, then re-sorts.
#include "common/rule_support.hpp"

#include <utility>

namespace {

struct Favourite {
  std::string category;
  double share;  // weight / the top category's weight, in (0, 1]
};

class BoostPreferences final : public switchboard::RulePlugin {
 public:
  static constexpr const char* id = "boost_preferences";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description =
      "Boosts items in the user's favourite categories (context history_categories) by their share.";
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;  // state is fixed in the constructor
  static constexpr sb_config_field schema[] = {
      switchboard::option::number("factor",
                                  "Multiplier for the favourite category; others get 1 + (factor - 1) x share (> 0).")
          .withDefault("1.5"),
      switchboard::option::integer("top", "Only the user's N heaviest categories count (0 = all).").withDefault("3"),
  };

  BoostPreferences(const switchboard::Host&, const switchboard::Config& config)
      : factor_(rules::positiveFactor(config, "factor")), top_(config.integer("top")) {
    if (top_ < 0) throw switchboard::InvalidConfig("top must not be negative");
  }

  std::vector<switchboard::RuleOutput> apply(const switchboard::RuleInput& input) override {
    std::vector<Favourite> favourites = favouritesOf(input.context_json);
    return rules::rescore(input, [&](const switchboard::RuleCandidate& c) {
      auto it = std::lower_bound(favourites.begin(), favourites.end(), c.category,
                                 [](const Favourite& f, std::string_view category) { return f.category < category; });
      if (it == favourites.end() || it->category != c.category) return 1.0;
      return 1.0 + (factor_ - 1.0) * it->share;
    });
  }

 private:
  // The `top` heaviest categories of context.history_categories (positive numeric weights
  // only; ties broken by name), with their shares, sorted by category for lookup.
  std::vector<Favourite> favouritesOf(std::string_view context) const {
    std::vector<std::pair<std::string, double>> weights;
    bool ok = rules::forEachMember(context, [&](std::string_view key, const rules::JsonValue& v) {
      if (key != "history_categories") return;
      weights.clear();
      v.forEachMember([&](std::string_view category, const rules::JsonValue& w) {
        double weight = w.asNumber().value_or(0);
        if (weight > 0 && std::isfinite(weight) && !category.empty()) weights.emplace_back(category, weight);
      });
    });
    if (!ok || weights.empty()) return {};
    auto heavier = [](const auto& a, const auto& b) { return a.second != b.second ? a.second > b.second : a.first < b.first; };
    std::size_t keep = top_ > 0 ? std::min<std::size_t>(weights.size(), static_cast<std::size_t>(top_)) : weights.size();
    std::partial_sort(weights.begin(), weights.begin() + static_cast<std::ptrdiff_t>(keep), weights.end(), heavier);
    const double heaviest = weights.front().second;
    std::vector<Favourite> out;
    out.reserve(keep);
    for (std::size_t i = 0; i < keep; ++i) out.push_back({std::move(weights[i].first), weights[i].second / heaviest});
    std::stable_sort(out.begin(), out.end(),
                     [](const Favourite& a, const Favourite& b) { return a.category < b.category; });
    // A category repeated in the JSON: keep its first (heaviest) entry only.
    out.erase(std::unique(out.begin(), out.end(),
                          [](const Favourite& a, const Favourite& b) { return a.category == b.category; }),
              out.end());
    return out;
  }

  double factor_;
  int64_t top_;
};

}  // namespace

SWITCHBOARD_PLUGIN(BoostPreferences);
