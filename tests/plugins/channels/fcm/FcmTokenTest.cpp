// The OAuth side of the fcm plugin: the signed assertion, the shared token cache, refresh on
// expiry and on 401, and what a failing token endpoint means for a send.
#include "FakeGoogle.hpp"
#include "FcmInstance.hpp"

#include "support/TempDir.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

#include <gtest/gtest.h>

#include <fstream>
#include <regex>
#include <sstream>
#include <thread>

namespace sb::test::fcm {
namespace {

std::vector<std::string> bearerTokensSent(const FakeGoogle& google) {
  std::vector<std::string> tokens;
  for (const auto& r : google.sendRequests()) tokens.push_back(r.headers.at("authorization"));
  return tokens;
}

// The JWT payload exactly as it went over the wire (base64url-decoded, not re-serialised).
std::string assertionPayload(const RecordedRequest& tokenRequest) {
  std::smatch match;
  if (!std::regex_search(tokenRequest.body, match, std::regex("assertion=([^&]+)")))
    throw std::runtime_error("no assertion in " + tokenRequest.body);
  std::string jwt;
  Poco::URI::decode(match[1].str(), jwt);
  auto first = jwt.find('.');
  auto second = jwt.find('.', first + 1);
  std::string part = jwt.substr(first + 1, second - first - 1);
  std::istringstream in(part);
  Poco::Base64Decoder decoder(in, Poco::BASE64_URL_ENCODING | Poco::BASE64_NO_PADDING);
  std::string payload((std::istreambuf_iterator<char>(decoder)), std::istreambuf_iterator<char>());
  return payload;
}

TEST(FcmToken, IsFetchedOnTheFirstSendAndReusedAfterwards) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  ASSERT_TRUE(fcm.started()) << fcm.problems();
  EXPECT_EQ(google.tokenRequests(), 0u);  // starting needs no network

  for (int i = 0; i < 3; ++i) ASSERT_EQ(fcm.send("device-abc").outcome.status, SB_OK) << i;
  EXPECT_EQ(google.tokenRequests(), 1u);
  EXPECT_EQ(bearerTokensSent(google),
            (std::vector<std::string>{"Bearer ya29.fake-1", "Bearer ya29.fake-1", "Bearer ya29.fake-1"}));
  EXPECT_TRUE(google.assertionProblems().empty()) << google.assertionProblems()[0];
}

TEST(FcmToken, AssertionCarriesTheServiceAccountClaimsInWholeSeconds) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  ASSERT_EQ(fcm.send("device-abc").outcome.status, SB_OK);

  auto requests = google.oauth.requests();
  ASSERT_EQ(requests.size(), 1u);
  EXPECT_EQ(requests[0].uri, "/token");
  EXPECT_NE(requests[0].body.find("grant_type=urn%3Aietf%3Aparams%3Aoauth%3Agrant-type%3Ajwt-bearer"),
            std::string::npos)
      << requests[0].body;
  std::string payload = assertionPayload(requests[0]);
  // The raw text, so that "iat":1.7e9 or "iat":1700000000.25 would be caught.
  EXPECT_TRUE(std::regex_search(payload, std::regex(R"("iat":[0-9]+[,}])"))) << payload;
  EXPECT_TRUE(std::regex_search(payload, std::regex(R"("exp":[0-9]+[,}])"))) << payload;
  Poco::JSON::Parser parser;
  auto claims = parser.parse(payload).extract<Poco::JSON::Object::Ptr>();
  EXPECT_EQ(claims->getValue<std::string>("iss"), FakeGoogle::kClientEmail);
  EXPECT_EQ(claims->getValue<std::string>("scope"), FakeGoogle::kScope);
  EXPECT_EQ(claims->getValue<std::string>("aud"), google.tokenUri());
  EXPECT_EQ(claims->getValue<Poco::Int64>("exp") - claims->getValue<Poco::Int64>("iat"), 3600);
}

TEST(FcmToken, ConcurrentSendsShareOneTokenFetch) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  ASSERT_TRUE(fcm.instance().plugin().reentrant());
  std::atomic<int> ok{0};
  std::vector<std::thread> senders;
  for (int t = 0; t < 8; ++t)
    senders.emplace_back([&] {
      for (int i = 0; i < 4; ++i)
        if (fcm.send("device-abc").outcome.status == SB_OK) ++ok;
    });
  for (auto& s : senders) s.join();
  EXPECT_EQ(ok.load(), 32);
  EXPECT_EQ(google.tokenRequests(), 1u);
}

TEST(FcmToken, IsRefreshedWhenItNearsExpiry) {
  FakeGoogle google;
  // Two seconds: the plugin keeps a token this short for half its life (one second).
  google.setTokenLifetime(2);
  FcmInstance fcm(configFor(google));
  ASSERT_EQ(fcm.send("device-abc").outcome.status, SB_OK);
  ASSERT_EQ(fcm.send("device-abc").outcome.status, SB_OK);
  EXPECT_EQ(google.tokenRequests(), 1u);

  std::this_thread::sleep_for(std::chrono::milliseconds(1200));
  ASSERT_EQ(fcm.send("device-abc").outcome.status, SB_OK);
  EXPECT_EQ(google.tokenRequests(), 2u);
  EXPECT_EQ(bearerTokensSent(google).back(), "Bearer ya29.fake-2");
}

