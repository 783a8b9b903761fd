// boost_new_items: multiplies the scores of recently created items, then re-sorts.
#include "common/rule_support.hpp"

namespace {

class BoostNewItems final : public switchboard::RulePlugin {
 public:
  static constexpr const char* id = "boost_new_items";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description = "Multiplies the score of items created within a window before now.";
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;  // state is fixed in the constructor
  static constexpr sb_config_field schema[] = {
      switchboard::option::number("factor", "Multiplier for new items' scores (> 0).").withDefault("1.3"),
      switchboard::option::duration("window", "How recent an item's created_at must be to count as new (> 0).")
          .withDefault("7d"),
      switchboard::option::boolean("fade",
                                   "Fade the multiplier linearly from factor (just created) to 1 (window old).")
          .withDefault("false"),
  };

  BoostNewItems(const switchboard::Host& host, const switchboard::Config& config)
      : host_(host),
        factor_(rules::positiveFactor(config, "factor")),
        window_ms_(config.duration("window").count()),
        fade_(config.boolean("fade")) {
    if (window_ms_ <= 0) throw switchboard::InvalidConfig("window must be longer than 0s");
  }

  std::vector<switchboard::RuleOutput> apply(const switchboard::RuleInput& input) override {
    const int64_t now = input.now_ms > 0 ? input.now_ms : host_.nowMs();
    return rules::rescore(input, [&](const switchboard::RuleCandidate& c) { return multiplier(now, c.created_at_ms); });
  }

 private:
  double multiplier(int64_t now, int64_t created_at) const {
    if (created_at <= 0) return 1.0;                          // unknown creation time
    const int64_t age = std::max<int64_t>(0, now - created_at);  // created "in the future": brand new
    if (age >= window_ms_) return 1.0;
    if (!fade_) return factor_;
    return 1.0 + (factor_ - 1.0) * (1.0 - static_cast<double>(age) / static_cast<double>(window_ms_));
  }

  const switchboard::Host& host_;  // outlives this object
  double factor_;
  int64_t window_ms_;
  bool fade_;
};

}  // namespace

SWITCHBOARD_PLUGIN(BoostNewItems);
