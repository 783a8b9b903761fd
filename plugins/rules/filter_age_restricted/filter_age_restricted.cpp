// filter_age_restricted: drops candidates whose `age_rating` is above the user's `age`.
#include "common/rule_support.hpp"

#include <optional>

namespace {

// A numeric member of a JSON object; nullopt when absent, not a number, or malformed.
std::optional<double> numberMember(std::string_view json, std::string_view key) {
  std::optional<double> found;
  bool ok = rules::forEachMember(json, [&](std::string_view k, const rules::JsonValue& v) {
    if (k == key) found = v.asNumber();
  });
  return ok ? found : std::nullopt;
}

class FilterAgeRestricted final : public switchboard::RulePlugin {
 public:
  static constexpr const char* id = "filter_age_restricted";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description = "Drops items whose age_rating is above the user's age.";
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;  // state is fixed in the constructor
  static constexpr sb_config_field schema[] = {
      switchboard::option::string("unknown_age",
                                  "For users without a numeric age: \"deny\" drops items rated above unknown_age_max, "
                                  "\"allow\" keeps everything.")
          .withDefault("deny"),
      switchboard::option::integer("unknown_age_max",
                                   "With unknown_age: deny, the highest age_rating shown to users of unknown age.")
          .withDefault("0"),
  };

  FilterAgeRestricted(const switchboard::Host&, const switchboard::Config& config)
      : allow_unknown_(rules::allowOrDeny(config, "unknown_age")),
        unknown_age_max_(static_cast<double>(config.integer("unknown_age_max"))) {
    if (unknown_age_max_ < 0) throw switchboard::InvalidConfig("unknown_age_max must not be negative");
  }

  std::vector<switchboard::RuleOutput> apply(const switchboard::RuleInput& input) override {
    std::optional<double> age = numberMember(input.user_attributes_json, "age");
    if (!age && allow_unknown_) return rules::keepWhere(input, [](const switchboard::RuleCandidate&) { return true; });
    const double highest = age ? *age : unknown_age_max_;
    return rules::keepWhere(input, [&](const switchboard::RuleCandidate& c) {
      // An item without a numeric age_rating (or with malformed attributes) is for everyone.
      return numberMember(c.attributes_json, "age_rating").value_or(0) <= highest;
    });
  }

 private:
  bool allow_unknown_;
  double unknown_age_max_;
};

}  // namespace

SWITCHBOARD_PLUGIN(FilterAgeRestricted);
