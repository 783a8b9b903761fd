// Configuration of the webhook plugin: what makes an instance refuse to start, and what
// the host shows of its config.
#include "WebhookTestSupport.hpp"

namespace sb::test {
namespace {

TEST_F(WebhookTest, UrlAndSecretAreRequired) {
  auto why = refusal({{"secret", kSecret}});
  EXPECT_NE(why.find("missing required key 'url'"), std::string::npos) << why;
  why = refusal({{"url", "https://hooks.example.com/x"}});
  EXPECT_NE(why.find("missing required key 'secret'"), std::string::npos) << why;
  why = refusal(configWith({{"secret", ""}}));
  EXPECT_NE(why.find("secret must not be empty"), std::string::npos) << why;
}

TEST_F(WebhookTest, TheUrlMustBeHttpOrHttps) {
  auto why = refusal(configWith({{"url", "ftp://hooks.example.com/x"}}));
  EXPECT_NE(why.find("url must be an http:// or https:// URL"), std::string::npos) << why;
  EXPECT_NE(why.find("test.yaml:3:7"), std::string::npos) << why;
  EXPECT_NE(why.find("refused to start"), std::string::npos) << why;
}

TEST_F(WebhookTest, HeadersMustBeAMapOfStrings) {
  auto why = refusal(configWith({{"headers", R"(["Authorization: x"])", true}}));
  EXPECT_NE(why.find("headers must be a map"), std::string::npos) << why;
  why = refusal(configWith({{"headers", R"({"X-Nested":{"a":1}})", true}}));
  EXPECT_NE(why.find("must be a string"), std::string::npos) << why;
  why = refusal(configWith({{"headers", R"({"Bad Name":"x"})", true}}));
  EXPECT_NE(why.find("not a valid header name"), std::string::npos) << why;
  why = refusal(configWith({{"headers", R"({"X-Smuggle":"a\r\nX-Evil: 1"})", true}}));
  EXPECT_NE(why.find("line break"), std::string::npos) << why;
}

TEST_F(WebhookTest, HeadersTheSignatureDependsOnCannotBeOverridden) {
  for (const char* name : {"content-type", "X-Switchboard-Signature", "X-Switchboard-Notification-Id", "Host"}) {
    auto why = refusal(configWith({{"headers", std::string("{\"") + name + "\":\"x\"}", true}}));
    EXPECT_NE(why.find("cannot be overridden"), std::string::npos) << name << ": " << why;
  }
}

TEST_F(WebhookTest, TheTimeoutMustBeADuration) {
  auto why = refusal(configWith({{"timeout", "soon"}}));
  EXPECT_NE(why.find("expected a duration"), std::string::npos) << why;
}

TEST_F(WebhookTest, SecretAndHeadersAreRedactedInTheInstanceConfig) {
  auto& instance = start({{"headers", R"({"Authorization":"Bearer rcv-token-123"})", true}});
  auto config = instance.config().redacted();
  EXPECT_EQ(config->getValue<std::string>("secret"), "***");
  EXPECT_EQ(config->getValue<std::string>("headers"), "***");
  EXPECT_EQ(config->getValue<std::string>("signature_header"), "X-Switchboard-Signature");
  EXPECT_EQ(config->getValue<std::string>("timeout"), "10s");
}

}  // namespace
}  // namespace sb::test
