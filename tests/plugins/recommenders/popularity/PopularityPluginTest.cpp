// The popularity recommender through its real .so and the host's recommender calls.
#include "PopularityTestSupport.hpp"

namespace sb::test {
namespace {

using ::testing::ElementsAre;

// Three items whose order depends on the decay: by raw weight old > mid > new, decayed
// with a 30-day half-life mid (2 x 0.707) > new (1) > old (3 x 0.125).
plugin::Dataset decayingItems() {
  return DatasetBuilder()
      .event("u1", "old", 1, 90 * kDay)
      .event("u2", "old", 1, 90 * kDay)
      .event("u3", "old", 1, 90 * kDay)
      .event("u1", "mid", 1, 15 * kDay)
      .event("u2", "mid", 1, 15 * kDay)
      .event("u4", "new", 1, 0)
      .build();
}

// Two categories: books (b1 > b2 > b3) and games (g1 > g2), games overall more popular.
plugin::Dataset booksAndGames() {
  DatasetBuilder d;
  d.item("b1", "books").item("b2", "books").item("b3", "books").item("g1", "games").item("g2", "games");
  d.item("unpopular", "books");
  auto times = [&](const std::string& item, int n) {
    for (int i = 0; i < n; ++i) d.event("u" + std::to_string(i), item);
  };
  times("g1", 10), times("g2", 9), times("b1", 5), times("b2", 4), times("b3", 3);
  return d.build();
}

plugin::RecommendQuery anyone(uint32_t limit = 10) {
  plugin::RecommendQuery q;
  q.user_id = "someone-new";
  q.limit = limit;
  return q;
}

TEST_F(PopularityTest, RecentInteractionsWeighMoreThanOldOnes) {
  auto& instance = start();
  fit(instance, decayingItems());
  auto result = plugin::recommend(instance, anyone());
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_THAT(ids(result), ElementsAre("mid", "new", "old"));
  EXPECT_NEAR(result.items[0].score, 2 * std::pow(0.5, 0.5), 1e-9);
  EXPECT_NEAR(result.items[1].score, 1.0, 1e-9);
  EXPECT_NEAR(result.items[2].score, 3 * 0.125, 1e-9);
}

TEST_F(PopularityTest, AZeroHalfLifeCountsEveryInteractionFully) {
  auto& instance = start({{"half_life", "0s"}});
  fit(instance, decayingItems());
  auto result = plugin::recommend(instance, anyone());
  EXPECT_THAT(ids(result), ElementsAre("old", "mid", "new"));
  EXPECT_DOUBLE_EQ(result.items[0].score, 3.0);
}

TEST_F(PopularityTest, WeightsAddUpAndItemsWithoutInteractionsAreNotRecommended) {
  auto& instance = start({{"half_life", "0s"}});
  fit(instance, DatasetBuilder().item("never-seen").event("u1", "a", 1).event("u2", "b", 3).build());
  auto result = plugin::recommend(instance, anyone());
  EXPECT_THAT(ids(result), ElementsAre("b", "a"));
}

TEST_F(PopularityTest, ServesAnyUserWithoutHistory) {
  auto& instance = start();
  fit(instance, booksAndGames());
  auto result = plugin::recommend(instance, anyone(2));
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_THAT(ids(result), ElementsAre("g1", "g2"));  // the limit holds
}

TEST_F(PopularityTest, ExcludedItemsAreNeverReturned) {
  auto& instance = start();
  fit(instance, booksAndGames());
  auto q = anyone(3);
  q.exclude = {"g1", "b1", "not-an-item"};
  EXPECT_THAT(ids(plugin::recommend(instance, q)), ElementsAre("g2", "b2", "b3"));
}

TEST_F(PopularityTest, TheCategoryFilterReturnsTheTopItemsOfThatCategory) {
  for (const char* per_category : {"true", "false"}) {
    SCOPED_TRACE(std::string("per_category: ") + per_category);
    SinglePluginHost host("popularity", "https://sb.example.com");
    auto& instance = host.start("recs", "popularity", {{"per_category", per_category}});
    fit(instance, booksAndGames());
    auto q = anyone(2);
    q.category = "books";
    EXPECT_THAT(ids(plugin::recommend(instance, q)), ElementsAre("b1", "b2"));
    q.exclude = {"b1"};
    EXPECT_THAT(ids(plugin::recommend(instance, q)), ElementsAre("b2", "b3"));
    q.category = "no-such-category";
    auto none = plugin::recommend(instance, q);
    EXPECT_EQ(none.outcome.status, SB_OK) << none.outcome.error;
    EXPECT_TRUE(none.items.empty());
  }
}

TEST_F(PopularityTest, SimilarItemsAreThePopularOnesOfTheSameCategory) {
  auto& instance = start();
  fit(instance, booksAndGames());
  auto result = plugin::similarItems(instance, "b2", 5);
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_THAT(ids(result), ElementsAre("b1", "b3"));  // not b2 itself, no games
  EXPECT_EQ(plugin::similarItems(instance, "no-such-item", 5).outcome.status, SB_UNSUPPORTED);
}

TEST_F(PopularityTest, WithoutPerCategorySimilarItemsAreTheGloballyPopularOnes) {
  auto& instance = start({{"per_category", "false"}});
  fit(instance, booksAndGames());
  EXPECT_THAT(ids(plugin::similarItems(instance, "b2", 3)), ElementsAre("g1", "g2", "b1"));
}

TEST_F(PopularityTest, CannotServeBeforeItIsTrained) {
  auto& instance = start();
  auto result = plugin::recommend(instance, anyone());
  EXPECT_EQ(result.outcome.status, SB_UNSUPPORTED);
  EXPECT_NE(result.outcome.error.find("no popularity model"), std::string::npos) << result.outcome.error;
}

TEST_F(PopularityTest, ASavedModelLoadsIntoAFreshInstanceAndServesTheSame) {
  auto& trained = start();
  fit(trained, booksAndGames());
  auto saved = plugin::saveModel(trained);
  ASSERT_EQ(saved.outcome.status, SB_OK) << saved.outcome.error;
  EXPECT_EQ(saved.bytes.substr(0, 4), "SBPP");

  auto restored = fresh();
  ASSERT_NE(restored, nullptr);
  ASSERT_EQ(plugin::recommend(*restored, anyone()).outcome.status, SB_UNSUPPORTED);  // fresh: no model
  auto loaded = plugin::loadModel(*restored, saved.bytes);
  ASSERT_EQ(loaded.status, SB_OK) << loaded.error;

  for (const char* category : {"", "books", "games"}) {
    auto q = anyone();
    q.category = category;
    q.exclude = {"b2"};
    auto a = plugin::recommend(trained, q), b = plugin::recommend(*restored, q);
    ASSERT_EQ(ids(a), ids(b)) << category;
    for (std::size_t i = 0; i < a.items.size(); ++i) EXPECT_EQ(a.items[i].score, b.items[i].score);
  }
  EXPECT_EQ(ids(plugin::similarItems(trained, "g2", 5)), ids(plugin::similarItems(*restored, "g2", 5)));
  EXPECT_EQ(plugin::saveModel(*restored).bytes, saved.bytes);
}

TEST_F(PopularityTest, LoadRefusesGarbageTruncatedAndOtherVersions) {
  auto& instance = start();
  fit(instance, booksAndGames());
  std::string model = plugin::saveModel(instance).bytes;

  auto garbage = plugin::loadModel(instance, "definitely not a model");
  EXPECT_EQ(garbage.status, SB_UNSUPPORTED);
  EXPECT_EQ(plugin::loadModel(instance, "").status, SB_UNSUPPORTED);
  auto truncated = plugin::loadModel(instance, model.substr(0, model.size() - 3));
  EXPECT_EQ(truncated.status, SB_UNSUPPORTED);
  EXPECT_NE(truncated.error.find("corrupt"), std::string::npos) << truncated.error;
  std::string next_version = model;
  next_version[4] = 2;
  auto other = plugin::loadModel(instance, next_version);
  EXPECT_EQ(other.status, SB_UNSUPPORTED);
  EXPECT_NE(other.error.find("version 2"), std::string::npos) << other.error;

  // A refused load leaves the model in place.
  EXPECT_THAT(ids(plugin::recommend(instance, anyone(1))), ElementsAre("g1"));
}

TEST_F(PopularityTest, MeasuresFitAndRecommendOnASyntheticSet) {
  measure("popularity", start());
}

}  // namespace
}  // namespace sb::test
