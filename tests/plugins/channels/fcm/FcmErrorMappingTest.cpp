// FCM's error answers, as the host sees them after the fcm plugin: retry (and when), fail
// over to another provider, fail the delivery, or remove the device token.
#include "FakeGoogle.hpp"
#include "FcmInstance.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/Timespan.h>
#include <Poco/Timestamp.h>

#include <gtest/gtest.h>

namespace sb::test::fcm {
namespace {

class FcmErrors : public ::testing::Test {
 protected:
  plugin::SendResult send(const std::string& device) { return fcm.send(device); }

  FakeGoogle google;
  FcmInstance fcm{configFor(google)};
};

TEST_F(FcmErrors, UnregisteredTokenIsRecipientGoneSoTheHostRemovesIt) {
  auto r = send(device::kUnregistered);
  EXPECT_EQ(r.outcome.status, SB_PERMANENT);
  EXPECT_EQ(r.failure, SB_FAILURE_RECIPIENT_GONE);
  EXPECT_NE(r.outcome.error.find("404 NOT_FOUND UNREGISTERED: Requested entity was not found."), std::string::npos)
      << r.outcome.error;
}

TEST_F(FcmErrors, NotFoundFromFcmWithoutDetailsStillMeansTheTokenIsGone) {
  google.fcm.setHandler([](const RecordedRequest&) {
    PeerResponse p;
    p.status = 404;
    p.body = R"({"error":{"code":404,"message":"Requested entity was not found.","status":"NOT_FOUND"}})";
    return p;
  });
  auto r = send("device-abc");
  EXPECT_EQ(r.outcome.status, SB_PERMANENT);
  EXPECT_EQ(r.failure, SB_FAILURE_RECIPIENT_GONE);
}

TEST_F(FcmErrors, AnHtmlNotFoundIsAProviderFailureNeverAGoneToken) {
  // A wrong base_url must not make the host delete every user's device token.
  FcmInstance misconfigured({{"service_account_json", google.serviceAccountJson()},
                             {"base_url", google.fcmBaseUrl() + "/fcm"}});
  auto r = misconfigured.send("device-abc");
  EXPECT_EQ(r.outcome.status, SB_PERMANENT);
  EXPECT_EQ(r.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(r.outcome.error.find("base_url"), std::string::npos) << r.outcome.error;
}

TEST_F(FcmErrors, InvalidArgumentIsARecipientError) {
  auto r = send(device::kMalformed);
  EXPECT_EQ(r.outcome.status, SB_PERMANENT);
  EXPECT_EQ(r.failure, SB_FAILURE_RECIPIENT);
  EXPECT_NE(r.outcome.error.find("not a valid FCM registration token"), std::string::npos) << r.outcome.error;
}

TEST_F(FcmErrors, SenderIdMismatchIsAPermanentProviderFailure) {
  auto r = send(device::kOtherSender);
  EXPECT_EQ(r.outcome.status, SB_PERMANENT);
  EXPECT_EQ(r.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(r.outcome.error.find("SENDER_ID_MISMATCH"), std::string::npos) << r.outcome.error;
}

TEST_F(FcmErrors, ThirdPartyAuthErrorIsAProviderFailureWithoutATokenRefresh) {
  auto r = send(device::kApnsAuth);
  EXPECT_EQ(r.outcome.status, SB_PERMANENT);
  EXPECT_EQ(r.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(r.outcome.error.find("THIRD_PARTY_AUTH_ERROR"), std::string::npos) << r.outcome.error;
  EXPECT_EQ(google.tokenRequests(), 1u);  // the 401 is about APNs credentials, not our token
  EXPECT_EQ(google.sendRequests().size(), 1u);
}

TEST_F(FcmErrors, PermissionDeniedIsAPermanentProviderFailure) {
  google.fcm.setHandler([](const RecordedRequest&) {
    PeerResponse p;
    p.status = 403;
    p.body = R"({"error":{"code":403,"message":"Permission 'cloudmessaging.messages.create' denied on resource",)"
             R"("status":"PERMISSION_DENIED"}})";
    return p;
  });
  auto r = send("device-abc");
  EXPECT_EQ(r.outcome.status, SB_PERMANENT);
  EXPECT_EQ(r.failure, SB_FAILURE_PROVIDER);
  EXPECT_NE(r.outcome.error.find("PERMISSION_DENIED"), std::string::npos) << r.outcome.error;
}

TEST_F(FcmErrors, QuotaExceededIsRetryNotBeforeRetryAfter) {
  auto r = send(device::kQuota);
  EXPECT_EQ(r.outcome.status, SB_RETRY);
  EXPECT_EQ(r.outcome.retry_after_ms, 17000);
  EXPECT_NE(r.outcome.error.find("QUOTA_EXCEEDED"), std::string::npos) << r.outcome.error;
}

TEST_F(FcmErrors, UnavailableIsRetryNotBeforeRetryAfter) {
  auto r = send(device::kUnavailable);
  EXPECT_EQ(r.outcome.status, SB_RETRY);
  EXPECT_EQ(r.outcome.retry_after_ms, 5000);
}

TEST_F(FcmErrors, InternalErrorIsRetryLeavingTheDelayToTheHost) {
  auto r = send(device::kInternal);
  EXPECT_EQ(r.outcome.status, SB_RETRY);
  EXPECT_FALSE(r.outcome.retry_after_ms.has_value());
  EXPECT_NE(r.outcome.error.find("500 INTERNAL"), std::string::npos) << r.outcome.error;
}

TEST_F(FcmErrors, RetryAfterAsAnHttpDateIsHonoured) {
  Poco::Timestamp at;
  at += Poco::Timespan(60, 0);
  const std::string date = Poco::DateTimeFormatter::format(at, Poco::DateTimeFormat::HTTP_FORMAT);
  google.fcm.setHandler([date](const RecordedRequest&) {
    PeerResponse p;
    p.status = 503;
    p.body = R"({"error":{"code":503,"message":"The service is currently unavailable.","status":"UNAVAILABLE"}})";
    p.headers.emplace_back("Retry-After", date);
    return p;
  });
  auto r = send("device-abc");
  EXPECT_EQ(r.outcome.status, SB_RETRY);
  ASSERT_TRUE(r.outcome.retry_after_ms.has_value());
  EXPECT_GT(*r.outcome.retry_after_ms, 55000);  // an HTTP date has whole seconds
  EXPECT_LE(*r.outcome.retry_after_ms, 60000);
}

TEST_F(FcmErrors, FcmUnreachableIsRetry) {
  google.fcm.stop();
  auto r = send("device-abc");
  EXPECT_EQ(r.outcome.status, SB_RETRY);
}

TEST_F(FcmErrors, AfterAnErrorTheNextMessageIsSentNormally) {
  EXPECT_EQ(send(device::kUnregistered).outcome.status, SB_PERMANENT);
  auto r = send("device-abc");
  EXPECT_EQ(r.outcome.status, SB_OK) << r.outcome.error;
  EXPECT_EQ(r.failure, SB_FAILURE_PROVIDER);  // untouched on success
  EXPECT_EQ(fcm.instance().health().state, plugin::InstanceState::Running);
}

}  // namespace
}  // namespace sb::test::fcm
