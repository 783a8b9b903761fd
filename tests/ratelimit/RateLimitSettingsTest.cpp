#include "config/ConfigTestSupport.hpp"

namespace sb::config {
namespace {

using testing::load;
using testing::problemsOf;

std::string allProblems(const std::vector<ConfigProblem>& problems) {
  std::string all;
  for (const auto& p : problems) all += p.format() + "\n";
  return all;
}

TEST(RateLimitSettings, AreOnByDefault) {
  auto s = load("server:\n  port: 8080\n");
  EXPECT_TRUE(s.rate_limits.enabled);
  EXPECT_TRUE(s.rate_limits.shared);
  EXPECT_GT(s.rate_limits.per_key.read.burst, 0);
  EXPECT_GT(s.rate_limits.per_user.write.burst, 0);
}

TEST(RateLimitSettings, ReadsRateAndBurstPerScopeAndClass) {
  auto s = load(
      "rate_limits:\n"
      "  per_key:\n"
      "    read: {rate: 100, burst: 200}\n"
      "    bulk: {rate: 0.5, burst: 2}\n"
      "  per_user:\n"
      "    write: {rate: 1, burst: 0}\n");
  EXPECT_DOUBLE_EQ(s.rate_limits.per_key.read.rate, 100);
  EXPECT_EQ(s.rate_limits.per_key.read.burst, 200);
  EXPECT_DOUBLE_EQ(s.rate_limits.per_key.bulk.rate, 0.5);
  EXPECT_EQ(s.rate_limits.per_key.bulk.burst, 2);
  EXPECT_EQ(s.rate_limits.per_user.write.burst, 0);
  EXPECT_EQ(s.rate_limits.per_key.write, RateLimitSettings{}.per_key.write);  // untouched keeps its default
}

TEST(RateLimitSettings, ReportsBadValuesWithTheirPosition) {
  auto all = allProblems(problemsOf(
      "rate_limits:\n"
      "  per_key:\n"
      "    read: {rate: 0, burst: 10}\n"
      "    write: {rate: 5, burst: -1}\n"
      "  per_user:\n"
      "    bulk: {rate: 1, burst: 1}\n"));
  EXPECT_NE(all.find("test.yaml:3:18: rate_limits.per_key.read.rate: must be greater than 0, got 0"),
            std::string::npos)
      << all;
  EXPECT_NE(all.find("test.yaml:4:29: rate_limits.per_key.write.burst: must be at least 0"), std::string::npos)
      << all;
  EXPECT_NE(all.find("test.yaml:6:5: rate_limits.per_user.bulk"), std::string::npos) << all;
}

}  // namespace
}  // namespace sb::config
