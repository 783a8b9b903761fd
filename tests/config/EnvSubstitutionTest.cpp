#include "config/EnvSubstitution.hpp"

#include "config/ConfigTestSupport.hpp"

#include <gtest/gtest.h>

using sb::config::substituteEnv;
using sb::config::testing::fakeEnv;
using sb::config::testing::load;
using sb::config::testing::problemsOf;

TEST(ConfigEnvSubstitution, ReplacesVariablesInsideText) {
  auto result = substituteEnv("postgresql://app:${PW}@${HOST}/db", fakeEnv({{"PW", "s3cret"}, {"HOST", "db1"}}));
  EXPECT_TRUE(result.errors.empty());
  EXPECT_EQ(result.text, "postgresql://app:s3cret@db1/db");
}

TEST(ConfigEnvSubstitution, UsesTheDefaultWhenTheVariableIsUnsetOrEmpty) {
  EXPECT_EQ(substituteEnv("${PORT:-8080}", fakeEnv()).text, "8080");
  EXPECT_EQ(substituteEnv("${PORT:-8080}", fakeEnv({{"PORT", ""}})).text, "8080");
  EXPECT_EQ(substituteEnv("${PORT:-8080}", fakeEnv({{"PORT", "9090"}})).text, "9090");
  EXPECT_EQ(substituteEnv("${SECRET:-}", fakeEnv()).text, "");
}

TEST(ConfigEnvSubstitution, DoubleDollarEscapesALiteralReference) {
  auto result = substituteEnv("cost: $${AMOUNT} and $5", fakeEnv());
  EXPECT_TRUE(result.errors.empty());
  EXPECT_EQ(result.text, "cost: ${AMOUNT} and $5");
}

TEST(ConfigEnvSubstitution, ReportsEveryUnsetVariable) {
  auto result = substituteEnv("${A}-${B}", fakeEnv());
  ASSERT_EQ(result.errors.size(), 2u);
  EXPECT_EQ(result.errors[0], "environment variable A is not set");
  EXPECT_EQ(result.errors[1], "environment variable B is not set");
}

TEST(ConfigEnvSubstitution, ReportsMalformedReferences) {
  EXPECT_EQ(substituteEnv("${A", fakeEnv()).errors.size(), 1u);
  EXPECT_EQ(substituteEnv("${1A}", fakeEnv()).errors.size(), 1u);
  EXPECT_EQ(substituteEnv("${}", fakeEnv()).errors.size(), 1u);
}

TEST(ConfigEnvSubstitution, MissingVariableIsReportedAtTheScalarPosition) {
  auto problems = problemsOf("store:\n  url: postgresql://app:${DB_PW}@db/app\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].format(), "test.yaml:2:8: store.url: environment variable DB_PW is not set");
}

TEST(ConfigEnvSubstitution, SubstitutedTextIsThenTypeChecked) {
  EXPECT_EQ(load("server:\n  port: ${PORT:-8080}\n").server.port, 8080);
  EXPECT_EQ(load("server:\n  port: ${PORT:-8080}\n", fakeEnv({{"PORT", "9090"}})).server.port, 9090);
  auto problems = problemsOf("server:\n  port: ${PORT}\n", fakeEnv({{"PORT", "http"}}));
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "expected an integer, got \"http\"");
}

TEST(ConfigEnvSubstitution, WorksInQuotedScalarsAndLists) {
  auto settings = load("log:\n  file: \"${DIR}/sb.log\"\nplugins:\n  paths: [\"${DIR}/plugins\"]\n",
                       fakeEnv({{"DIR", "/srv"}}));
  EXPECT_EQ(settings.log.file, "/srv/sb.log");
  EXPECT_EQ(settings.plugins.paths, std::vector<std::string>{"/srv/plugins"});
}
