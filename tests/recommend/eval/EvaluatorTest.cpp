// Evaluator and RecommenderSet: the protocol driven through real plugin libraries (the
// fixture recommenders in fixtures/).
#include "recommend/eval/Evaluator.hpp"
#include "recommend/eval/RecommenderSet.hpp"
#include "recommend/eval/SyntheticData.hpp"

#include "recommend/eval/EvalFixtures.hpp"

#include <gtest/gtest.h>

#include <cmath>

using namespace sb;
using namespace sb::recommend::eval;
using sb::test::eval::fixturePlugins;

namespace {

// Five items; training a:{i0,i1} b:{i0,i2} c:{i0,i1}, so popularity ranks i0 i1 i2 i3 i4.
// Test a:{i2} b:{i1,i4}; c has no test item and is not scored.
TrainTestSplit tinySplit() {
  TrainTestSplit s;
  s.train.user_ids = {"a", "b", "c"};
  for (int i = 0; i < 5; ++i) s.train.items.push_back({"i" + std::to_string(i), "", "", {}, "", 0});
  s.train.interactions = {{0, 0, 1, 10}, {0, 1, 1, 20}, {1, 0, 1, 10}, {1, 2, 1, 20}, {2, 0, 1, 10}, {2, 1, 1, 20}};
  s.test = {{2}, {1, 4}, {}};
  s.history = {{1, 0}, {2, 0}, {1, 0}};
  return s;
}

std::shared_ptr<plugin::PluginInstance> only(const RecommenderSet& set) {
  EXPECT_EQ(set.instances().size(), 1u);
  return set.instances().at(0);
}

}  // namespace

TEST(Evaluator, ScoresPopularityOnATinySplitExactly) {
  RecommenderSet set(fixturePlugins("    - name: pop\n      plugin: test_popularity\n"));
  const TrainTestSplit split = tinySplit();
  const Evaluator evaluator(split, EvaluationOptions{2, 2, std::chrono::minutes(1)});
  const RecommenderResult r = evaluator.evaluate(*only(set));
  ASSERT_TRUE(r.fitted) << r.error;
  EXPECT_EQ(r.instance, "pop");
  EXPECT_EQ(r.plugin, "test_popularity 1.0.0");
  // a gets [i2 i3]: P 1/2, R 1, NDCG 1. b gets [i1 i3]: P 1/2, R 1/2, NDCG 1/(1 + 1/log2 3).
  EXPECT_DOUBLE_EQ(r.metrics.precision, 0.5);
  EXPECT_DOUBLE_EQ(r.metrics.recall, 0.75);
  EXPECT_DOUBLE_EQ(r.metrics.ndcg, (1.0 + 1.0 / (1.0 + 1.0 / std::log2(3.0))) / 2.0);
  EXPECT_DOUBLE_EQ(r.metrics.coverage, 3.0 / 5.0);  // i1, i2, i3
  EXPECT_EQ(r.users_scored, 2u);
  EXPECT_EQ(r.users_served, 2u);
  EXPECT_EQ(r.excluded_returned, 0u);
  EXPECT_EQ(r.threads, 2u);
}

TEST(Evaluator, AnUnservedUserScoresZeroAndIsCounted) {
  RecommenderSet set(fixturePlugins(
      "    - name: pop\n      plugin: test_popularity\n      config:\n        unserved_suffix: b\n"));
  const TrainTestSplit split = tinySplit();
  const RecommenderResult r = Evaluator(split, EvaluationOptions{2, 1, std::chrono::minutes(1)}).evaluate(*only(set));
  EXPECT_EQ(r.users_served, 1u);
  EXPECT_EQ(r.users_failed, 0u);  // Unsupported is "cannot serve", not a failure
  EXPECT_DOUBLE_EQ(r.metrics.precision, 0.25);
  EXPECT_DOUBLE_EQ(r.metrics.recall, 0.5);
}

TEST(Evaluator, ReportsFailingRecommendCallsWithTheFirstError) {
  RecommenderSet set(fixturePlugins(
      "    - name: pop\n      plugin: test_popularity\n      config:\n        failing_suffix: a\n"));
  const TrainTestSplit split = tinySplit();
  const RecommenderResult r = Evaluator(split, EvaluationOptions{2, 2, std::chrono::minutes(1)}).evaluate(*only(set));
  EXPECT_EQ(r.users_served, 1u);
  EXPECT_EQ(r.users_failed, 1u);
  EXPECT_NE(r.first_failure.find("asked to fail"), std::string::npos) << r.first_failure;
}

