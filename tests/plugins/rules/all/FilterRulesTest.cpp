// The filters: filter_out_of_stock, filter_already_consumed, filter_age_restricted and
// filter_geo. A filter keeps the survivors in their incoming order with their scores.
#include "RuleTestSupport.hpp"

namespace sb::test {
namespace {

// ------------------------------------------------------------------ filter_out_of_stock

TEST_F(RuleTest, OutOfStockDropsItemsMarkedOutOfStockKeepingOrderAndScores) {
  auto& rule = start("filter_out_of_stock");
  auto r = request({candidate("a", 5, R"({"in_stock":true,"promoted":true})"),
                    candidate("b", 4, R"({"in_stock":false})"),
                    candidate("c", 3),
                    candidate("d", 2, R"({})"),
                    candidate("e", 1, R"({ "brand" : "acme", "in_stock" : false , "x":[1,{"y":2}]})")});
  auto result = apply(rule, r);
  ASSERT_EQ(ids(rule, r), (Ids{"a", "c", "d"}));
  EXPECT_DOUBLE_EQ(result.kept[0].score, 5);
  EXPECT_DOUBLE_EQ(result.kept[1].score, 3);
  EXPECT_DOUBLE_EQ(result.kept[2].score, 2);
}

TEST_F(RuleTest, OutOfStockTreatsMissingAsInStockByDefault) {
  auto& rule = start("filter_out_of_stock");
  // Only a JSON boolean counts: a string "false", a nested in_stock and malformed JSON do not.
  auto r = request({candidate("string", 6, R"({"in_stock":"false"})"),
                    candidate("nested", 5, R"({"variant":{"in_stock":false}})"),
                    candidate("trailing-comma", 4, R"({"in_stock":false,})"),
                    candidate("garbage-after", 3, R"({"in_stock":false} x)"),
                    candidate("unterminated", 2, R"({"in_stock":false)"),
                    candidate("array", 1, R"([{"in_stock":false}])")});
  EXPECT_EQ(ids(rule, r), (Ids{"string", "nested", "trailing-comma", "garbage-after", "unterminated", "array"}));
}

TEST_F(RuleTest, OutOfStockDropsItemsWithoutStockWhenMissingMeansOutOfStock) {
  auto& rule = start("filter_out_of_stock", {{"missing_means_in_stock", "false"}});
  auto r = request({candidate("yes", 4, R"({"in_stock":true})"), candidate("missing", 3, R"({"brand":"x"})"),
                    candidate("empty", 2), candidate("malformed", 1, R"({"in_stock":tru})")});
  EXPECT_EQ(ids(rule, r), (Ids{"yes"}));
}

TEST_F(RuleTest, OutOfStockReadsEscapedKeysAndTheLastOfRepeatedKeys) {
  auto& rule = start("filter_out_of_stock");
  auto r = request({candidate("escaped", 3, R"({"in\u005fstock":false})"),
                    candidate("repeated", 2, R"({"in_stock":true,"in_stock":false})"),
                    candidate("kept", 1, R"({"in_stock":false,"in_stock":true})")});
  EXPECT_EQ(ids(rule, r), (Ids{"kept"}));
}

TEST_F(RuleTest, OutOfStockConfigMustBeABoolean) {
  auto why = refusal("filter_out_of_stock", {{"missing_means_in_stock", "maybe"}});
  EXPECT_NE(why.find("expected true or false"), std::string::npos) << why;
  why = refusal("filter_out_of_stock", {{"in_stock_key", "x"}});
  EXPECT_NE(why.find("unknown key"), std::string::npos) << why;
}

// ------------------------------------------------------------------ filter_already_consumed

TEST_F(RuleTest, AlreadyConsumedDropsEveryItemInTheHistory) {
  auto& rule = start("filter_already_consumed");
  auto r = request({candidate("a", 5), candidate("b", 4), candidate("c", 3), candidate("d", 2), candidate("e", 1)});
  r.history = {{"d", 1.0f, kNow - kHour}, {"x", 1.0f, kNow - kDay}, {"b", 3.0f, kNow - 400 * kDay}};
  auto result = apply(rule, r);
  EXPECT_EQ(ids(rule, r), (Ids{"a", "c", "e"}));
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "c"), 3);
}

TEST_F(RuleTest, AlreadyConsumedWithAnEventWindowOnlyCountsRecentEvents) {
  auto& rule = start("filter_already_consumed", {{"event_window", "1h"}});
  auto r = request({candidate("a", 3), candidate("b", 2), candidate("c", 1)});
  r.history = {{"a", 1.0f, kNow - 30 * 60'000}, {"b", 1.0f, kNow - 2 * kHour}, {"c", 1.0f, kNow - kHour}};
  EXPECT_EQ(ids(rule, r), (Ids{"b"}));  // c is exactly one hour old: still inside
}

TEST_F(RuleTest, AlreadyConsumedKeepsEverythingForAUserWithoutHistory) {
  auto& rule = start("filter_already_consumed");
  auto r = request({candidate("a", 2), candidate("b", 1)});
  EXPECT_EQ(ids(rule, r), (Ids{"a", "b"}));
}

TEST_F(RuleTest, AlreadyConsumedEventWindowMustBeADuration) {
  auto why = refusal("filter_already_consumed", {{"event_window", "soon"}});
  EXPECT_NE(why.find("expected a duration"), std::string::npos) << why;
}

// ------------------------------------------------------------------ filter_age_restricted

plugin::RuleRequest ratedItems() {
  return request({candidate("r18", 6, R"({"age_rating":18})"), candidate("r16", 5, R"({"age_rating":16})"),
                  candidate("r12", 4, R"({"age_rating":12.0})"), candidate("r0", 3, R"({"age_rating":0})"),
                  candidate("unrated", 2, R"({"in_stock":true})"), candidate("text", 1, R"({"age_rating":"18"})"),
                  candidate("malformed", 0.5, R"({"age_rating":18)")});
}

TEST_F(RuleTest, AgeRestrictedDropsItemsRatedAboveTheUsersAge) {
  auto& rule = start("filter_age_restricted");
  auto r = ratedItems();
  r.user_attributes_json = R"({"name":"Ann","age":16})";
  auto result = apply(rule, r);
  // Equal age passes; no numeric rating (absent, a string, malformed attributes) is no restriction.
  EXPECT_EQ(ids(rule, r), (Ids{"r16", "r12", "r0", "unrated", "text", "malformed"}));
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "r12"), 4);
}

