// filter_already_consumed: drops candidates the user already interacted with.
#include "common/rule_support.hpp"

#include <limits>

namespace {

class FilterAlreadyConsumed final : public switchboard::RulePlugin {
 public:
  static constexpr const char* id = "filter_already_consumed";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description = "Drops items present in the user's history.";
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;  // state is fixed in the constructor
  static constexpr sb_config_field schema[] = {
      switchboard::option::duration("event_window",
                                    "Only history events this recent count (0 = all the history the host passes).")
          .withDefault("0s"),
  };

  FilterAlreadyConsumed(const switchboard::Host&, const switchboard::Config& config)
      : window_ms_(config.duration("event_window").count()) {
    if (window_ms_ < 0) throw switchboard::InvalidConfig("event_window must not be negative");
  }

  std::vector<switchboard::RuleOutput> apply(const switchboard::RuleInput& input) override {
    // Sorted ids rather than a hash set: one allocation, and histories are short.
    std::vector<std::string_view> consumed;
    consumed.reserve(input.history.size());
    const int64_t since = window_ms_ > 0 ? input.now_ms - window_ms_ : std::numeric_limits<int64_t>::min();
    for (switchboard::UserEvent e : input.history)
      if (e.timestamp_ms >= since) consumed.push_back(e.item_id);
    std::sort(consumed.begin(), consumed.end());
    return rules::keepWhere(input, [&](const switchboard::RuleCandidate& c) {
      return !std::binary_search(consumed.begin(), consumed.end(), c.item_id);
    });
  }

 private:
  int64_t window_ms_;
};

}  // namespace

SWITCHBOARD_PLUGIN(FilterAlreadyConsumed);
