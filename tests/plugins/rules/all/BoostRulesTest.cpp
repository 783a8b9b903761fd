// The boosters: boost_promoted, boost_new_items and boost_preferences. A booster keeps every
// candidate, multiplies some scores and re-sorts, equal scores keeping their incoming order.
#include "RuleTestSupport.hpp"

namespace sb::test {
namespace {

// ------------------------------------------------------------------ boost_promoted

TEST_F(RuleTest, PromotedMultipliesPromotedScoresAndResorts) {
  auto& rule = start("boost_promoted");
  auto r = request({candidate("a", 10), candidate("b", 8, R"({"promoted":true})"),
                    candidate("c", 6, R"({"promoted":false})"), candidate("d", 5, R"({"in_stock":true,"promoted":true})")});
  auto result = apply(rule, r);
  EXPECT_EQ(ids(rule, r), (Ids{"b", "a", "d", "c"}));
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "b"), 12);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "a"), 10);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "d"), 7.5);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "c"), 6);
}

TEST_F(RuleTest, PromotedOnlyAJsonTrueCounts) {
  auto& rule = start("boost_promoted", {{"factor", "3"}});
  auto r = request({candidate("a", 4), candidate("string", 3, R"({"promoted":"true"})"),
                    candidate("number", 2, R"({"promoted":1})"), candidate("malformed", 1, R"({"promoted":true,})")});
  auto result = apply(rule, r);
  EXPECT_EQ(ids(rule, r), (Ids{"a", "string", "number", "malformed"}));
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "malformed"), 1);
}

TEST_F(RuleTest, PromotedTiesKeepTheIncomingOrder) {
  auto& rule = start("boost_promoted", {{"factor", "2"}});
  auto r = request({candidate("a", 10), candidate("b", 5, R"({"promoted":true})"), candidate("c", 10)});
  EXPECT_EQ(ids(rule, r), (Ids{"a", "b", "c"}));
}

TEST_F(RuleTest, PromotedAFactorBelowOneDemotes) {
  auto& rule = start("boost_promoted", {{"factor", "0.5"}});
  auto r = request({candidate("a", 10, R"({"promoted":true})"), candidate("b", 6)});
  auto result = apply(rule, r);
  EXPECT_EQ(ids(rule, r), (Ids{"b", "a"}));
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "a"), 5);
}

TEST_F(RuleTest, PromotedFactorMustBePositive) {
  for (const char* bad : {"0", "-1.5"}) {
    auto why = refusal("boost_promoted", {{"factor", bad}});
    EXPECT_NE(why.find("factor must be a positive number"), std::string::npos) << why;
  }
  auto why = refusal("boost_promoted", {{"factor", "lots"}});
  EXPECT_NE(why.find("expected a number"), std::string::npos) << why;
}

// ------------------------------------------------------------------ boost_new_items

TEST_F(RuleTest, NewItemsMultipliesItemsCreatedWithinTheWindow) {
  auto& rule = start("boost_new_items");  // factor 1.3, window 7d
  auto r = request({candidate("old", 10, "", "", {}, kNow - 10 * kDay), candidate("new", 9, "", "", {}, kNow - kDay),
                    candidate("unknown", 8), candidate("future", 7, "", "", {}, kNow + kHour),
                    candidate("edge", 6, "", "", {}, kNow - 7 * kDay)});
  auto result = apply(rule, r);
  EXPECT_EQ(ids(rule, r), (Ids{"new", "old", "future", "unknown", "edge"}));
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "new"), 9 * 1.3);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "old"), 10);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "future"), 7 * 1.3);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "unknown"), 8);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "edge"), 6);  // exactly window old: no longer new
}

TEST_F(RuleTest, NewItemsFadeDecaysTheFactorLinearlyAcrossTheWindow) {
  auto& rule = start("boost_new_items", {{"factor", "2"}, {"window", "10d"}, {"fade", "true"}});
  auto r = request({candidate("now", 1, "", "", {}, kNow), candidate("quarter", 1, "", "", {}, kNow - 5 * kDay / 2),
                    candidate("half", 1, "", "", {}, kNow - 5 * kDay), candidate("end", 1, "", "", {}, kNow - 10 * kDay)});
  auto result = apply(rule, r);
  EXPECT_EQ(ids(rule, r), (Ids{"now", "quarter", "half", "end"}));
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "now"), 2.0);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "quarter"), 1.75);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "half"), 1.5);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "end"), 1.0);
}

