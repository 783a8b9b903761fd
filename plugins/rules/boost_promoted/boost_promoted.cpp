// boost_promoted: multiplies the scores of `promoted: true` items, then re-sorts.
#include "common/rule_support.hpp"

namespace {

class BoostPromoted final : public switchboard::RulePlugin {
 public:
  static constexpr const char* id = "boost_promoted";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description = "Multiplies the score of items with promoted: true by a factor.";
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;  // state is fixed in the constructor
  static constexpr sb_config_field schema[] = {
      switchboard::option::number("factor", "Multiplier for promoted items' scores (> 0; below 1 demotes).")
          .withDefault("1.5"),
  };

  BoostPromoted(const switchboard::Host&, const switchboard::Config& config)
      : factor_(rules::positiveFactor(config, "factor")) {}

  std::vector<switchboard::RuleOutput> apply(const switchboard::RuleInput& input) override {
    return rules::rescore(input, [&](const switchboard::RuleCandidate& c) {
      return promoted(c.attributes_json) ? factor_ : 1.0;
    });
  }

 private:
  // Only a JSON true counts; absent, other types and malformed attributes do not.
  static bool promoted(std::string_view attributes) {
    bool yes = false;
    bool ok = rules::forEachMember(attributes, [&](std::string_view key, const rules::JsonValue& v) {
      if (key == "promoted") yes = v.asBool().value_or(false);
    });
    return ok && yes;
  }

  double factor_;
};

}  // namespace

SWITCHBOARD_PLUGIN(BoostPromoted);
