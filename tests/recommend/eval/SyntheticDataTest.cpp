// SyntheticData: the seeded generator's shape, determinism and planted structure.
#include "recommend/eval/SyntheticData.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

using namespace sb::recommend::eval;

TEST(SyntheticData, DefaultsHaveMovieLens100KShape) {
  const EvalData d = generateSynthetic({});
  EXPECT_EQ(d.data.user_ids.size(), 943u);
  EXPECT_EQ(d.data.items.size(), 1682u);
  EXPECT_NEAR(static_cast<double>(d.data.interactions.size()), 100000.0, 3000.0);
  std::vector<int> perUser(943, 0);
  std::set<std::pair<uint32_t, uint32_t>> pairs;
  for (const auto& x : d.data.interactions) {
    ++perUser[x.user];
    EXPECT_EQ(x.weight, 1.0f);
    pairs.emplace(x.user, x.item);
  }
  EXPECT_EQ(pairs.size(), d.data.interactions.size()) << "pairs are distinct";
  EXPECT_GE(*std::min_element(perUser.begin(), perUser.end()), 20);
}

TEST(SyntheticData, IsDeterministicForASeed) {
  SyntheticOptions o;
  o.users = 100;
  o.items = 200;
  o.interactions = 3000;
  const EvalData a = generateSynthetic(o), b = generateSynthetic(o);
  ASSERT_EQ(a.data.interactions.size(), b.data.interactions.size());
  for (std::size_t i = 0; i < a.data.interactions.size(); ++i) {
    EXPECT_EQ(a.data.interactions[i].user, b.data.interactions[i].user);
    EXPECT_EQ(a.data.interactions[i].item, b.data.interactions[i].item);
    EXPECT_EQ(a.data.interactions[i].timestamp, b.data.interactions[i].timestamp);
  }
  for (std::size_t i = 0; i < a.data.items.size(); ++i) {
    EXPECT_EQ(a.data.items[i].category, b.data.items[i].category);
    EXPECT_EQ(a.data.items[i].tags, b.data.items[i].tags);
  }
  o.seed = 43;
  const EvalData c = generateSynthetic(o);
  bool differs = c.data.interactions.size() != a.data.interactions.size();
  for (std::size_t i = 0; !differs && i < a.data.interactions.size(); ++i)
    differs = a.data.interactions[i].item != c.data.interactions[i].item;
  EXPECT_TRUE(differs);
}

TEST(SyntheticData, UsersConcentrateOnFewCategories) {
  // Planted communities show through the categories: a user's most frequent category holds
  // far more of their items than the 1 / communities a structureless generator would give.
  const EvalData d = generateSynthetic({});
  std::vector<std::map<std::string, int>> byUser(d.data.user_ids.size());
  std::vector<int> total(d.data.user_ids.size(), 0);
  for (const auto& x : d.data.interactions) {
    ++byUser[x.user][d.data.items[x.item].category];
    ++total[x.user];
  }
  double share = 0;
  for (std::size_t u = 0; u < byUser.size(); ++u) {
    int top = 0;
    for (const auto& [category, n] : byUser[u]) top = std::max(top, n);
    share += static_cast<double>(top) / total[u];
  }
  share /= static_cast<double>(byUser.size());
  EXPECT_GT(share, 3.0 / SyntheticOptions{}.communities);
}

TEST(SyntheticData, PopularityIsSkewed) {
  const EvalData d = generateSynthetic({});
  std::vector<int> count(d.data.items.size(), 0);
  for (const auto& x : d.data.interactions) ++count[x.item];
  std::sort(count.rbegin(), count.rend());
  long top = 0, all = 0;
  for (std::size_t i = 0; i < count.size(); ++i) {
    all += count[i];
    if (i < count.size() / 10) top += count[i];
  }
  EXPECT_GT(static_cast<double>(top) / all, 0.3);  // the top 10% of items hold over 30%
}

TEST(SyntheticData, ItemsCarryCategoriesAndTags) {
  const EvalData d = generateSynthetic({});
  for (const auto& item : d.data.items) {
    EXPECT_FALSE(item.category.empty());
    EXPECT_EQ(item.tags.size(), 3u);
  }
}

TEST(SyntheticData, RefusesImpossibleOptions) {
  SyntheticOptions o;
  o.users = 0;
  EXPECT_THROW(generateSynthetic(o), std::invalid_argument);
  o = {};
  o.noise_share = 1.5;
  EXPECT_THROW(generateSynthetic(o), std::invalid_argument);
  o = {};
  o.communities = 0;
  EXPECT_THROW(generateSynthetic(o), std::invalid_argument);
}
