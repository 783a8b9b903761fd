// Configuration of the content plugin: its defaults, and what makes an instance refuse to
// start.
#include "ContentTestSupport.hpp"

namespace sb::test {
namespace {

TEST_F(ContentTest, HasDocumentedDefaults) {
  auto config = start().config().redacted();
  EXPECT_EQ(config->getValue<double>("title_weight"), 1.0);
  EXPECT_EQ(config->getValue<double>("tag_weight"), 2.0);
  EXPECT_EQ(config->getValue<double>("category_weight"), 1.0);
  EXPECT_EQ(config->getValue<std::string>("history_half_life"), "0s");
}

TEST_F(ContentTest, BoostsMustNotBeNegative) {
  auto why = refusal({{"tag_weight", "-1"}});
  EXPECT_NE(why.find("tag_weight must be a number >= 0"), std::string::npos) << why;
  why = refusal({{"title_weight", "x"}});
  EXPECT_NE(why.find("expected a number"), std::string::npos) << why;
}

TEST_F(ContentTest, AtLeastOneFieldMustCount) {
  auto why = refusal({{"title_weight", "0"}, {"tag_weight", "0"}, {"category_weight", "0"}});
  EXPECT_NE(why.find("cannot all be 0"), std::string::npos) << why;
}

TEST_F(ContentTest, TheHistoryHalfLifeMustBeADuration) {
  auto why = refusal({{"history_half_life", "a week"}});
  EXPECT_NE(why.find("expected a duration"), std::string::npos) << why;
}

}  // namespace
}  // namespace sb::test
