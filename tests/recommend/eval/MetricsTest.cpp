// Metrics: Precision/Recall/NDCG@K and coverage against hand-computed values.
#include "recommend/eval/Metrics.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace sb::recommend::eval;

TEST(Metrics, ScoresHitsAtTheirRanksWithLog2Discount) {
  // Hits at 0-based ranks 1 and 4 of 5; three relevant items, one never recommended.
  const UserScore s = scoreUser({1, 2, 3, 4, 5}, {2, 5, 9}, 5);
  EXPECT_DOUBLE_EQ(s.precision, 0.4);
  EXPECT_DOUBLE_EQ(s.recall, 2.0 / 3.0);
  // DCG = 1/log2(3) + 1/log2(6); IDCG = 1/log2(2) + 1/log2(3) + 1/log2(4).
  EXPECT_DOUBLE_EQ(s.ndcg, (1 / std::log2(3.0) + 1 / std::log2(6.0)) / (1 + 1 / std::log2(3.0) + 0.5));
  EXPECT_NEAR(s.ndcg, 0.4776237, 1e-7);
}

TEST(Metrics, PrecisionDividesByKEvenWhenTheListIsShorter) {
  const UserScore s = scoreUser({7, 8}, {7, 8}, 10);
  EXPECT_DOUBLE_EQ(s.precision, 0.2);
  EXPECT_DOUBLE_EQ(s.recall, 1.0);
  EXPECT_DOUBLE_EQ(s.ndcg, 1.0);
}

TEST(Metrics, IdealDcgStopsAtKWhenThereAreMoreRelevantItems) {
  const UserScore s = scoreUser({9, 1}, {1, 2, 3, 4}, 2);
  EXPECT_DOUBLE_EQ(s.precision, 0.5);
  EXPECT_DOUBLE_EQ(s.recall, 0.25);
  EXPECT_DOUBLE_EQ(s.ndcg, (1 / std::log2(3.0)) / (1 + 1 / std::log2(3.0)));
  EXPECT_NEAR(s.ndcg, 0.3868528, 1e-7);
}

TEST(Metrics, IgnoresItemsBeyondK) {
  const UserScore s = scoreUser({7, 8, 1}, {1}, 2);
  EXPECT_DOUBLE_EQ(s.precision, 0.0);
  EXPECT_DOUBLE_EQ(s.recall, 0.0);
  EXPECT_DOUBLE_EQ(s.ndcg, 0.0);
}

TEST(Metrics, CountsARepeatedItemOnce) {
  const UserScore s = scoreUser({1, 1, 1}, {1, 2}, 3);
  EXPECT_DOUBLE_EQ(s.precision, 1.0 / 3.0);
  EXPECT_DOUBLE_EQ(s.recall, 0.5);
  EXPECT_DOUBLE_EQ(s.ndcg, 1.0 / (1 + 1 / std::log2(3.0)));
}

TEST(Metrics, AnEmptyListScoresZero) {
  const UserScore s = scoreUser({}, {1, 2}, 10);
  EXPECT_EQ(s.precision, 0.0);
  EXPECT_EQ(s.recall, 0.0);
  EXPECT_EQ(s.ndcg, 0.0);
}

TEST(Metrics, AveragesOverUsersAndCountsDistinctItemsForCoverage) {
  MetricAccumulator total(10, 2);
  total.add(scoreUser({1, 2}, {1}, 2), {1, 2});     // P 0.5, R 1, NDCG 1
  total.add(scoreUser({2, 3}, {4, 5}, 2), {2, 3});  // all zero
  MetricAccumulator unserved(10, 2);
  unserved.add(UserScore{}, {});                    // an unserved user counts with zeros
  total.merge(unserved);
  const MetricTotals t = total.totals();
  EXPECT_EQ(t.users, 3u);
  EXPECT_DOUBLE_EQ(t.precision, 0.5 / 3);
  EXPECT_DOUBLE_EQ(t.recall, 1.0 / 3);
  EXPECT_DOUBLE_EQ(t.ndcg, 1.0 / 3);
  EXPECT_DOUBLE_EQ(t.coverage, 0.3);  // items 1, 2, 3 of 10
}

TEST(Metrics, CoverageCountsOnlyTheFirstK) {
  MetricAccumulator total(4, 1);
  total.add(scoreUser({0, 1, 2}, {0}, 1), {0, 1, 2});
  EXPECT_DOUBLE_EQ(total.totals().coverage, 0.25);
}