TEST_F(RuleTest, NewItemsUsesTheClockWhenTheRequestHasNoNow) {
  auto& rule = start("boost_new_items", {{"window", "1d"}});
  int64_t wall = std::chrono::duration_cast<std::chrono::milliseconds>(
                     std::chrono::system_clock::now().time_since_epoch()).count();
  auto r = request({candidate("a", 10), candidate("b", 9, "", "", {}, wall - kHour)});
  r.now = 0;
  EXPECT_EQ(ids(rule, r), (Ids{"b", "a"}));
}

TEST_F(RuleTest, NewItemsConfigIsValidated) {
  auto why = refusal("boost_new_items", {{"window", "0s"}});
  EXPECT_NE(why.find("window must be longer than 0s"), std::string::npos) << why;
  why = refusal("boost_new_items", {{"factor", "0"}});
  EXPECT_NE(why.find("factor must be a positive number"), std::string::npos) << why;
  why = refusal("boost_new_items", {{"fade", "linear"}});
  EXPECT_NE(why.find("expected true or false"), std::string::npos) << why;
}

// ------------------------------------------------------------------ boost_preferences

// As the host builds it: request context strings plus history_categories.
constexpr const char* kLikes =
    R"({"device":"web","history_categories":{"books":10.0,"music":5.0,"games":2.5,"films":1.0}})";

plugin::RuleRequest categorised() {
  auto r = request({candidate("film", 10, "", "films"), candidate("game", 9.5, "", "games"),
                    candidate("music", 9, "", "music"), candidate("book", 8, "", "books"),
                    candidate("none", 7)});
  r.context_json = kLikes;
  return r;
}

TEST_F(RuleTest, PreferencesBoostsTheTopCategoriesByTheirShare) {
  auto& rule = start("boost_preferences");  // factor 1.5, top 3
  auto r = categorised();
  auto result = apply(rule, r);
  EXPECT_EQ(ids(rule, r), (Ids{"book", "music", "game", "film", "none"}));
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "book"), 8 * 1.5);       // share 1
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "music"), 9 * 1.25);     // share 0.5
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "game"), 9.5 * 1.125);   // share 0.25
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "film"), 10);            // 4th: not in the top 3
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "none"), 7);
}

TEST_F(RuleTest, PreferencesTopZeroCountsEveryCategory) {
  auto& rule = start("boost_preferences", {{"top", "0"}, {"factor", "2"}});
  auto r = categorised();
  auto result = apply(rule, r);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "film"), 10 * 1.1);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "book"), 16);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "music"), 13.5);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "game"), 11.875);
  EXPECT_EQ(ids(rule, r), (Ids{"book", "music", "game", "film", "none"}));
}

TEST_F(RuleTest, PreferencesIgnoresWeightsThatAreNotPositiveNumbers) {
  auto& rule = start("boost_preferences", {{"top", "1"}});
  auto r = categorised();
  r.context_json = R"({"history_categories":{"books":"10","films":-4,"music":2,"games":null}})";
  auto result = apply(rule, r);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "music"), 9 * 1.5);  // the only valid weight: the favourite
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "book"), 8);
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "film"), 10);
}

TEST_F(RuleTest, PreferencesWithoutUsableHistoryLeavesTheListAlone) {
  auto& rule = start("boost_preferences");
  for (std::string context : {"", "{}", R"({"history_categories":{}})", R"({"history_categories":[1,2]})",
                              R"({"history_categories":{"books":10})"}) {
    auto r = categorised();
    r.context_json = context;
    auto result = apply(rule, r);
    EXPECT_EQ(ids(rule, r), (Ids{"film", "game", "music", "book", "none"})) << context;
    EXPECT_DOUBLE_EQ(scoreOf(r, result, "book"), 8) << context;
  }
}

TEST_F(RuleTest, PreferencesConfigIsValidated) {
  auto why = refusal("boost_preferences", {{"top", "-1"}});
  EXPECT_NE(why.find("top must not be negative"), std::string::npos) << why;
  why = refusal("boost_preferences", {{"factor", "-2"}});
  EXPECT_NE(why.find("factor must be a positive number"), std::string::npos) << why;
}

}  // namespace
}  // namespace sb::test