TEST(FcmToken, IsRefreshedOnceWhenFcmAnswers401AndTheSendSucceeds) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  ASSERT_EQ(fcm.send("device-abc").outcome.status, SB_OK);
  google.revokeTokens();

  auto result = fcm.send("device-abc");
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_EQ(google.tokenRequests(), 2u);
  EXPECT_EQ(bearerTokensSent(google),
            (std::vector<std::string>{"Bearer ya29.fake-1", "Bearer ya29.fake-1", "Bearer ya29.fake-2"}));
}

TEST(FcmToken, A401WithAFreshTokenIsAPermanentProviderFailure) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  google.fcm.setHandler([](const RecordedRequest&) {
    PeerResponse r;
    r.status = 401;
    r.body = R"({"error":{"code":401,"message":"Request had invalid authentication credentials.","status":"UNAUTHENTICATED"}})";
    return r;
  });
  auto result = fcm.send("device-abc");
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(result.outcome.error.find("401 UNAUTHENTICATED"), std::string::npos) << result.outcome.error;
  EXPECT_EQ(google.tokenRequests(), 2u);  // one refresh, not a loop
  EXPECT_EQ(google.sendRequests().size(), 2u);
}

TEST(FcmToken, TokenEndpointDownIsRetryAndTheNextSendRecovers) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  google.oauth.stop();
  auto result = fcm.send("device-abc");
  EXPECT_EQ(result.outcome.status, SB_RETRY);
  EXPECT_NE(result.outcome.error.find("token endpoint"), std::string::npos) << result.outcome.error;
  EXPECT_TRUE(google.sendRequests().empty());

  google.oauth.start();
  EXPECT_EQ(fcm.send("device-abc").outcome.status, SB_OK);
}

TEST(FcmToken, TokenEndpoint503IsRetryHonouringRetryAfter) {
  FakeGoogle google;
  FcmInstance fcm(configFor(google));
  google.oauth.setHandler([](const RecordedRequest&) {
    PeerResponse r;
    r.status = 503;
    r.body = R"({"error":"internal_failure","error_description":"Backend Error"})";
    r.headers.emplace_back("Retry-After", "30");
    return r;
  });
  auto result = fcm.send("device-abc");
  EXPECT_EQ(result.outcome.status, SB_RETRY);
  EXPECT_EQ(result.outcome.retry_after_ms, 30000);
  EXPECT_NE(result.outcome.error.find("503 internal_failure: Backend Error"), std::string::npos) << result.outcome.error;
}

TEST(FcmToken, AKeyGoogleDoesNotKnowIsAPermanentProviderFailure) {
  FakeGoogle google;
  FcmInstance fcm({{"service_account_json", google.serviceAccountJson(strangerKey().private_pem)},
                   {"base_url", google.fcmBaseUrl()}});
  ASSERT_TRUE(fcm.started()) << fcm.problems();  // a well-formed key; only Google can tell
  auto result = fcm.send("device-abc");
  EXPECT_EQ(result.outcome.status, SB_PERMANENT);
  EXPECT_EQ(result.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(result.outcome.error.find("400 invalid_grant: Invalid JWT Signature."), std::string::npos)
      << result.outcome.error;
  EXPECT_EQ(google.assertionProblems(), std::vector<std::string>{"Invalid JWT Signature."});
  EXPECT_TRUE(google.sendRequests().empty());
}

TEST(FcmToken, HealthFetchesATokenSoRejectedCredentialsShowBeforeASendFails) {
  FakeGoogle google;
  FcmInstance good(configFor(google));
  EXPECT_EQ(good.instance().checkHealth().status, SB_OK);
  FcmInstance rejected({{"service_account_json", google.serviceAccountJson(strangerKey().private_pem)},
                        {"base_url", google.fcmBaseUrl()}});
  auto health = rejected.instance().checkHealth();
  EXPECT_EQ(health.status, SB_PERMANENT);
  EXPECT_NE(health.error.find("invalid_grant"), std::string::npos) << health.error;
}

TEST(FcmToken, AServiceAccountFileWorksLikeInlineJson) {
  FakeGoogle google;
  TempDir dir("sb-fcm-sa");
  std::ofstream(dir.file("key.json")) << google.serviceAccountJson();
  FcmInstance fcm({{"service_account_file", dir.file("key.json")}, {"base_url", google.fcmBaseUrl()}});
  ASSERT_TRUE(fcm.started()) << fcm.problems();
  EXPECT_EQ(fcm.send("device-abc").outcome.status, SB_OK);
  EXPECT_EQ(google.tokenRequests(), 1u);
}

TEST(FcmToken, TokenUriInTheConfigOverridesTheKeyFiles) {
  FakeGoogle google;
  FakeGoogle elsewhere;  // the key file's token_uri: must not be asked
  FcmInstance fcm({{"service_account_json", elsewhere.serviceAccountJson()},
                   {"token_uri", google.tokenUri()},
                   {"base_url", google.fcmBaseUrl()}});
  auto result = fcm.send("device-abc");
  // The assertion's audience is the endpoint actually asked, so Google accepts it.
  ASSERT_EQ(result.outcome.status, SB_OK) << result.outcome.error;
  EXPECT_EQ(google.tokenRequests(), 1u);
  EXPECT_EQ(elsewhere.tokenRequests(), 0u);
}

}  // namespace
}  // namespace sb::test::fcm