TEST(Evaluator, AFailedFitIsReportedNotThrown) {
  RecommenderSet set(fixturePlugins(
      "    - name: pop\n      plugin: test_popularity\n      config:\n        fail_fit: true\n"));
  const TrainTestSplit split = tinySplit();
  const RecommenderResult r = Evaluator(split, {}).evaluate(*only(set));
  EXPECT_FALSE(r.fitted);
  EXPECT_NE(r.error.find("asked to fail fit"), std::string::npos) << r.error;
}

TEST(Evaluator, ResultsDoNotDependOnTheThreadCount) {
  RecommenderSet set(fixturePlugins("    - name: pop\n      plugin: test_popularity\n"));
  SyntheticOptions o;
  o.users = 200;
  o.items = 300;
  o.interactions = 6000;
  const EvalData data = generateSynthetic(o);
  const TrainTestSplit split = splitInteractions(data, 3);
  const auto one = Evaluator(split, EvaluationOptions{10, 1, std::chrono::minutes(1)}).evaluate(*only(set));
  const auto two = Evaluator(split, EvaluationOptions{10, 2, std::chrono::minutes(1)}).evaluate(*only(set));
  EXPECT_EQ(one.threads, 1u);
  EXPECT_EQ(two.threads, 2u);
  EXPECT_EQ(one.metrics.precision, two.metrics.precision);
  EXPECT_EQ(one.metrics.ndcg, two.metrics.ndcg);
  EXPECT_EQ(one.metrics.coverage, two.metrics.coverage);
}

TEST(Evaluator, RunsASerializedPluginOnOneThread) {
  RecommenderSet set(fixturePlugins("    - name: cooc\n      plugin: test_cooccurrence\n"));
  const TrainTestSplit split = tinySplit();
  const auto r = Evaluator(split, EvaluationOptions{2, 2, std::chrono::minutes(1)}).evaluate(*only(set));
  ASSERT_TRUE(r.fitted) << r.error;
  EXPECT_EQ(r.threads, 1u);
}

TEST(Evaluator, CooccurrenceFindsThePlantedCommunitiesThatPopularityMisses) {
  RecommenderSet set(fixturePlugins("    - name: pop\n      plugin: test_popularity\n"
                                    "    - name: cooc\n      plugin: test_cooccurrence\n"));
  const EvalData data = generateSynthetic({});  // MovieLens-100K-sized
  const TrainTestSplit split = splitInteractions(data, 42);
  const Evaluator evaluator(split, {});
  ASSERT_EQ(set.instances().size(), 2u);
  const auto pop = evaluator.evaluate(*set.instances()[0]);
  const auto cooc = evaluator.evaluate(*set.instances()[1]);
  EXPECT_GT(cooc.metrics.precision, 1.3 * pop.metrics.precision)
      << "popularity " << pop.metrics.precision << ", co-occurrence " << cooc.metrics.precision;
}

TEST(RecommenderSet, SelectsInstancesByNameInConfigOrder) {
  RecommenderSet set(fixturePlugins("    - name: pop\n      plugin: test_popularity\n"
                                    "    - name: cooc\n      plugin: test_cooccurrence\n"),
                     {"cooc"});
  ASSERT_EQ(set.instances().size(), 1u);
  EXPECT_EQ(set.instances()[0]->name(), "cooc");
}

TEST(RecommenderSet, AnUnknownNameIsAConfigError) {
  try {
    RecommenderSet set(fixturePlugins("    - name: pop\n      plugin: test_popularity\n"), {"nope"});
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& e) {
    ASSERT_EQ(e.problems().size(), 1u);
    EXPECT_NE(e.problems()[0].message.find("no instance named 'nope'"), std::string::npos);
  }
}

TEST(RecommenderSet, InstanceConfigErrorsCarryTheirPosition) {
  try {
    RecommenderSet set(fixturePlugins(
        "    - name: pop\n      plugin: test_popularity\n      config:\n        no_such_option: 1\n"));
    FAIL() << "expected a ConfigError";
  } catch (const config::ConfigError& e) {
    ASSERT_FALSE(e.problems().empty());
    EXPECT_EQ(e.problems()[0].file, "<test>");
    EXPECT_GT(e.problems()[0].line, 0);
  }
}

TEST(RecommenderSet, NothingToEvaluateIsAConfigError) {
  EXPECT_THROW(RecommenderSet(fixturePlugins("    []\n")), config::ConfigError);
}
