// Split: the seeded 80/20 division of interactions.
#include "recommend/eval/Split.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <utility>

using namespace sb::recommend::eval;

namespace {

// `users` users x `perUser` items each, item j of user u at time u*100 + j.
EvalData grid(uint32_t users, uint32_t perUser) {
  EvalData d;
  d.source = "grid";
  for (uint32_t u = 0; u < users; ++u) d.data.user_ids.push_back("u" + std::to_string(u));
  for (uint32_t i = 0; i < perUser; ++i) d.data.items.push_back({"i" + std::to_string(i), "", "", {}, "", 0});
  for (uint32_t u = 0; u < users; ++u)
    for (uint32_t i = 0; i < perUser; ++i) d.data.interactions.push_back({u, i, 1.0f, u * 100 + i});
  return d;
}

std::set<std::pair<uint32_t, uint32_t>> testPairs(const TrainTestSplit& s) {
  std::set<std::pair<uint32_t, uint32_t>> out;
  for (uint32_t u = 0; u < s.test.size(); ++u)
    for (uint32_t i : s.test[u]) out.emplace(u, i);
  return out;
}

}  // namespace

TEST(Split, PutsRoundedEightyPercentOfInteractionsInTraining) {
  const auto s = splitInteractions(grid(1, 10), 1);
  EXPECT_EQ(s.train.interactions.size(), 8u);
  EXPECT_EQ(s.testInteractions(), 2u);
  const auto seven = splitInteractions(grid(1, 7), 1);  // 5.6 rounds to 6
  EXPECT_EQ(seven.train.interactions.size(), 6u);
  EXPECT_EQ(seven.testInteractions(), 1u);
}

TEST(Split, TrainAndTestAreDisjointAndTogetherHoldEveryInteraction) {
  const auto data = grid(20, 15);
  const auto s = splitInteractions(data, 7);
  std::set<std::pair<uint32_t, uint32_t>> all, train;
  for (const auto& x : data.data.interactions) all.emplace(x.user, x.item);
  for (const auto& x : s.train.interactions) train.emplace(x.user, x.item);
  auto test = testPairs(s);
  for (const auto& p : test) EXPECT_EQ(train.count(p), 0u);
  train.insert(test.begin(), test.end());
  EXPECT_EQ(train, all);
  EXPECT_EQ(s.train.user_ids, data.data.user_ids);
  EXPECT_EQ(s.train.items.size(), data.data.items.size());
}

TEST(Split, IsDeterministicForASeedAndDiffersAcrossSeeds) {
  const auto data = grid(30, 10);
  EXPECT_EQ(testPairs(splitInteractions(data, 42)), testPairs(splitInteractions(data, 42)));
  EXPECT_NE(testPairs(splitInteractions(data, 42)), testPairs(splitInteractions(data, 43)));
}

TEST(Split, HistoryListsEachUsersTrainingItemsNewestFirst) {
  const auto s = splitInteractions(grid(3, 10), 5);
  for (uint32_t u = 0; u < 3; ++u) {
    std::vector<uint32_t> expected;
    for (int i = 9; i >= 0; --i)
      if (!std::binary_search(s.test[u].begin(), s.test[u].end(), static_cast<uint32_t>(i)))
        expected.push_back(static_cast<uint32_t>(i));
    EXPECT_EQ(s.history[u], expected) << "user " << u;
  }
}

TEST(Split, CountsOnlyUsersWithATestItem) {
  auto data = grid(1, 1);  // one interaction: it goes to training (round(0.8) = 1)
  const auto s = splitInteractions(data, 1);
  EXPECT_EQ(s.testUsers(), 0u);
  const auto some = splitInteractions(grid(6, 5), 1);
  std::size_t withTest = 0;
  for (const auto& t : some.test) withTest += t.empty() ? 0 : 1;
  EXPECT_EQ(some.testUsers(), withTest);
}

TEST(Split, RefusesATrainShareOutsideZeroToOne) {
  EXPECT_THROW(splitInteractions(grid(1, 3), 1, 1.0), std::invalid_argument);
  EXPECT_THROW(splitInteractions(grid(1, 3), 1, 0.0), std::invalid_argument);
}
