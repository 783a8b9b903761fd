// diversity: the per-category cap and the MMR re-rank, on cases small enough to work out by
// hand. Similarity = (Jaccard of tags + 1 if same category) / 2; scores are min-max
// normalised over the kept items.
#include "RuleTestSupport.hpp"

namespace sb::test {
namespace {

// Normalised scores a=1, b=0.8, c=0.6, d=0. a and b are near-duplicates (same category;
// `b_tags` decides how alike), c and d unlike anything.
plugin::RuleRequest nearDuplicates(std::vector<std::string> b_tags) {
  return request({candidate("a", 1.0, "", "news", {"t1", "t2"}), candidate("b", 0.9, "", "news", std::move(b_tags)),
                  candidate("c", 0.8, "", "sport", {"t3"}), candidate("d", 0.5, "", "film", {"t4"})});
}

TEST_F(RuleTest, DiversityPushesADuplicateBelowLessSimilarItems) {
  auto& rule = start("diversity", {{"lambda", "0.5"}});
  // After a: b scores 0.5x0.8 - 0.5x1 = -0.1, c 0.3, d 0; after c: b -0.1, d 0.
  auto r = nearDuplicates({"t2", "t1"});
  auto result = apply(rule, r);
  EXPECT_EQ(ids(rule, r), (Ids{"a", "c", "d", "b"}));
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "b"), 0.9);  // reordered, not rescored
  EXPECT_DOUBLE_EQ(scoreOf(r, result, "d"), 0.5);
}

TEST_F(RuleTest, DiversityWeighsPartialTagOverlap) {
  auto& rule = start("diversity", {{"lambda", "0.5"}});
  // b shares 1 of 3 tags with a: similarity (1/3 + 1) / 2 = 2/3, so after c, b (0.4 - 1/3) beats d (0).
  EXPECT_EQ(ids(rule, nearDuplicates({"t1", "t5"})), (Ids{"a", "c", "b", "d"}));
}

TEST_F(RuleTest, DiversityWithLambdaOneKeepsTheScoreOrder) {
  auto& rule = start("diversity", {{"lambda", "1"}});
  EXPECT_EQ(ids(rule, nearDuplicates({"t1", "t2"})), (Ids{"a", "b", "c", "d"}));
}

TEST_F(RuleTest, DiversityReranksTheFirstLimitPlacesAndKeepsTheRestAsSpares) {
  auto& rule = start("diversity", {{"lambda", "0.5"}});
  auto r = nearDuplicates({"t1", "t2"});
  r.limit = 2;
  EXPECT_EQ(ids(rule, r), (Ids{"a", "c", "b", "d"}));  // a, c by MMR; then b, d as they came
}

TEST_F(RuleTest, DiversityCapsItemsPerCategoryKeepingTheFirst) {
  auto& rule = start("diversity", {{"max_per_category", "2"}, {"lambda", "1"}});
  auto r = request({candidate("x1", 10, "", "x"), candidate("x2", 9, "", "x"), candidate("x3", 8, "", "x"),
                    candidate("y1", 7.5, "", "y"), candidate("x4", 7, "", "x"), candidate("n1", 5),
                    candidate("n2", 4), candidate("n3", 3)});
  EXPECT_EQ(ids(rule, r), (Ids{"x1", "x2", "y1", "n1", "n2", "n3"}));  // no category: never capped
}

TEST_F(RuleTest, DiversityDefaultCapIsThree) {
  auto& rule = start("diversity");
  auto r = request({candidate("x1", 10, "", "x"), candidate("x2", 9, "", "x"), candidate("x3", 8, "", "x"),
                    candidate("x4", 7, "", "x")});
  auto kept = ids(rule, r);
  EXPECT_EQ(kept.size(), 3u);
  EXPECT_EQ(std::count(kept.begin(), kept.end(), "x4"), 0);
}

TEST_F(RuleTest, DiversityCapZeroMeansNoCap) {
  auto& rule = start("diversity", {{"max_per_category", "0"}, {"lambda", "1"}});
  auto r = request({candidate("x1", 10, "", "x"), candidate("x2", 9, "", "x"), candidate("x3", 8, "", "x"),
                    candidate("x4", 7, "", "x")});
  EXPECT_EQ(ids(rule, r), (Ids{"x1", "x2", "x3", "x4"}));
}

TEST_F(RuleTest, DiversityConfigIsValidated) {
  for (const char* bad : {"1.5", "-0.1"}) {
    auto why = refusal("diversity", {{"lambda", bad}});
    EXPECT_NE(why.find("lambda must be between 0 and 1"), std::string::npos) << why;
  }
  auto why = refusal("diversity", {{"max_per_category", "-1"}});
  EXPECT_NE(why.find("max_per_category must not be negative"), std::string::npos) << why;
  why = refusal("diversity", {{"max_per_category", "2.5"}});
  EXPECT_NE(why.find("expected an integer"), std::string::npos) << why;
}

}  // namespace
}  // namespace sb::test
