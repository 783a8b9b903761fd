// Configuration of the popularity plugin: its defaults, and what makes an instance refuse
// to start.
#include "PopularityTestSupport.hpp"

namespace sb::test {
namespace {

TEST_F(PopularityTest, DefaultsToAThirtyDayHalfLifeAndPerCategoryRankings) {
  auto config = start().config().redacted();
  EXPECT_EQ(config->getValue<std::string>("half_life"), "30d");
  EXPECT_EQ(config->getValue<std::string>("per_category"), "true");
}

TEST_F(PopularityTest, TheHalfLifeMustBeADuration) {
  auto why = refusal({{"half_life", "two weeks"}});
  EXPECT_NE(why.find("expected a duration"), std::string::npos) << why;
  why = refusal({{"half_life", "-1d"}});
  EXPECT_NE(why.find("expected a duration"), std::string::npos) << why;
}

TEST_F(PopularityTest, PerCategoryMustBeABoolean) {
  auto why = refusal({{"per_category", "sometimes"}});
  EXPECT_NE(why.find("expected true or false"), std::string::npos) << why;
}

TEST_F(PopularityTest, UnknownKeysAreRefused) {
  auto why = refusal({{"halflife", "14d"}});
  EXPECT_NE(why.find("unknown key"), std::string::npos) << why;
  EXPECT_NE(why.find("half_life"), std::string::npos) << why;  // the known keys are listed
}

}  // namespace
}  // namespace sb::test
