// Shared by the rule tests: a rule's real .so started through the host's registry, request
// builders, and readers for what applyRule() returns.
#pragma once

#include "plugins/channels/SinglePluginHost.hpp"
#include "plugin/RecommenderCalls.hpp"

#include <gtest/gtest.h>

#include <memory>
#include <string>
#include <vector>

namespace sb::test {

inline constexpr int64_t kNow = 1'700'000'000'000;  // a fixed "now", Unix ms
inline constexpr int64_t kHour = 3'600'000;
inline constexpr int64_t kDay = 24 * kHour;

inline const std::vector<std::string>& allRules() {
  static const std::vector<std::string> rules{"filter_out_of_stock", "filter_already_consumed", "filter_age_restricted",
                                              "filter_geo",          "boost_promoted",          "boost_new_items",
                                              "boost_preferences",   "diversity"};
  return rules;
}

inline plugin::RuleCandidate candidate(std::string id, double score, std::string attributes = "",
                                       std::string category = "", std::vector<std::string> tags = {},
                                       int64_t created_at = 0) {
  return plugin::RuleCandidate{std::move(id), score, std::move(category), std::move(tags), std::move(attributes),
                               created_at};
}

inline plugin::RuleRequest request(std::vector<plugin::RuleCandidate> candidates) {
  plugin::RuleRequest r;
  r.user_id = "user-1";
  r.candidates = std::move(candidates);
  r.limit = 10;
  r.now = kNow;
  return r;
}

class RuleTest : public ::testing::Test {
 protected:
  // A started instance of `rule` with `config` (YAML scalars; defaults for the rest).
  plugin::PluginInstance& start(const std::string& rule, const std::vector<ConfigValue>& config = {}) {
    hosts_.push_back(std::make_unique<SinglePluginHost>(rule, ""));
    return hosts_.back()->start("rule", rule, config);
  }

  // Why an instance of `rule` with `config` refused to start ("" when it started).
  std::string refusal(const std::string& rule, const std::vector<ConfigValue>& config) {
    hosts_.push_back(std::make_unique<SinglePluginHost>(rule, ""));
    auto report = hosts_.back()->load({instanceSettings("rule", rule, config)});
    EXPECT_EQ(hosts_.back()->instance("rule"), nullptr) << rule << " started";
    return report.problems.empty() ? std::string() : report.problems[0].format();
  }

  // applyRule(), expecting success; every kept index is checked to be in range and unique.
  static plugin::RuleResult apply(plugin::PluginInstance& rule, const plugin::RuleRequest& r) {
    auto result = plugin::applyRule(rule, r);
    EXPECT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
    std::vector<bool> seen(r.candidates.size(), false);
    for (const auto& k : result.kept) {
      EXPECT_LT(k.index, r.candidates.size());
      if (k.index < seen.size()) {
        EXPECT_FALSE(seen[k.index]) << "index " << k.index << " emitted twice";
        seen[k.index] = true;
      }
    }
    return result;
  }

  // The item ids a rule kept, in its order.
  static std::vector<std::string> ids(plugin::PluginInstance& rule, const plugin::RuleRequest& r) {
    std::vector<std::string> out;
    for (const auto& k : apply(rule, r).kept) out.push_back(r.candidates[k.index].item_id);
    return out;
  }

  // The score the rule gave `id` (a failed expectation and -1 when dropped).
  static double scoreOf(const plugin::RuleRequest& r, const plugin::RuleResult& result, const std::string& id) {
    for (const auto& k : result.kept)
      if (r.candidates[k.index].item_id == id) return k.score;
    ADD_FAILURE() << id << " was dropped";
    return -1;
  }

 private:
  std::vector<std::unique_ptr<SinglePluginHost>> hosts_;
};

using Ids = std::vector<std::string>;

}  // namespace sb::test
