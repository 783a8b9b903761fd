// Configuration of the itemknn plugin: its defaults, and what makes an instance refuse to
// start.
#include "ItemKnnTestSupport.hpp"

namespace sb::test {
namespace {

TEST_F(ItemKnnTest, HasDocumentedDefaults) {
  auto config = start().config().redacted();
  EXPECT_EQ(config->getValue<std::string>("weighting"), "none");
  EXPECT_EQ(config->getValue<double>("bm25_k1"), 1.2);
  EXPECT_EQ(config->getValue<double>("bm25_b"), 0.75);
  EXPECT_EQ(config->getValue<double>("shrink"), 10);
  EXPECT_EQ(config->getValue<int>("neighbours"), 50);
  EXPECT_EQ(config->getValue<bool>("normalize"), false);
  EXPECT_EQ(config->getValue<int>("threads"), 0);
}

TEST_F(ItemKnnTest, WeightingIsNoneOrBm25) {
  auto why = refusal({{"weighting", "tfidf"}});
  EXPECT_NE(why.find("weighting must be none or bm25"), std::string::npos) << why;
  EXPECT_NE(why.find("refused to start"), std::string::npos) << why;
}

TEST_F(ItemKnnTest, NumbersMustBeInRange) {
  auto why = refusal({{"bm25_b", "1.5"}});
  EXPECT_NE(why.find("bm25_b must be between 0 and 1"), std::string::npos) << why;
  why = refusal({{"bm25_k1", "-0.5"}});
  EXPECT_NE(why.find("bm25_k1 must be a number >= 0"), std::string::npos) << why;
  why = refusal({{"shrink", "-1"}});
  EXPECT_NE(why.find("shrink must be a number >= 0"), std::string::npos) << why;
  why = refusal({{"neighbours", "0"}});
  EXPECT_NE(why.find("neighbours must be between 1 and 10000"), std::string::npos) << why;
  why = refusal({{"threads", "-2"}});
  EXPECT_NE(why.find("threads must be between 0"), std::string::npos) << why;
}

TEST_F(ItemKnnTest, TypesAreCheckedByTheHost) {
  auto why = refusal({{"neighbours", "many"}});
  EXPECT_NE(why.find("expected an integer"), std::string::npos) << why;
  why = refusal({{"shrink", "a lot"}});
  EXPECT_NE(why.find("expected a number"), std::string::npos) << why;
  why = refusal({{"normalize", "maybe"}});
  EXPECT_NE(why.find("expected true or false"), std::string::npos) << why;
}

}  // namespace
}  // namespace sb::test
