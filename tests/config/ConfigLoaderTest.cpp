#include "config/ConfigLoader.hpp"

#include "config/ConfigTestSupport.hpp"

#include <gtest/gtest.h>

using namespace std::chrono_literals;
using namespace sb::config;
using sb::config::testing::fakeEnv;
using sb::config::testing::load;
using sb::config::testing::problemsOf;
using sb::config::testing::sourcePath;

TEST(ConfigLoader, ReportsWrongTypeWithFileLineColumnAndKey) {
  const std::string path = sourcePath("tests/config/bad_type_line7.yaml");
  try {
    loadConfigFile(path, fakeEnv());
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& error) {
    ASSERT_EQ(error.problems().size(), 1u);
    const ConfigProblem& problem = error.problems()[0];
    EXPECT_EQ(problem.file, path);
    EXPECT_EQ(problem.line, 7);
    EXPECT_EQ(problem.column, 9);
    EXPECT_EQ(problem.key_path, "server.port");
    EXPECT_EQ(problem.format(), path + ":7:9: server.port: expected an integer, got \"eighty\"");
    EXPECT_EQ(std::string(error.what()), problem.format());
  }
}

TEST(ConfigLoader, ReportsUnknownKeyWithASuggestion) {
  auto problems = problemsOf("server:\n  prot: 80\nsrever: {}\n");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].format(), "test.yaml:2:3: server.prot: unknown key 'prot' (did you mean 'port'?)");
  EXPECT_EQ(problems[1].format(), "test.yaml:3:1: srever: unknown key 'srever' (did you mean 'server'?)");
}

TEST(ConfigLoader, OffersNoSuggestionForAnUnrelatedKey) {
  auto problems = problemsOf("server:\n  colour: blue\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "unknown key 'colour'");
}

TEST(ConfigLoader, CollectsEveryProblemBeforeThrowingInDocumentOrder) {
  const std::string yaml =
      "server:\n"
      "  port: 0\n"
      "  threads: many\n"
      "log:\n"
      "  level: verbose\n"
      "  format: xml\n"
      "store:\n"
      "  pool_size: 0\n";
  try {
    load(yaml);
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& error) {
    ASSERT_EQ(error.problems().size(), 5u);
    std::vector<int> lines;
    for (const auto& problem : error.problems()) lines.push_back(problem.line);
    EXPECT_EQ(lines, (std::vector<int>{2, 3, 5, 6, 8}));
    // what() carries them all, one per line, for --check-config.
    const std::string what = error.what();
    EXPECT_EQ(std::count(what.begin(), what.end(), '\n'), 4);
  }
}

TEST(ConfigLoader, ChecksIntegerRanges) {
  auto problems = problemsOf("server:\n  port: 70000\n  queue: 0\n  max_keep_alive_requests: -1\n");
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].message, "must be between 1 and 65535, got 70000");
  EXPECT_EQ(problems[1].message, "must be at least 1, got 0");
  EXPECT_EQ(problems[2].message, "must be at least 0, got -1");
}

TEST(ConfigLoader, AcceptsOnlyDeclaredEnumValues) {
  EXPECT_EQ(load("log:\n  level: warn\n  format: json\n").log.format, "json");
  auto problems = problemsOf("log:\n  level: verbose\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].format(),
            "test.yaml:2:10: log.level: expected one of trace, debug, info, warn, error, off, got \"verbose\"");
}

TEST(ConfigLoader, ReadsDurationsAndRejectsThemWithoutUnit) {
  auto settings = load("server:\n  keep_alive_timeout: 1.5s\nauth:\n  jwt:\n    max_ttl: 1h\n");
  EXPECT_EQ(settings.server.keep_alive_timeout, 1500ms);
  EXPECT_EQ(settings.auth.jwt.max_ttl, 1h);
  auto problems = problemsOf("server:\n  shutdown_grace: 10\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "expected a duration with a unit (250ms, 5s, 2m, 1h, 1d), got \"10\"");
}

TEST(ConfigLoader, ReadsBooleansInTheirCommonSpellings) {
  EXPECT_FALSE(load("server:\n  keep_alive: false\n").server.keep_alive);
  EXPECT_FALSE(load("server:\n  keep_alive: no\n").server.keep_alive);
  EXPECT_TRUE(load("log:\n  access_log: On\n").log.access_log);
  auto problems = problemsOf("server:\n  keep_alive: maybe\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].message, "expected true or false, got \"maybe\"");
}

