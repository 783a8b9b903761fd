// Configuration of the als plugin: the defaults start, and values that cannot work refuse
// to start with a message saying what to fix.
#include "AlsTestSupport.hpp"

namespace sb::test {
namespace {

TEST_F(AlsTest, StartsWithTheDefaults) {
  auto& instance = start({});
  EXPECT_TRUE(plugin::isRecommender(instance));
  EXPECT_TRUE(plugin::hasSimilar(instance));
  auto config = instance.config().redacted();
  EXPECT_EQ(config->getValue<int>("factors"), 64);
  EXPECT_EQ(config->getValue<int>("iterations"), 15);
  EXPECT_EQ(config->getValue<double>("alpha"), 1.0);
  EXPECT_EQ(config->getValue<double>("regularization"), 0.1);
  EXPECT_EQ(config->getValue<int>("cg_steps"), 3);
  EXPECT_EQ(config->getValue<int>("seed"), 42);
  EXPECT_EQ(config->getValue<int>("threads"), 0);
}

TEST_F(AlsTest, RefusesValuesOutOfRange) {
  struct Case {
    ConfigValue value;
    const char* says;
  };
  const std::vector<Case> cases = {
      {{"factors", "0"}, "factors must be between 1 and 1024"},
      {{"factors", "5000"}, "factors must be between 1 and 1024"},
      {{"iterations", "0"}, "iterations must be between 1 and 1000"},
      {{"regularization", "0"}, "regularization must be greater than 0"},
      {{"regularization", "-0.5"}, "regularization must be greater than 0"},
      {{"alpha", "-1"}, "alpha must be at least 0"},
      {{"cg_steps", "-1"}, "cg_steps must be between 0 and 100"},
      {{"seed", "-3"}, "seed must be between 0"},
      {{"threads", "1000"}, "threads must be between 0 and 256"},
  };
  for (const Case& c : cases) {
    auto why = refusal({c.value});
    EXPECT_NE(why.find(c.says), std::string::npos) << c.value.key << "=" << c.value.value << ": " << why;
    EXPECT_NE(why.find("refused to start"), std::string::npos) << why;
  }
}

TEST_F(AlsTest, RefusesValuesOfTheWrongType) {
  auto why = refusal({{"factors", "many"}});
  EXPECT_FALSE(why.empty());
  why = refusal({{"alpha", "high"}});
  EXPECT_FALSE(why.empty());
  why = refusal({{"learning_rate", "0.1"}});
  EXPECT_NE(why.find("learning_rate"), std::string::npos) << why;
}

}  // namespace
}  // namespace sb::test
