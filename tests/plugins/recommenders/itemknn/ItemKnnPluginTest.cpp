// The itemknn recommender through its real .so and the host's recommender calls.
#include "ItemKnnTestSupport.hpp"

#include <set>

namespace sb::test {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// Two communities that never meet: readers (u*) of a1..a4 in category "books", players
// (v*) of b1..b4 in category "games". a1 is read by everyone, a2/a3 often together.
DatasetBuilder twoCommunitiesBuilder() {
  DatasetBuilder d;
  for (const char* i : {"a1", "a2", "a3", "a4"}) d.item(i, "books");
  for (const char* i : {"b1", "b2", "b3", "b4"}) d.item(i, "games");
  d.event("u1", "a1").event("u1", "a2").event("u1", "a3");
  d.event("u2", "a1").event("u2", "a2").event("u2", "a3");
  d.event("u3", "a1").event("u3", "a4");
  d.event("u4", "a1").event("u4", "a2");
  d.event("v1", "b1").event("v1", "b2").event("v1", "b3");
  d.event("v2", "b1").event("v2", "b2");
  d.event("v3", "b2").event("v3", "b4");
  return d;
}

plugin::Dataset twoCommunities() { return twoCommunitiesBuilder().build(); }

plugin::RecommendQuery forUser(const std::string& user, std::vector<std::string> items = {}, uint32_t limit = 10) {
  plugin::RecommendQuery q;
  q.user_id = user;
  q.limit = limit;
  q.history = history(items);
  q.exclude = items;
  return q;
}

TEST_F(ItemKnnTest, RecommendsTheOtherItemsOfTheUsersCommunity) {
  for (const char* weighting : {"none", "bm25"}) {
    SCOPED_TRACE(weighting);
    SinglePluginHost host("itemknn", "https://sb.example.com");
    auto& instance = host.start("recs", "itemknn", {{"weighting", weighting}});
    fit(instance, twoCommunities());
    auto result = plugin::recommend(instance, forUser("newcomer", {"a2", "a4"}));
    ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
    // a1 is a neighbour of both history items, a3 of a2 only; no game shares a reader.
    EXPECT_THAT(ids(result), ElementsAre("a1", "a3"));
    EXPECT_GT(result.items[1].score, 0);
    EXPECT_GT(result.items[0].score, result.items[1].score);
  }
}

TEST_F(ItemKnnTest, UsesTheHistoryOfTheRequestRatherThanTheTrainingRows) {
  auto& instance = start();
  fit(instance, twoCommunities());
  // u1 read books at training; events since then are games: the answer follows them.
  auto result = plugin::recommend(instance, forUser("u1", {"b3"}));
  EXPECT_THAT(ids(result), UnorderedElementsAre("b1", "b2"));
}

TEST_F(ItemKnnTest, FallsBackToTheTrainingRowsWhenTheHistoryIsEmpty) {
  auto& instance = start();
  fit(instance, twoCommunities());
  auto q = forUser("u3");
  q.exclude = {"a1", "a4"};
  auto result = plugin::recommend(instance, q);
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_THAT(ids(result), UnorderedElementsAre("a2", "a3"));
}

TEST_F(ItemKnnTest, AUserWithoutUsableHistoryIsUnsupported) {
  auto& instance = start();
  fit(instance, twoCommunities());
  auto unknown = plugin::recommend(instance, forUser("stranger"));
  EXPECT_EQ(unknown.outcome.status, SB_UNSUPPORTED);
  EXPECT_NE(unknown.outcome.error.find("stranger"), std::string::npos) << unknown.outcome.error;
  EXPECT_EQ(plugin::recommend(instance, forUser("stranger", {"added-after-training"})).outcome.status, SB_UNSUPPORTED);
}

TEST_F(ItemKnnTest, ExcludeLimitAndCategoryAreHonoured) {
  auto& instance = start();
  // One user links books and games, so a book's neighbours cross categories.
  fit(instance, twoCommunitiesBuilder().event("w", "a2").event("w", "b1").event("w", "b2").build());

  auto q = forUser("newcomer", {"a2"});
  auto all = ids(plugin::recommend(instance, q));
  EXPECT_TRUE(std::count(all.begin(), all.end(), "b1")) << ::testing::PrintToString(all);
  EXPECT_FALSE(std::count(all.begin(), all.end(), "a2"));  // excluded (consumed)

  q.limit = 2;
  EXPECT_EQ(plugin::recommend(instance, q).items.size(), 2u);

  q.limit = 10;
  q.category = "games";
  EXPECT_THAT(ids(plugin::recommend(instance, q)), UnorderedElementsAre("b1", "b2"));
  q.exclude.push_back("b1");
  EXPECT_THAT(ids(plugin::recommend(instance, q)), ElementsAre("b2"));
}

TEST_F(ItemKnnTest, WithoutExclusionsConsumedItemsMayComeBack) {
  auto& instance = start();
  fit(instance, twoCommunities());
  auto q = forUser("newcomer", {"a2", "a3"});
  q.exclude.clear();  // the host's exclude_consumed: false
  auto result = ids(plugin::recommend(instance, q));
  EXPECT_TRUE(std::count(result.begin(), result.end(), "a3")) << ::testing::PrintToString(result);  // a2's neighbour
}

TEST_F(ItemKnnTest, SimilarItemsAreTheNeighboursWithShrunkCosine) {
  // x and y always together (cosine 1), z with x once.
  auto data = DatasetBuilder().event("p", "x").event("p", "y").event("q", "x").event("q", "y").event("r", "x").event("r", "z").build();
  {
    SinglePluginHost host("itemknn", "https://sb.example.com");
    auto& instance = host.start("recs", "itemknn", {{"shrink", "0"}});
    fit(instance, data);
    auto result = plugin::similarItems(instance, "y", 5);
    ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
    ASSERT_THAT(ids(result), ElementsAre("x"));
    EXPECT_NEAR(result.items[0].score, 2 / (std::sqrt(3.0) * std::sqrt(2.0)), 1e-6);
    EXPECT_THAT(ids(plugin::similarItems(instance, "x", 5)), ElementsAre("y", "z"));
  }
  auto& instance = start({{"shrink", "10"}, {"neighbours", "1"}});
  fit(instance, data);
  auto result = plugin::similarItems(instance, "x", 5);
  ASSERT_THAT(ids(result), ElementsAre("y"));  // only the best neighbour is kept
  EXPECT_NEAR(result.items[0].score, 2 / (std::sqrt(3.0) * std::sqrt(2.0) + 10), 1e-6);
  EXPECT_EQ(plugin::similarItems(instance, "no-such-item", 5).outcome.status, SB_UNSUPPORTED);
}

TEST_F(ItemKnnTest, HistoryWeightsScaleTheScoresAndNormalizeAveragesThem) {
  auto data = DatasetBuilder().event("p", "x").event("p", "y").event("q", "x").event("q", "y").event("r", "x").event("r", "z").build();
  auto q = forUser("newcomer", {"y"});
  q.history[0].weight = 3;
  {
    SinglePluginHost host("itemknn", "https://sb.example.com");
    auto& instance = host.start("recs", "itemknn", {{"shrink", "0"}});
    fit(instance, data);
    auto result = plugin::recommend(instance, q);
    ASSERT_THAT(ids(result), ElementsAre("x"));
    EXPECT_NEAR(result.items[0].score, 3 * 2 / (std::sqrt(3.0) * std::sqrt(2.0)), 1e-6);
  }
  auto& instance = start({{"shrink", "0"}, {"normalize", "true"}});
  fit(instance, data);
  auto result = plugin::recommend(instance, q);
  ASSERT_THAT(ids(result), ElementsAre("x"));
  EXPECT_NEAR(result.items[0].score, 3.0, 1e-6);  // the weighted mean of the one history weight
}

TEST_F(ItemKnnTest, TrainingOnTwoThreadsGivesTheSameNeighboursAsOne) {
  SyntheticData s = syntheticData();  // large enough for the parallel path (> 2e6 multiply-adds)
  SinglePluginHost one("itemknn", "https://sb.example.com"), two("itemknn", "https://sb.example.com");
  auto& single = one.start("recs", "itemknn", {{"threads", "1"}});
  auto& parallel = two.start("recs", "itemknn", {{"threads", "2"}});
  fit(single, s.data);
  fit(parallel, s.data);
  EXPECT_EQ(plugin::saveModel(single).bytes, plugin::saveModel(parallel).bytes);
  auto similar = plugin::similarItems(single, "item-0", 10);
  EXPECT_EQ(similar.items.size(), 10u);
}

TEST_F(ItemKnnTest, CannotServeBeforeItIsTrained) {
  auto& instance = start();
  auto result = plugin::recommend(instance, forUser("u1", {"a1"}));
  EXPECT_EQ(result.outcome.status, SB_UNSUPPORTED);
  EXPECT_NE(result.outcome.error.find("no itemknn model"), std::string::npos) << result.outcome.error;
}

TEST_F(ItemKnnTest, ASavedModelLoadsIntoAFreshInstanceAndServesTheSame) {
  auto& trained = start({{"weighting", "bm25"}});
  fit(trained, twoCommunities());
  auto saved = plugin::saveModel(trained);
  ASSERT_EQ(saved.outcome.status, SB_OK) << saved.outcome.error;
  EXPECT_EQ(saved.bytes.substr(0, 4), "SBKN");
  auto restored = fresh();
  ASSERT_NE(restored, nullptr);
  auto loaded = plugin::loadModel(*restored, saved.bytes);
  ASSERT_EQ(loaded.status, SB_OK) << loaded.error;

  std::vector<plugin::RecommendQuery> queries = {forUser("newcomer", {"a2"}), forUser("u3"), forUser("v2", {"b4", "a4"})};
  queries.push_back(forUser("newcomer", {"a2"}));
  queries.back().category = "books";
  for (const auto& q : queries) {
    auto a = plugin::recommend(trained, q), b = plugin::recommend(*restored, q);
    ASSERT_EQ(a.outcome.status, SB_OK) << a.outcome.error;
    ASSERT_EQ(ids(a), ids(b));
    for (std::size_t i = 0; i < a.items.size(); ++i) EXPECT_EQ(a.items[i].score, b.items[i].score);
  }
  EXPECT_EQ(ids(plugin::similarItems(trained, "b2", 5)), ids(plugin::similarItems(*restored, "b2", 5)));
  EXPECT_EQ(plugin::saveModel(*restored).bytes, saved.bytes);
}

TEST_F(ItemKnnTest, LoadRefusesGarbageTruncatedAndOtherVersions) {
  auto& instance = start();
  fit(instance, twoCommunities());
  std::string model = plugin::saveModel(instance).bytes;
  EXPECT_EQ(plugin::loadModel(instance, "SBKN").status, SB_UNSUPPORTED);
  EXPECT_EQ(plugin::loadModel(instance, std::string(1000, '\xff')).status, SB_UNSUPPORTED);
  auto truncated = plugin::loadModel(instance, model.substr(0, model.size() / 2));
  EXPECT_EQ(truncated.status, SB_UNSUPPORTED);
  EXPECT_NE(truncated.error.find("corrupt itemknn model"), std::string::npos) << truncated.error;
  std::string other = model;
  other[4] = 7;
  auto refused = plugin::loadModel(instance, other);
  EXPECT_EQ(refused.status, SB_UNSUPPORTED);
  EXPECT_NE(refused.error.find("version 7"), std::string::npos) << refused.error;
  EXPECT_EQ(plugin::loadModel(instance, model + "x").status, SB_UNSUPPORTED);  // trailing bytes
  EXPECT_EQ(plugin::recommend(instance, forUser("n", {"a2"})).outcome.status, SB_OK);  // the model stays
}

TEST_F(ItemKnnTest, MeasuresFitAndRecommendOnASyntheticSet) {
  measure("itemknn", start());
}

}  // namespace
}  // namespace sb::test
