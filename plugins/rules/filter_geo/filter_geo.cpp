// filter_geo: drops candidates whose `regions_allowed` does not include the request's country.
#include "common/rule_support.hpp"

namespace {

class FilterGeo final : public switchboard::RulePlugin {
 public:
  static constexpr const char* id = "filter_geo";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description =
      "Drops items whose regions_allowed does not contain the country (context country, else the user's).";
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;  // state is fixed in the constructor
  static constexpr sb_config_field schema[] = {
      switchboard::option::string("unknown_country",
                                  "When no country is known: \"allow\" keeps region-restricted items, \"deny\" drops "
                                  "them.")
          .withDefault("allow"),
  };

  FilterGeo(const switchboard::Host&, const switchboard::Config& config)
      : allow_unknown_(rules::allowOrDeny(config, "unknown_country")) {}

  std::vector<switchboard::RuleOutput> apply(const switchboard::RuleInput& input) override {
    const std::string country = rules::requestCountry(input);
    return rules::keepWhere(input, [&](const switchboard::RuleCandidate& c) {
      Regions regions = regionsOf(c.attributes_json, country);
      if (!regions.restricted) return true;
      return country.empty() ? allow_unknown_ : regions.contains_country;
    });
  }

 private:
  struct Regions {
    bool restricted = false;        // a non-empty list of codes
    bool contains_country = false;  // `country` is in it (case-insensitive)
  };

  // regions_allowed: an array of country codes (non-string and empty elements are ignored); a
  // single string counts as a list of one. Absent, empty or malformed: everywhere.
  static Regions regionsOf(std::string_view attributes, const std::string& country) {
    Regions r;
    auto consider = [&](const std::string& code) {
      if (code.empty()) return;
      r.restricted = true;
      if (!country.empty() && rules::upperAscii(code) == country) r.contains_country = true;
    };
    bool ok = rules::forEachMember(attributes, [&](std::string_view key, const rules::JsonValue& v) {
      if (key != "regions_allowed") return;
      r = Regions{};  // a repeated key: the last one wins
      if (auto single = v.asString()) consider(*single);
      else v.forEachString(consider);
    });
    return ok ? r : Regions{};
  }

  bool allow_unknown_;
};

}  // namespace

SWITCHBOARD_PLUGIN(FilterGeo);
