#include "config/EmbeddedConfig.hpp"

#include "config/ConfigTestSupport.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace sb::config;
using sb::config::testing::fakeEnv;
using sb::config::testing::sourcePath;

namespace {

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

TEST(EmbeddedConfig, IsTheTextOfConfigSwitchboardYaml) {
  EXPECT_EQ(embeddedDefaultConfig(), readFile(sourcePath("config/switchboard.yaml")));
}

TEST(EmbeddedConfig, LoadsWithoutProblemsInAnEmptyEnvironment) {
  const Settings settings = loadConfigString(std::string(embeddedDefaultConfig()), std::string(kEmbeddedConfigName), fakeEnv());
  EXPECT_EQ(settings.source_file, "<embedded>");
  EXPECT_EQ(settings.store.url, "sqlite:var/switchboard.db");
  EXPECT_EQ(settings.server.port, 8080);
  EXPECT_EQ(settings.log.level, "info");
  EXPECT_EQ(settings.log.format, "console");
  EXPECT_EQ(settings.auth.admin_key_file, "var/admin.key");
  EXPECT_EQ(settings.auth.jwt.hs256_secret, "");
  EXPECT_EQ(settings.plugins.paths, std::vector<std::string>{"build/plugins"});
  ASSERT_EQ(settings.plugins.instances.size(), 1u);
  const auto& console = settings.plugins.instances[0];
  EXPECT_EQ(console.name, "console");
  EXPECT_EQ(console.plugin, "console");
  ASSERT_EQ(console.config.size(), 1u);
  EXPECT_EQ(console.config[0].key, "prefix");
  EXPECT_EQ(console.config[0].scalar, "[console]");
}

TEST(EmbeddedConfig, TakesThePluginFolderAndJwtSecretFromTheEnvironment) {
  const Settings settings = loadConfigString(
      std::string(embeddedDefaultConfig()), "<embedded>",
      fakeEnv({{"SWITCHBOARD_PLUGIN_DIR", "/opt/plugins"}, {"SWITCHBOARD_JWT_SECRET", "s"}}));
  EXPECT_EQ(settings.plugins.paths, std::vector<std::string>{"/opt/plugins"});
  EXPECT_EQ(settings.auth.jwt.hs256_secret, "s");
}

TEST(EmbeddedConfig, PostgresExampleLoadsWhenItsVariablesAreSet) {
  const std::string path = sourcePath("config/examples/postgres.yaml");
  const Settings settings = loadConfigFile(
      path, fakeEnv({{"SWITCHBOARD_DB_PASSWORD", "pw"}, {"SWITCHBOARD_JWT_SECRET", "jwt"}}));
  EXPECT_EQ(settings.store.url, "postgresql://switchboard:pw@localhost:5432/switchboard");
  EXPECT_EQ(settings.log.format, "json");
  try {
    loadConfigFile(path, fakeEnv());
    FAIL() << "an unset password must be an error";
  } catch (const ConfigError& error) {
    EXPECT_EQ(error.problems().size(), 2u) << error.what();
  }
}

TEST(EmbeddedConfig, RecommendationsExampleLoads) {
  const Settings settings = loadConfigFile(sourcePath("config/examples/recommendations.yaml"), fakeEnv());
  const auto& r = settings.recommendations;
  ASSERT_EQ(r.recommenders.size(), 5u);
  EXPECT_EQ(r.recommenders[0].fallback, (std::vector<std::string>{"knn", "popular"}));
  EXPECT_EQ(r.recommenders[0].train_every, std::chrono::hours(6));
  EXPECT_EQ(r.recommenders[4].blend, (std::vector<std::string>{"als=0.6", "content=0.4"}));
  ASSERT_EQ(r.pipelines.size(), 2u);
  EXPECT_EQ(r.pipelines[0].rules.size(), 7u);
  ASSERT_EQ(r.experiments.size(), 1u);
  EXPECT_EQ(r.experiments[0].variants[1].pipeline, "home");
  EXPECT_EQ(r.event_weights.purchase, 5.0);
}
