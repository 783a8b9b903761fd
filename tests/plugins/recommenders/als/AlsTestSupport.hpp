// Shared by the als plugin's test files: a host with the plugin loaded, and data sets with
// planted taste groups in the host's Dataset form.
#pragma once

#include "plugins/channels/SinglePluginHost.hpp"
#include "plugins/recommenders/als/SyntheticRatings.hpp"
#include "plugin/RecommenderCalls.hpp"

#include <gtest/gtest.h>

#include <random>
#include <string>
#include <vector>

namespace sb::test {

inline std::string userId(uint32_t u) { return "u" + std::to_string(u); }
inline std::string itemId(uint32_t i) { return "i" + std::to_string(i); }
inline uint32_t itemIndex(const std::string& id) { return static_cast<uint32_t>(std::stoul(id.substr(1))); }

// Items alternate between two categories, across the taste groups.
inline std::string categoryOf(uint32_t item) { return item % 2 == 0 ? "books" : "films"; }

// A host Dataset of these ratings, each of weight 1.
inline plugin::Dataset toDataset(uint32_t users, uint32_t items, const std::vector<als::Rating>& ratings) {
  plugin::Dataset d;
  for (uint32_t u = 0; u < users; ++u) d.user_ids.push_back(userId(u));
  for (uint32_t i = 0; i < items; ++i) {
    plugin::CatalogItem item;
    item.id = itemId(i);
    item.title = "Item " + std::to_string(i);
    item.category = categoryOf(i);
    d.items.push_back(item);
  }
  for (const als::Rating& r : ratings) d.interactions.push_back({r.user, r.item, 1.0f, 0});
  d.now = 1700000000000;
  return d;
}

// A small, clean data set: `groups` groups of 30 items; each user rates 12 items of their
// group (user u is in group u % groups) and nothing else.
inline als::SyntheticRatings plantedGroups(uint32_t users = 200, uint32_t groups = 4, uint64_t seed = 3) {
  als::SyntheticRatings d;
  d.users = users;
  d.groups = groups;
  d.items = groups * 30;
  for (uint32_t i = 0; i < d.items; ++i) d.item_group.push_back(i % groups);
  std::mt19937_64 rng(seed);
  for (uint32_t u = 0; u < users; ++u) {
    d.user_group.push_back(u % groups);
    std::vector<uint32_t> mine;
    for (uint32_t i = u % groups; i < d.items; i += groups) mine.push_back(i);
    std::shuffle(mine.begin(), mine.end(), rng);
    for (uint32_t k = 0; k < 12; ++k) d.ratings.push_back({u, mine[k]});
  }
  return d;
}

class AlsTest : public ::testing::Test {
 protected:
  // Small and quick for the functional tests; the defaults are exercised by the quality test.
  static std::vector<ConfigValue> smallConfig(std::vector<ConfigValue> extra = {}) {
    return withOverrides({{"factors", "8"}, {"iterations", "10"}, {"threads", "2"}}, extra);
  }

  plugin::PluginInstance& start(std::vector<ConfigValue> values, const std::string& name = "als-main") {
    return host.start(name, "als", values);
  }

  // Why the instance refused to start ("" when it started).
  std::string refusal(const std::vector<ConfigValue>& values) {
    auto report = host.load({instanceSettings("als-bad", "als", values)});
    EXPECT_EQ(host.instance("als-bad"), nullptr);
    return report.problems.empty() ? std::string() : report.problems[0].format();
  }

  static plugin::RecommendQuery query(const std::string& user, uint32_t limit = 10) {
    plugin::RecommendQuery q;
    q.user_id = user;
    q.limit = limit;
    return q;
  }

  SinglePluginHost host{"als", "https://notify.example.com"};
};

}  // namespace sb::test
