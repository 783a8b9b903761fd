#include "config/ConfigTestSupport.hpp"

#include <gtest/gtest.h>

#include <tuple>

using namespace sb::config;
using sb::config::testing::fakeEnv;
using sb::config::testing::load;
using sb::config::testing::problemsOf;

namespace {

const PluginConfigEntry& entry(const PluginInstanceSettings& instance, const std::string& key) {
  for (const auto& e : instance.config) {
    if (e.key == key) return e;
  }
  throw std::runtime_error("no config entry " + key);
}

}  // namespace

TEST(ConfigPluginInstances, ReadsInstancesInOrderWithDefaultsAndMarks) {
  auto settings = load(
      "plugins:\n"
      "  paths: [build/plugins, /opt/sb]\n"
      "  instances:\n"
      "    - name: smtp-primary\n"
      "      plugin: smtp\n"
      "    - name: hooks\n"
      "      plugin: webhook\n"
      "      enabled: false\n");
  ASSERT_EQ(settings.plugins.instances.size(), 2u);
  const auto& smtp = settings.plugins.instances[0];
  EXPECT_EQ(smtp.name, "smtp-primary");
  EXPECT_EQ(smtp.plugin, "smtp");
  EXPECT_TRUE(smtp.enabled);
  EXPECT_TRUE(smtp.config.empty());
  EXPECT_EQ(std::tie(smtp.mark.file, smtp.mark.line, smtp.mark.column), std::make_tuple(std::string("test.yaml"), 4, 7));
  EXPECT_FALSE(settings.plugins.instances[1].enabled);
}

TEST(ConfigPluginInstances, ReportsAMissingRequiredNameAtTheItem) {
  auto problems = problemsOf(
      "plugins:\n"
      "  instances:\n"
      "    - name: a\n"
      "      plugin: smtp\n"
      "    - plugin: smtp\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].format(), "test.yaml:5:7: plugins.instances[1].name: missing required key 'name'");
}

TEST(ConfigPluginInstances, ReportsDuplicateInstanceNamesAtTheSecond) {
  auto problems = problemsOf(
      "plugins:\n"
      "  instances:\n"
      "    - name: mail\n"
      "      plugin: smtp\n"
      "    - name: mail\n"
      "      plugin: smtp\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].format(),
            "test.yaml:5:13: plugins.instances[1].name: duplicate instance name 'mail' (first declared at line 3)");
}

TEST(ConfigPluginInstances, RejectsNamesOutsideTheAllowedCharacters) {
  auto problems = problemsOf("plugins:\n  instances:\n    - name: Mail Primary\n      plugin: smtp\n");
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_EQ(problems[0].key_path, "plugins.instances[0].name");
  EXPECT_EQ(problems[0].message, "expected lower-case letters, digits, '-' or '_', got \"Mail Primary\"");
}

TEST(ConfigPluginInstances, RejectsUnknownInstanceKeysWithASuggestion) {
  auto problems = problemsOf("plugins:\n  instances:\n    - name: a\n      plugn: smtp\n");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].format(), "test.yaml:3:7: plugins.instances[0].plugin: missing required key 'plugin'");
  EXPECT_EQ(problems[1].format(), "test.yaml:4:7: plugins.instances[0].plugn: unknown key 'plugn' (did you mean 'plugin'?)");
}

TEST(ConfigPluginInstances, KeepsConfigEntriesRawWithMarksAndJsonForNestedValues) {
  auto settings = load(
      "plugins:\n"
      "  instances:\n"
      "    - name: mail\n"
      "      plugin: smtp\n"
      "      config:\n"
      "        host: ${SMTP_HOST:-localhost}\n"
      "        port: 587\n"
      "        starttls:\n"
      "        recipients: [ops@example.com, 42, \"42\", true, ~]\n"
      "        headers:\n"
      "          X-Team: \"a \\\"quoted\\\" name\"\n"
      "          Retry: {max: 3}\n");
  const auto& mail = settings.plugins.instances.at(0);
  ASSERT_EQ(mail.config.size(), 5u);
  EXPECT_EQ(mail.config[0].key, "host");  // declaration order is kept

  const auto& host = entry(mail, "host");
  EXPECT_EQ(host.kind, PluginConfigEntry::Kind::Scalar);
  EXPECT_EQ(host.scalar, "localhost");
  EXPECT_EQ(std::tie(host.mark.file, host.mark.line, host.mark.column), std::make_tuple(std::string("test.yaml"), 6, 15));

  EXPECT_EQ(entry(mail, "port").scalar, "587");
  EXPECT_EQ(entry(mail, "starttls").kind, PluginConfigEntry::Kind::Null);
  EXPECT_EQ(entry(mail, "starttls").mark.line, 8);

  const auto& recipients = entry(mail, "recipients");
  EXPECT_EQ(recipients.kind, PluginConfigEntry::Kind::Sequence);
  EXPECT_EQ(recipients.json, R"(["ops@example.com",42,"42",true,null])");
  EXPECT_EQ(std::tie(recipients.mark.file, recipients.mark.line, recipients.mark.column), std::make_tuple(std::string("test.yaml"), 9, 21));

  const auto& headers = entry(mail, "headers");
  EXPECT_EQ(headers.kind, PluginConfigEntry::Kind::Map);
  EXPECT_EQ(headers.json, R"({"X-Team":"a \"quoted\" name","Retry":{"max":3}})");
}

TEST(ConfigPluginInstances, ReportsUnsetVariablesInPluginConfigWithTheirKeyPath) {
  auto problems = problemsOf(
      "plugins:\n"
      "  instances:\n"
      "    - name: mail\n"
      "      plugin: smtp\n"
      "      config:\n"
      "        host: ${SMTP_HOST}\n"
      "        to: [a, \"${TEAM}\"]\n");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].format(), "test.yaml:6:15: plugins.instances[0].config.host: environment variable SMTP_HOST is not set");
  EXPECT_EQ(problems[1].key_path, "plugins.instances[0].config.to[1]");
}

TEST(ConfigPluginInstances, RequiresConfigToBeAMapAndInstancesToBeMaps) {
  auto problems = problemsOf(
      "plugins:\n"
      "  instances:\n"
      "    - name: mail\n"
      "      plugin: smtp\n"
      "      config: [a]\n"
      "    - just-a-name\n");
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].format(), "test.yaml:5:15: plugins.instances[0].config: expected a map, got a list");
  EXPECT_EQ(problems[1].key_path, "plugins.instances[1]");
}
