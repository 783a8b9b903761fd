#include "config/SettingsSchema.hpp"

#include "config/ConfigTestSupport.hpp"

#include <gtest/gtest.h>

#include <set>

using namespace sb::config;
using sb::config::testing::load;

namespace {

// "auth.jwt.leeway" + "30s" -> "auth:\n  jwt:\n    leeway: 30s\n"
std::string yamlFor(const std::string& key, const std::string& value) {
  std::string yaml, indent;
  std::size_t start = 0;
  for (std::size_t dot = key.find('.'); dot != std::string::npos; dot = key.find('.', start)) {
    yaml += indent + key.substr(start, dot - start) + ":\n";
    indent += "  ";
    start = dot + 1;
  }
  return yaml + indent + key.substr(start) + ": " + value + "\n";
}

}  // namespace

TEST(ConfigSchema, AnEmptyDocumentGivesTheDefaultsOfSettingsHppForEveryKey) {
  const Settings loaded = load("{}");
  const Settings defaults;
  for (const auto& spec : settingsSchema()) {
    EXPECT_EQ(spec.get(loaded), spec.get(defaults)) << spec.key;
    EXPECT_EQ(spec.default_value, spec.get(defaults)) << spec.key;
  }
  Settings expected;
  expected.source_file = "test.yaml";
  EXPECT_EQ(loaded, expected);
}

TEST(ConfigSchema, TheDocumentedDefaultReadsBackAsTheDefault) {
  for (const auto& spec : settingsSchema()) {
    const std::string text = formatSettingValue(spec, spec.default_value);
    EXPECT_EQ(spec.get(load(yamlFor(spec.key, text))), spec.default_value) << spec.key << ": " << text;
  }
}

TEST(ConfigSchema, EveryValueOfEveryKeyRoundTripsThroughItsYamlForm) {
  // Values that need quoting in YAML must be quoted by formatSettingValue.
  for (const std::string tricky : {"", "true", "8080", "a: b", "#x", " padded", "-", "0.0.0.0", "null"}) {
    const auto& spec = settingsSchema().front();  // server.host, a plain string
    const std::string text = formatSettingValue(spec, SettingValue{tricky});
    EXPECT_EQ(load(yamlFor(spec.key, text)).server.host, tricky) << text;
  }
}

TEST(ConfigSchema, EveryKeyIsDeclaredOnceWithADescription) {
  std::set<std::string> keys;
  for (const auto& spec : settingsSchema()) {
    EXPECT_TRUE(keys.insert(spec.key).second) << "declared twice: " << spec.key;
    EXPECT_FALSE(spec.description.empty()) << spec.key;
    EXPECT_EQ(spec.description.back(), '.') << spec.key;
    EXPECT_TRUE(spec.get && spec.set) << spec.key;
  }
  for (const auto& spec : pluginInstanceSchema()) EXPECT_FALSE(spec.description.empty()) << spec.key;
}

TEST(ConfigSchema, MarksCredentialsAsSecret) {
  std::set<std::string> secrets;
  for (const auto& spec : settingsSchema()) {
    if (spec.secret) secrets.insert(spec.key);
  }
  EXPECT_EQ(secrets, (std::set<std::string>{"auth.jwt.hs256_secret", "metrics.token", "redis.url", "store.url"}));
}

TEST(ConfigSchema, DescribesTypesForHumans) {
  auto find = [](const std::string& key) -> const SettingInfo& {
    for (const auto& spec : settingsSchema()) {
      if (spec.key == key) return spec;
    }
    throw std::runtime_error(key);
  };
  EXPECT_EQ(describeType(find("server.port")), "integer (1..65535)");
  EXPECT_EQ(describeType(find("server.threads")), "integer (>= 1)");
  EXPECT_EQ(describeType(find("log.format")), "enum (console, json)");
  EXPECT_EQ(describeType(find("server.shutdown_grace")), "duration");
  EXPECT_EQ(formatSettingValue(find("auth.jwt.max_ttl"), find("auth.jwt.max_ttl").default_value), "1d");
}
