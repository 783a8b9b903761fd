// The content recommender through its real .so and the host's recommender calls.
#include "ContentTestSupport.hpp"

namespace sb::test {
namespace {

using ::testing::ElementsAre;
using ::testing::UnorderedElementsAre;

// Science fiction books and cookbooks that share no term across the two groups.
DatasetBuilder library() {
  DatasetBuilder d;
  d.item("dune", "scifi", {"space", "desert"}, "Dune");
  d.item("foundation", "scifi", {"space", "empire"}, "Foundation");
  d.item("robots", "scifi", {"robots"}, "I, Robot: The ROBOTS of Dawn");
  d.item("pasta", "cooking", {"italian", "recipes"}, "Pasta every day");
  d.item("pizza", "cooking", {"italian"}, "Pizza at home");
  d.item("curry", "cooking", {"indian", "recipes"}, "Curry: a history");
  // Nobody's events are needed: content vectors come from the items alone.
  return d;
}

plugin::RecommendQuery forUser(const std::string& user, std::vector<std::string> items = {}, uint32_t limit = 10) {
  plugin::RecommendQuery q;
  q.user_id = user;
  q.limit = limit;
  q.history = history(items);
  q.exclude = items;
  return q;
}

TEST_F(ContentTest, RecommendsItemsLikeTheOnesInTheHistory) {
  auto& instance = start();
  fit(instance, library().build());
  auto result = plugin::recommend(instance, forUser("anyone", {"dune"}));
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  // foundation shares a tag and the category, robots the category only; no cookbook.
  EXPECT_THAT(ids(result), ElementsAre("foundation", "robots"));
  EXPECT_GT(result.items[1].score, 0);
  EXPECT_LE(result.items[0].score, 1.0 + 1e-9);  // a cosine
}

TEST_F(ContentTest, TitleTokensAreLowercasedWords) {
  auto& instance = start({{"tag_weight", "0"}, {"category_weight", "0"}});
  fit(instance, library().item("robot-manual", "manuals", {}, "robots: user guide").build());
  // "I, Robot: The ROBOTS of Dawn" and "robots: user guide" share the token "robots".
  EXPECT_THAT(ids(plugin::similarItems(instance, "robot-manual", 5)), ElementsAre("robots"));
}

TEST_F(ContentTest, FieldWeightsDecideWhatCounts) {
  // "history" shares a tag with curry, a title word with "curry-history".
  auto data = library().item("history-book", "history", {"indian"}, "Empires").item("curry-history", "history", {}, "Curry wars").build();
  {
    SinglePluginHost host("content", "https://sb.example.com");
    auto& instance = host.start("recs", "content", {{"title_weight", "0"}, {"category_weight", "0"}});
    fit(instance, data);
    // Tags only: history-book has just the shared tag, pasta dilutes its shared one with another.
    EXPECT_THAT(ids(plugin::similarItems(instance, "curry", 5)), ElementsAre("history-book", "pasta"));
  }
  auto& instance = start({{"tag_weight", "0"}, {"category_weight", "0"}});
  fit(instance, data);
  EXPECT_THAT(ids(plugin::similarItems(instance, "curry", 5)), ElementsAre("curry-history"));  // titles only
}

TEST_F(ContentTest, ServesNewUsersWithAnyHistoryButNotWithout) {
  auto& instance = start();
  fit(instance, library().event("u1", "dune").build());
  auto none = plugin::recommend(instance, forUser("stranger"));
  EXPECT_EQ(none.outcome.status, SB_UNSUPPORTED);
  EXPECT_NE(none.outcome.error.find("stranger"), std::string::npos) << none.outcome.error;
  // Items added after the training have no vector: they cannot carry a profile...
  EXPECT_EQ(plugin::recommend(instance, forUser("stranger", {"new-release"})).outcome.status, SB_UNSUPPORTED);
  // ...but do not spoil one either.
  EXPECT_THAT(ids(plugin::recommend(instance, forUser("stranger", {"new-release", "pizza"}))),
              ElementsAre("pasta", "curry"));
}

TEST_F(ContentTest, ExcludeLimitAndCategoryAreHonoured) {
  auto& instance = start();
  fit(instance, library().build());
  auto q = forUser("anyone", {"dune", "pasta"});
  auto all = ids(plugin::recommend(instance, q));
  EXPECT_THAT(all, UnorderedElementsAre("foundation", "robots", "pizza", "curry"));
  q.limit = 2;
  EXPECT_EQ(plugin::recommend(instance, q).items.size(), 2u);
  q.limit = 10;
  q.category = "cooking";
  EXPECT_THAT(ids(plugin::recommend(instance, q)), UnorderedElementsAre("pizza", "curry"));
  q.exclude.push_back("pizza");
  EXPECT_THAT(ids(plugin::recommend(instance, q)), ElementsAre("curry"));
}

TEST_F(ContentTest, HistoryWeightsAndDecayShapeTheProfile) {
  // Two older, weightier scifi events against one fresh cooking event.
  auto q = forUser("anyone");
  q.history = {{"pizza", 1.0f, kNow}, {"dune", 2.0f, kNow - 10 * kDay}};
  q.exclude = {"pizza", "dune"};
  q.limit = 1;
  {
    SinglePluginHost host("content", "https://sb.example.com");
    auto& instance = host.start("recs", "content", {});
    fit(instance, library().build());
    EXPECT_THAT(ids(plugin::recommend(instance, q)), ElementsAre("foundation"));
  }
  auto& instance = start({{"history_half_life", "1d"}});
  fit(instance, library().build());
  EXPECT_THAT(ids(plugin::recommend(instance, q)), ElementsAre("pasta"));
}

TEST_F(ContentTest, SimilarItemsAreCosineNeighbours) {
  auto& instance = start();
  fit(instance, library().build());
  auto result = plugin::similarItems(instance, "pasta", 5);
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  ASSERT_THAT(ids(result), ElementsAre("pizza", "curry"));  // pizza shares the rarer tag
  EXPECT_GT(result.items[0].score, result.items[1].score);
  EXPECT_EQ(plugin::similarItems(instance, "no-such-item", 5).outcome.status, SB_UNSUPPORTED);
}

TEST_F(ContentTest, CannotServeBeforeItIsTrained) {
  auto& instance = start();
  auto result = plugin::recommend(instance, forUser("u1", {"dune"}));
  EXPECT_EQ(result.outcome.status, SB_UNSUPPORTED);
  EXPECT_NE(result.outcome.error.find("no content model"), std::string::npos) << result.outcome.error;
}

TEST_F(ContentTest, ASavedModelLoadsIntoAFreshInstanceAndServesTheSame) {
  auto& trained = start({{"history_half_life", "7d"}});
  fit(trained, library().build());
  auto saved = plugin::saveModel(trained);
  ASSERT_EQ(saved.outcome.status, SB_OK) << saved.outcome.error;
  EXPECT_EQ(saved.bytes.substr(0, 4), "SBCT");
  auto restored = fresh();
  ASSERT_NE(restored, nullptr);
  auto loaded = plugin::loadModel(*restored, saved.bytes);
  ASSERT_EQ(loaded.status, SB_OK) << loaded.error;

  auto mixed = forUser("anyone");
  mixed.history = {{"pizza", 1.0f, kNow}, {"dune", 2.0f, kNow - 10 * kDay}};
  std::vector<plugin::RecommendQuery> queries = {forUser("a", {"dune"}), forUser("b", {"curry", "robots"}), mixed};
  queries.push_back(forUser("c", {"dune", "pasta"}));
  queries.back().category = "cooking";
  for (const auto& q : queries) {
    auto a = plugin::recommend(trained, q), b = plugin::recommend(*restored, q);
    ASSERT_EQ(a.outcome.status, SB_OK) << a.outcome.error;
    ASSERT_FALSE(a.items.empty());
    ASSERT_EQ(ids(a), ids(b));
    for (std::size_t i = 0; i < a.items.size(); ++i) EXPECT_EQ(a.items[i].score, b.items[i].score);
  }
  EXPECT_EQ(ids(plugin::similarItems(trained, "pasta", 5)), ids(plugin::similarItems(*restored, "pasta", 5)));
  EXPECT_EQ(plugin::saveModel(*restored).bytes, saved.bytes);
}

TEST_F(ContentTest, LoadRefusesGarbageTruncatedAndOtherVersions) {
  auto& instance = start();
  fit(instance, library().build());
  std::string model = plugin::saveModel(instance).bytes;
  EXPECT_EQ(plugin::loadModel(instance, "garbage garbage garbage").status, SB_UNSUPPORTED);
  EXPECT_EQ(plugin::loadModel(instance, "SBKN\x01\x00\x00\x00").status, SB_UNSUPPORTED);  // an itemknn model
  auto truncated = plugin::loadModel(instance, model.substr(0, model.size() - 1));
  EXPECT_EQ(truncated.status, SB_UNSUPPORTED);
  EXPECT_NE(truncated.error.find("corrupt content model"), std::string::npos) << truncated.error;
  std::string other = model;
  other[4] = 0;
  EXPECT_EQ(plugin::loadModel(instance, other).status, SB_UNSUPPORTED);
  EXPECT_THAT(ids(plugin::recommend(instance, forUser("a", {"dune"}))), ElementsAre("foundation", "robots"));
}

TEST_F(ContentTest, MeasuresFitAndRecommendOnASyntheticSet) {
  measure("content", start());
}

}  // namespace
}  // namespace sb::test
