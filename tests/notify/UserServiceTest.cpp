// UserService's API for the delivery engine, and its validation rules.
#include "ContentApi.hpp"

namespace sb::notify::testing {
namespace {

class UserServiceApi : public ContentApi {
 protected:
  void SetUp() override {
    auto r = callA("PUT", "/api/v1/users/alice",
                   R"({"phone":"+15551234567","devices":[{"token":"t1","platform":"ios"},{"token":"t2","platform":"android"}],
                       "preferences":{"opt_out":{"categories":["marketing"]},"quiet_hours":{"start":"22:00","end":"07:00"}}})");
    ASSERT_EQ(r.status, 201) << r.body;
  }
};

TEST_F(UserServiceApi, FindReturnsTheRecipientWithEverythingTheEngineNeeds) {
  auto user = users->find("tenant-a", "alice");
  ASSERT_TRUE(user);
  EXPECT_EQ(user->tenant_id, "tenant-a");
  EXPECT_EQ(user->phone, "+15551234567");
  ASSERT_EQ(user->devices.size(), 2u);
  EXPECT_FALSE(user->preferences.allows("email", "marketing"));
  EXPECT_TRUE(user->preferences.quietHours());
  EXPECT_EQ(user->attributes_json, "{}");
  EXPECT_FALSE(users->find("tenant-b", "alice"));
  EXPECT_FALSE(users->find("tenant-a", "bob"));
  EXPECT_FALSE(users->find("tenant-a", "not a valid id"));
}

TEST_F(UserServiceApi, RecordingAChannelOptOutKeepsTheOtherPreferences) {
  users->recordChannelOptOut("tenant-a", "alice", "sms");
  users->recordChannelOptOut("tenant-a", "alice", "sms");  // idempotent
  auto user = users->find("tenant-a", "alice");
  EXPECT_FALSE(user->preferences.allows("sms", ""));
  EXPECT_EQ(user->preferences.optedOutChannels().size(), 1u);
  EXPECT_FALSE(user->preferences.allows("email", "marketing"));
  EXPECT_TRUE(user->preferences.quietHours());
  // A later profile sync that does not mention preferences keeps the opt-out.
  ASSERT_EQ(callA("PUT", "/api/v1/users/alice", R"({"phone":"+15551234567"})").status, 200);
  EXPECT_FALSE(users->find("tenant-a", "alice")->preferences.allows("sms", ""));
}

TEST_F(UserServiceApi, OptOutsForUnknownUsersAreIgnoredAndUnknownChannelsRefused) {
  EXPECT_NO_THROW(users->recordChannelOptOut("tenant-a", "bob", "sms"));
  EXPECT_NO_THROW(users->recordChannelOptOut("tenant-b", "alice", "sms"));
  EXPECT_TRUE(users->find("tenant-a", "alice")->preferences.allows("sms", ""));
  EXPECT_THROW(users->recordChannelOptOut("tenant-a", "alice", "carrier-pigeon"), Error);
}

TEST_F(UserServiceApi, RemovingADeadDeviceTokenLeavesTheOthers) {
  EXPECT_TRUE(users->removeDevice("tenant-a", "alice", "t1"));
  EXPECT_FALSE(users->removeDevice("tenant-a", "alice", "t1"));
  EXPECT_FALSE(users->removeDevice("tenant-b", "alice", "t2"));
  EXPECT_FALSE(users->removeDevice("tenant-a", "bob", "t2"));
  auto user = users->find("tenant-a", "alice");
  ASSERT_EQ(user->devices.size(), 1u);
  EXPECT_EQ(user->devices[0].token, "t2");
}

TEST(UserRules, E164NumbersOnly) {
  EXPECT_TRUE(UserService::validE164("+1234567"));
  EXPECT_TRUE(UserService::validE164("+491511234567"));
  EXPECT_TRUE(UserService::validE164("+123456789012345"));
  EXPECT_FALSE(UserService::validE164("+1234567890123456"));
  EXPECT_FALSE(UserService::validE164("+123456"));
  EXPECT_FALSE(UserService::validE164("+0123456789"));
  EXPECT_FALSE(UserService::validE164("0049151123456"));
  EXPECT_FALSE(UserService::validE164("+49-151-123456"));
}

TEST(UserRules, UserIds) {
  EXPECT_TRUE(UserService::validUserId("a"));
  EXPECT_TRUE(UserService::validUserId("user:42@shop.example_-"));
  EXPECT_TRUE(UserService::validUserId(std::string(128, 'x')));
  EXPECT_FALSE(UserService::validUserId(""));
  EXPECT_FALSE(UserService::validUserId(std::string(129, 'x')));
  EXPECT_FALSE(UserService::validUserId("a/b"));
  EXPECT_FALSE(UserService::validUserId("a b"));
}

TEST(UserRules, EmailAddresses) {
  EXPECT_TRUE(UserService::validEmail("a@b"));
  EXPECT_TRUE(UserService::validEmail("first.last+tag@mail.example.com"));
  EXPECT_FALSE(UserService::validEmail("no-at-sign"));
  EXPECT_FALSE(UserService::validEmail("@example.com"));
  EXPECT_FALSE(UserService::validEmail("a@"));
  EXPECT_FALSE(UserService::validEmail("a b@example.com"));
  EXPECT_FALSE(UserService::validEmail("a@b@c"));
}

}  // namespace
}  // namespace sb::notify::testing