TEST(ConfigLoader, AcceptsSqliteAndPostgresStoreUrls) {
  EXPECT_EQ(load("store:\n  url: sqlite:/tmp/x.db\n").store.url, "sqlite:/tmp/x.db");
  EXPECT_EQ(load("store:\n  url: postgresql://a:b@h:5432/d\n").store.url, "postgresql://a:b@h:5432/d");
  EXPECT_EQ(load("store:\n  url: postgres://h/d\n").store.url, "postgres://h/d");
}

TEST(ConfigLoader, RejectsOtherStoreUrlsWithoutEchoingTheSecret) {
  auto problems = problemsOf("store:\n  url: mysql://app:hunter2@db/app\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key_path, "store.url");
  EXPECT_EQ(problems[0].message.find("hunter2"), std::string::npos) << problems[0].message;
}

TEST(ConfigLoader, ReportsYamlSyntaxErrorsWithTheirPosition) {
  auto problems = problemsOf("server:\n  port: [80, 81\nlog: {}\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].line, 3);
  EXPECT_GT(problems[0].column, 0);
  EXPECT_EQ(problems[0].key_path, "");
  EXPECT_EQ(problems[0].message.rfind("YAML syntax error: ", 0), 0u) << problems[0].message;
}

TEST(ConfigLoader, ReportsAFileThatCannotBeRead) {
  try {
    loadConfigFile("/nonexistent/switchboard.yaml", fakeEnv());
    FAIL() << "expected a ConfigError";
  } catch (const ConfigError& error) {
    ASSERT_EQ(error.problems().size(), 1u);
    EXPECT_EQ(error.problems()[0].format(), "/nonexistent/switchboard.yaml: cannot read: No such file or directory");
  }
}

TEST(ConfigLoader, ReportsWrongShapes) {
  auto problems = problemsOf("server: 8080\nplugins:\n  paths: build/plugins\n");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].format(), "test.yaml:1:9: server: expected a map of settings, got \"8080\"");
  EXPECT_EQ(problems[1].format(), "test.yaml:3:10: plugins.paths: expected a list of strings, got \"build/plugins\"");
  EXPECT_EQ(problemsOf("- a\n- b\n")[0].message, "expected a map of settings at the top level, got a list");
}

TEST(ConfigLoader, ReportsAMissingValueAtItsKey) {
  auto problems = problemsOf("server:\n  port:\n  host:\n");
  ASSERT_EQ(problems.size(), 1u);  // an empty string is a valid host
  EXPECT_EQ(problems[0].format(), "test.yaml:2:3: server.port: expected an integer, got nothing");
}

TEST(ConfigLoader, ReportsDuplicateKeys) {
  auto problems = problemsOf("server:\n  port: 80\n  port: 81\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].format(), "test.yaml:3:3: server.port: duplicate key 'port'");
}

TEST(ConfigLoader, EmptyFileAndEmptySectionsKeepDefaults) {
  EXPECT_EQ(load("").server, ServerSettings{});
  EXPECT_EQ(load("# nothing but a comment\n").log, LogSettings{});
  EXPECT_EQ(load("server:\nauth:\n  jwt:\n").auth, AuthSettings{});
}

TEST(ConfigLoader, ReadsEveryKindOfValue) {
  const std::string yaml =
      "server:\n"
      "  host: 127.0.0.1\n"
      "  port: 9000\n"
      "  max_body_bytes: 5000000000\n"
      "  public_url: https://notify.example.com\n"
      "log:\n"
      "  file: /var/log/switchboard.log\n"
      "auth:\n"
      "  jwt:\n"
      "    hs256_secret: \"${JWT}\"\n"
      "    leeway: 2m\n"
      "plugins:\n"
      "  paths: [a, b]\n";
  auto settings = load(yaml, fakeEnv({{"JWT", "k3y"}}));
  EXPECT_EQ(settings.source_file, "test.yaml");
  EXPECT_EQ(settings.server.host, "127.0.0.1");
  EXPECT_EQ(settings.server.port, 9000);
  EXPECT_EQ(settings.server.max_body_bytes, 5000000000);
  EXPECT_EQ(settings.server.public_url, "https://notify.example.com");
  EXPECT_EQ(settings.log.file, "/var/log/switchboard.log");
  EXPECT_EQ(settings.auth.jwt.hs256_secret, "k3y");
  EXPECT_EQ(settings.auth.jwt.leeway, 2min);
  EXPECT_EQ(settings.plugins.paths, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(settings.plugins.mark.line, 12);
}

TEST(ConfigLoader, RejectsAnIntegerTooLargeForItsField) {
  auto problems = problemsOf("server:\n  threads: 5000000000\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key_path, "server.threads");
}
