#include "config/ConfigReference.hpp"

#include "config/ConfigTestSupport.hpp"
#include "config/SettingsSchema.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

using namespace sb::config;
using sb::config::testing::sourcePath;

TEST(ConfigReference, DocsConfigurationMdIsInSyncWithTheSchema) {
  std::ifstream in(sourcePath("docs/configuration.md"));
  ASSERT_TRUE(in) << "docs/configuration.md is missing";
  std::ostringstream document;
  document << in.rdbuf();
  const auto documented = extractGeneratedReference(document.str());
  ASSERT_TRUE(documented) << "docs/configuration.md lacks the lines " << kReferenceBegin << " / " << kReferenceEnd;
  EXPECT_EQ(*documented, configurationReferenceMarkdown())
      << "docs/configuration.md is out of date. Regenerate it with\n"
         "  cmake --build build --target sb_config_reference && build/bin/sb_config_reference --update docs/configuration.md\n"
         "(or switchboard --print-config-reference, and paste it between the marker lines)";
}

TEST(ConfigReference, ListsEveryKeyWithItsDefault) {
  const std::string markdown = configurationReferenceMarkdown();
  for (const auto& spec : settingsSchema()) {
    EXPECT_NE(markdown.find("| `" + spec.key + "` |"), std::string::npos) << spec.key;
  }
  EXPECT_NE(markdown.find("| `server.port` | integer (1..65535) | `8080` |"), std::string::npos);
  EXPECT_NE(markdown.find("| `plugins.instances[].name` | string | *required* |"), std::string::npos);
  EXPECT_NE(markdown.find("| `auth.jwt.hs256_secret` | string, **secret** | `\"\"` |"), std::string::npos);
}

TEST(ConfigReference, ReplacesOnlyTheTextBetweenTheMarkers) {
  const std::string document = "intro\n<!-- BEGIN GENERATED REFERENCE -->\nold\n<!-- END GENERATED REFERENCE -->\nend\n";
  EXPECT_EQ(extractGeneratedReference(document), "old\n");
  EXPECT_EQ(replaceGeneratedReference(document, "new\n"),
            "intro\n<!-- BEGIN GENERATED REFERENCE -->\nnew\n<!-- END GENERATED REFERENCE -->\nend\n");
  EXPECT_EQ(replaceGeneratedReference("no markers", "x"), std::nullopt);
}
