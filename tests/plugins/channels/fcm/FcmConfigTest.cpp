// Configurations the fcm plugin refuses at start, each with a reason an operator can act on.
#include "FakeGoogle.hpp"
#include "FcmInstance.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <gtest/gtest.h>

#include <sstream>

namespace sb::test::fcm {
namespace {

// The key file JSON with one field replaced (or removed, for an empty value).
std::string editedKeyFile(const FakeGoogle& google, const std::string& field, const std::string& value) {
  Poco::JSON::Parser parser;
  auto o = parser.parse(google.serviceAccountJson()).extract<Poco::JSON::Object::Ptr>();
  if (value.empty()) o->remove(field);
  else o->set(field, value);
  std::ostringstream out;
  o->stringify(out);
  return out.str();
}

// The problems of a start that must fail, checked to be an InvalidConfig refusal.
std::string refusal(const ConfigEntries& config) {
  FcmInstance fcm(config);
  EXPECT_FALSE(fcm.started());
  std::string problems = fcm.problems();
  EXPECT_NE(problems.find("refused to start (invalid_config)"), std::string::npos) << problems;
  return problems;
}

TEST(FcmConfig, StartsWithAKeyFileAndNothingElseButTheFcmUrl) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  EXPECT_TRUE(fcm.started()) << fcm.problems();
  const auto& plugin = fcm.instance().plugin();
  EXPECT_EQ(plugin.id(), "fcm");
  EXPECT_EQ(plugin.kind(), "channel");
  EXPECT_TRUE(plugin.reentrant());
  EXPECT_TRUE(plugin.blocking());
  EXPECT_TRUE(plugin.hasHealth());
}

TEST(FcmConfig, TheInlineKeyIsRedactedInTheInstanceConfig) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  auto config = fcm.instance().config().redacted();
  EXPECT_EQ(config->getValue<std::string>("service_account_json"), "***");
  EXPECT_EQ(config->getValue<std::string>("timeout"), "10s");
  EXPECT_EQ(config->getValue<bool>("dry_run"), false);
}

TEST(FcmConfig, RefusesToStartWithoutAServiceAccount) {
  FakeGoogle google;
  auto problems = refusal({{"base_url", google.fcmBaseUrl()}});
  EXPECT_NE(problems.find("no service account: set service_account_file"), std::string::npos) << problems;
}

TEST(FcmConfig, RefusesBothWaysOfGivingTheServiceAccount) {
  FakeGoogle google;
  auto problems = refusal({{"service_account_json", google.serviceAccountJson()}, {"service_account_file", "/etc/k.json"}});
  EXPECT_NE(problems.find("not both"), std::string::npos) << problems;
}

TEST(FcmConfig, RefusesAnUnreadableKeyFileNamingItAndWhy) {
  auto problems = refusal({{"service_account_file", "/nonexistent/fcm-key.json"}});
  EXPECT_NE(problems.find("'/nonexistent/fcm-key.json' cannot be read: No such file or directory"), std::string::npos)
      << problems;
}

TEST(FcmConfig, RefusesABadPrivateKey) {
  FakeGoogle google;
  auto problems = refusal(
      {{"service_account_json",
        editedKeyFile(google, "private_key", "-----BEGIN PRIVATE KEY-----\nbm90IGEga2V5\n-----END PRIVATE KEY-----\n")}});
  EXPECT_NE(problems.find("private_key is not a valid RSA private key"), std::string::npos) << problems;
}

TEST(FcmConfig, RefusesAnEncryptedPrivateKeyInsteadOfPromptingForAPassphrase) {
  FakeGoogle google;
  auto problems = refusal({{"service_account_json",
                            editedKeyFile(google, "private_key",
                                          "-----BEGIN ENCRYPTED PRIVATE KEY-----\nAAAA\n-----END ENCRYPTED PRIVATE KEY-----\n")}});
  EXPECT_NE(problems.find("private_key is encrypted"), std::string::npos) << problems;
}

TEST(FcmConfig, RefusesAKeyFileWithoutClientEmailOrPrivateKey) {
  FakeGoogle google;
  for (const char* field : {"client_email", "private_key"}) {
    auto problems = refusal({{"service_account_json", editedKeyFile(google, field, "")}});
    EXPECT_NE(problems.find(std::string("service_account_json has no '") + field + "'"), std::string::npos) << problems;
  }
}

TEST(FcmConfig, NeedsAProjectIdFromTheKeyFileOrTheConfig) {
  FakeGoogle google;
  std::string without = editedKeyFile(google, "project_id", "");
  auto problems = refusal({{"service_account_json", without}});
  EXPECT_NE(problems.find("no project_id"), std::string::npos) << problems;

  FcmInstance configured({{"service_account_json", without}, {"project_id", FakeGoogle::kProject},
                          {"base_url", google.fcmBaseUrl()}});
  ASSERT_TRUE(configured.started()) << configured.problems();
  EXPECT_EQ(configured.send("device-abc").outcome.status, SB_OK);
}

TEST(FcmConfig, RefusesOtherGoogleJsonFiles) {
  FakeGoogle google;
  auto problems = refusal({{"service_account_json", editedKeyFile(google, "type", "authorized_user")}});
  EXPECT_NE(problems.find("is a 'authorized_user' file, not a service-account key"), std::string::npos) << problems;
}

TEST(FcmConfig, RefusesJsonItCannotParseWithoutQuotingTheSecret) {
  std::string broken = "{\"private_key\": \"-----BEGIN PRIVATE KEY-----\\nSECRETSECRET\", ";
  auto problems = refusal({{"service_account_json", broken}});
  EXPECT_NE(problems.find("service_account_json is not a JSON object"), std::string::npos) << problems;
  EXPECT_EQ(problems.find("SECRETSECRET"), std::string::npos) << problems;
}

TEST(FcmConfig, RefusesUrlsThatAreNotHttp) {
  FakeGoogle google;
  auto problems = refusal({{"service_account_json", google.serviceAccountJson()}, {"base_url", "fcm.googleapis.com"}});
  EXPECT_NE(problems.find("base_url must start with https://"), std::string::npos) << problems;
  problems = refusal({{"service_account_json", google.serviceAccountJson()}, {"token_uri", "ftp://x"}});
  EXPECT_NE(problems.find("token_uri must start with https://"), std::string::npos) << problems;
}

TEST(FcmConfig, RefusesAProjectIdThatWouldChangeTheRequestPath) {
  FakeGoogle google;
  auto problems = refusal({{"service_account_json", google.serviceAccountJson()}, {"project_id", "p/../../x"}});
  EXPECT_NE(problems.find("is not a project id"), std::string::npos) << problems;
}

TEST(FcmConfig, UnknownKeysAndWrongTypesAreRefusedByTheHostWithTheirPosition) {
  FakeGoogle google;
  FcmInstance fcm({{"service_account_json", google.serviceAccountJson()}, {"dry_run", "maybe"}, {"api_key", "x"}});
  EXPECT_FALSE(fcm.started());
  EXPECT_NE(fcm.problems().find("test.yaml:11:9: plugins.instances[0].config.dry_run"), std::string::npos)
      << fcm.problems();
  EXPECT_NE(fcm.problems().find("config.api_key: unknown key"), std::string::npos) << fcm.problems();
}

}  // namespace
}  // namespace sb::test::fcm
