#include "config/ConfigError.hpp"

#include <gtest/gtest.h>

using sb::config::ConfigError;
using sb::config::ConfigProblem;

TEST(ConfigError, FormatsProblemsAsFileLineColumnKeyMessage) {
  EXPECT_EQ((ConfigProblem{"bad.yaml", 7, 9, "server.port", "expected an integer"}).format(),
            "bad.yaml:7:9: server.port: expected an integer");
  EXPECT_EQ((ConfigProblem{"bad.yaml", 2, 1, "", "YAML syntax error: x"}).format(), "bad.yaml:2:1: YAML syntax error: x");
  EXPECT_EQ((ConfigProblem{"gone.yaml", 0, 0, "", "cannot read"}).format(), "gone.yaml: cannot read");
}

TEST(ConfigError, WhatListsEveryProblemOnItsOwnLine) {
  ConfigError error({{"a.yaml", 1, 1, "x", "one"}, {"a.yaml", 2, 1, "y", "two"}});
  EXPECT_STREQ(error.what(), "a.yaml:1:1: x: one\na.yaml:2:1: y: two");
  EXPECT_EQ(error.problems().size(), 2u);
}
