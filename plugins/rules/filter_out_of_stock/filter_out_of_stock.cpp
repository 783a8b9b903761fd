// filter_out_of_stock: drops candidates whose attributes say `in_stock: false`.
#include "common/rule_support.hpp"

namespace {

class FilterOutOfStock final : public switchboard::RulePlugin {
 public:
  static constexpr const char* id = "filter_out_of_stock";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description = "Drops items whose attributes say in_stock: false.";
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;  // state is fixed in the constructor
  static constexpr sb_config_field schema[] = {
      switchboard::option::boolean("missing_means_in_stock",
                                   "Keep items without a boolean in_stock attribute (or with malformed attributes).")
          .withDefault("true"),
  };

  FilterOutOfStock(const switchboard::Host&, const switchboard::Config& config)
      : missing_means_in_stock_(config.boolean("missing_means_in_stock")) {}

  std::vector<switchboard::RuleOutput> apply(const switchboard::RuleInput& input) override {
    return rules::keepWhere(input, [&](const switchboard::RuleCandidate& c) { return inStock(c.attributes_json); });
  }

 private:
  bool inStock(std::string_view attributes) const {
    std::optional<bool> in_stock;
    bool ok = rules::forEachMember(attributes, [&](std::string_view key, const rules::JsonValue& v) {
      if (key == "in_stock") in_stock = v.asBool();
    });
    if (!ok || !in_stock) return missing_means_in_stock_;
    return *in_stock;
  }

  bool missing_means_in_stock_;
};

}  // namespace

SWITCHBOARD_PLUGIN(FilterOutOfStock);