TEST_F(RuleTest, AgeRestrictedDeniesRatedItemsToUsersOfUnknownAgeByDefault) {
  auto& rule = start("filter_age_restricted");
  for (std::string user : {"", "{}", R"({"age":"21"})", R"({"age":21)", "not json"}) {
    auto r = ratedItems();
    r.user_attributes_json = user;
    EXPECT_EQ(ids(rule, r), (Ids{"r0", "unrated", "text", "malformed"})) << user;
  }
}

TEST_F(RuleTest, AgeRestrictedUnknownAgeMaxSetsTheRatingShownToUsersOfUnknownAge) {
  auto& rule = start("filter_age_restricted", {{"unknown_age_max", "12"}});
  EXPECT_EQ(ids(rule, ratedItems()), (Ids{"r12", "r0", "unrated", "text", "malformed"}));
}

TEST_F(RuleTest, AgeRestrictedAllowKeepsEverythingForUsersOfUnknownAge) {
  auto& rule = start("filter_age_restricted", {{"unknown_age", "allow"}});
  auto r = ratedItems();
  EXPECT_EQ(ids(rule, r).size(), r.candidates.size());
  r.user_attributes_json = R"({"age":12})";  // a known age still applies
  EXPECT_EQ(ids(rule, r), (Ids{"r12", "r0", "unrated", "text", "malformed"}));
}

TEST_F(RuleTest, AgeRestrictedConfigIsValidated) {
  auto why = refusal("filter_age_restricted", {{"unknown_age", "maybe"}});
  EXPECT_NE(why.find("unknown_age must be \"allow\" or \"deny\""), std::string::npos) << why;
  why = refusal("filter_age_restricted", {{"unknown_age_max", "-1"}});
  EXPECT_NE(why.find("unknown_age_max must not be negative"), std::string::npos) << why;
  why = refusal("filter_age_restricted", {{"unknown_age_max", "twelve"}});
  EXPECT_NE(why.find("expected an integer"), std::string::npos) << why;
}

// ------------------------------------------------------------------ filter_geo

plugin::RuleRequest regionalItems() {
  return request({candidate("us", 7, R"({"regions_allowed":["US"]})"),
                  candidate("de-fr", 6, R"({"regions_allowed":["FR","DE"]})"),
                  candidate("lower-de", 5, R"({"regions_allowed":["de"]})"),
                  candidate("single-us", 4, R"({"regions_allowed":"US"})"),
                  candidate("everywhere", 3, R"({"regions_allowed":[]})"),
                  candidate("unlisted", 2, R"({"promoted":true})"),
                  candidate("malformed", 1, R"({"regions_allowed":["US"})")});
}

TEST_F(RuleTest, GeoTheContextCountryWinsOverTheUsersCountry) {
  auto& rule = start("filter_geo");
  auto r = regionalItems();
  r.context_json = R"({"device":"ios","country":"de","history_categories":{}})";
  r.user_attributes_json = R"({"country":"US"})";
  auto result = apply(rule, r);
  EXPECT_EQ(ids(rule, r), (Ids{"de-fr", "lower-de", "everywhere", "unlisted", "malformed"}));
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "lower-de"), 5);
}

TEST_F(RuleTest, GeoFallsBackToTheUsersCountry) {
  auto& rule = start("filter_geo");
  auto r = regionalItems();
  r.context_json = R"({"country":"","history_categories":{}})";
  r.user_attributes_json = R"({"country":"us"})";
  EXPECT_EQ(ids(rule, r), (Ids{"us", "single-us", "everywhere", "unlisted", "malformed"}));
}

TEST_F(RuleTest, GeoKeepsRestrictedItemsWhenNoCountryIsKnownByDefault) {
  auto& rule = start("filter_geo");
  auto r = regionalItems();
  r.user_attributes_json = R"({"country":7})";
  EXPECT_EQ(ids(rule, r).size(), r.candidates.size());
}

TEST_F(RuleTest, GeoDenyDropsRestrictedItemsWhenNoCountryIsKnown) {
  auto& rule = start("filter_geo", {{"unknown_country", "deny"}});
  auto r = regionalItems();
  r.context_json = "{not json";
  EXPECT_EQ(ids(rule, r), (Ids{"everywhere", "unlisted", "malformed"}));
}

TEST_F(RuleTest, GeoConfigIsValidated) {
  auto why = refusal("filter_geo", {{"unknown_country", "block"}});
  EXPECT_NE(why.find("unknown_country must be \"allow\" or \"deny\""), std::string::npos) << why;
}

}  // namespace
}  // namespace sb::test
