// /api/v1/users through the real dispatcher and store: create-or-replace, validation,
// devices, deletion, and tenant isolation.
#include "ContentApi.hpp"

namespace sb::notify::testing {
namespace {

const std::string kAlice = R"({
  "email": "alice@example.com", "phone": "+4915112345678", "locale": "pt-br", "timezone": "Europe/Berlin",
  "devices": [{"token": "tok-ios-1", "platform": "ios"}],
  "preferences": {"opt_out": {"channels": ["sms"], "categories": ["marketing"],
                              "category_channels": {"digest": ["email"]}},
                  "quiet_hours": {"start": "22:00", "end": "07:00"}},
  "attributes": {"plan": "pro", "age": 33, "tags": ["a", "b"]}})";

class UserRoutes : public ContentApi {};

TEST_F(UserRoutes, PutCreatesWith201ThenReplacesWith200) {
  auto created = callA("PUT", "/api/v1/users/alice", kAlice);
  ASSERT_EQ(created.status, 201) << created.body;
  auto replaced = callA("PUT", "/api/v1/users/alice", R"({"email":"alice@new.example"})");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  auto user = parseObject(replaced.body);
  EXPECT_EQ(user->getValue<std::string>("email"), "alice@new.example");
  EXPECT_TRUE(user->isNull("phone"));  // a replace: fields not sent are cleared
  EXPECT_TRUE(user->isNull("timezone"));
}

TEST_F(UserRoutes, GetReturnsEverythingThatWasPut) {
  ASSERT_EQ(callA("PUT", "/api/v1/users/alice", kAlice).status, 201);
  auto got = callA("GET", "/api/v1/users/alice");
  ASSERT_EQ(got.status, 200) << got.body;
  auto user = parseObject(got.body);
  EXPECT_EQ(user->getValue<std::string>("id"), "alice");
  EXPECT_EQ(user->getValue<std::string>("email"), "alice@example.com");
  EXPECT_EQ(user->getValue<std::string>("phone"), "+4915112345678");
  EXPECT_EQ(user->getValue<std::string>("locale"), "pt-BR");  // canonical spelling
  EXPECT_EQ(user->getValue<std::string>("timezone"), "Europe/Berlin");
  auto devices = user->getArray("devices");
  ASSERT_EQ(devices->size(), 1u);
  EXPECT_EQ(devices->getObject(0)->getValue<std::string>("token"), "tok-ios-1");
  EXPECT_EQ(devices->getObject(0)->getValue<std::string>("platform"), "ios");
  auto prefs = user->getObject("preferences");
  EXPECT_EQ(prefs->getObject("opt_out")->getArray("channels")->getElement<std::string>(0), "sms");
  EXPECT_EQ(prefs->getObject("opt_out")->getArray("categories")->getElement<std::string>(0), "marketing");
  EXPECT_EQ(prefs->getObject("opt_out")->getObject("category_channels")->getArray("digest")->getElement<std::string>(0),
            "email");
  EXPECT_EQ(prefs->getObject("quiet_hours")->getValue<std::string>("start"), "22:00");
  EXPECT_EQ(user->getObject("attributes")->getValue<std::string>("plan"), "pro");
  EXPECT_EQ(user->getObject("attributes")->getValue<int>("age"), 33);
  EXPECT_GT(user->getValue<Poco::Int64>("created_at"), 0);

  // What GET returns can be sent back unchanged.
  auto again = callA("PUT", "/api/v1/users/alice", got.body);
  ASSERT_EQ(again.status, 200) << again.body;
  EXPECT_EQ(parseObject(again.body)->getValue<std::string>("phone"), "+4915112345678");
}

TEST_F(UserRoutes, PutWithoutDevicesOrPreferencesKeepsThemAndEmptyOnesClearThem) {
  ASSERT_EQ(callA("PUT", "/api/v1/users/alice", kAlice).status, 201);
  auto kept = parseObject(callA("PUT", "/api/v1/users/alice", R"({"email":"a@example.com"})").body);
  EXPECT_EQ(kept->getArray("devices")->size(), 1u);
  EXPECT_EQ(kept->getObject("preferences")->getObject("opt_out")->getArray("channels")->size(), 1u);

  auto cleared = parseObject(
      callA("PUT", "/api/v1/users/alice", R"({"email":"a@example.com","devices":[],"preferences":null})").body);
  EXPECT_EQ(cleared->getArray("devices")->size(), 0u);
  EXPECT_EQ(cleared->getObject("preferences")->getObject("opt_out")->getArray("channels")->size(), 0u);
  EXPECT_TRUE(cleared->getObject("preferences")->isNull("quiet_hours"));
}

TEST_F(UserRoutes, RejectsAPhoneThatIsNotE164) {
  for (const char* phone : {"015112345678", "+0151123456", "+49 151 1234", "+123456", "+1234567890123456", "+49151abc"}) {
    auto r = callA("PUT", "/api/v1/users/alice", std::string(R"({"phone":")") + phone + R"("})");
    EXPECT_EQ(r.status, 422) << phone;
    EXPECT_EQ(errorDetail(r, "field"), "phone") << phone;
  }
  EXPECT_EQ(callA("PUT", "/api/v1/users/alice", R"({"phone":"+1234567"})").status, 201);
}

TEST_F(UserRoutes, RejectsUnknownTimezonesAndPathsOutOfTheZoneFolder) {
  for (const char* tz : {"Mars/Olympus_Mons", "../../../etc/passwd", "/etc/localtime", "Europe/../../etc/passwd",
                         "zone.tab", "America", "EST5EDT,M3.2.0,M11.1.0"}) {
    auto r = callA("PUT", "/api/v1/users/alice", std::string(R"({"timezone":")") + tz + R"("})");
    EXPECT_EQ(r.status, 422) << tz;
    EXPECT_EQ(errorDetail(r, "field"), "timezone") << tz;
  }
  EXPECT_EQ(callA("PUT", "/api/v1/users/alice", R"({"timezone":"America/Argentina/Buenos_Aires"})").status, 201);
}

TEST_F(UserRoutes, RejectsMalformedLocaleEmailAndUnknownFields) {
  auto r = callA("PUT", "/api/v1/users/alice", R"({"locale":"portuguese"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(errorDetail(r, "field"), "locale");
  r = callA("PUT", "/api/v1/users/alice", R"({"email":"not-an-email"})");
  EXPECT_EQ(errorDetail(r, "field"), "email");
  r = callA("PUT", "/api/v1/users/alice", R"({"emial":"alice@example.com"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(errorDetail(r, "field"), "emial");
  r = callA("PUT", "/api/v1/users/alice", R"({"email":42})");
  EXPECT_EQ(errorDetail(r, "field"), "email");
  r = callA("PUT", "/api/v1/users/alice", R"({"attributes":[1,2]})");
  EXPECT_EQ(errorDetail(r, "field"), "attributes");
}

TEST_F(UserRoutes, RejectsInvalidUserIds) {
  auto r = callA("PUT", "/api/v1/users/" + std::string(129, 'x'), "{}");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(errorDetail(r, "field"), "user_id");
  EXPECT_EQ(callA("PUT", "/api/v1/users/al%20ice", "{}").status, 422);
  EXPECT_EQ(callA("PUT", "/api/v1/users/" + std::string(128, 'x'), "{}").status, 201);
  EXPECT_EQ(callA("PUT", "/api/v1/users/user:42@shop.example_-", "{}").status, 201);
}

TEST_F(UserRoutes, RejectsBadDevicesAndPreferencesNamingTheField) {
  auto r = callA("PUT", "/api/v1/users/alice", R"({"devices":[{"token":"t1","platform":"ios"},{"token":"t2","platform":"blackberry"}]})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(errorDetail(r, "field"), "devices[1].platform");
  r = callA("PUT", "/api/v1/users/alice", R"({"devices":[{"platform":"ios"}]})");
  EXPECT_EQ(errorDetail(r, "field"), "devices[0].token");
  r = callA("PUT", "/api/v1/users/alice", R"({"preferences":{"quiet_hours":{"start":"22:00","end":"24:00"}}})");
  EXPECT_EQ(errorDetail(r, "field"), "preferences.quiet_hours.end");
  EXPECT_EQ(callA("GET", "/api/v1/users/alice").status, 404);  // nothing was stored
}

TEST_F(UserRoutes, DeleteRemovesTheUserAndUnknownUsersAre404) {
  ASSERT_EQ(callA("PUT", "/api/v1/users/alice", kAlice).status, 201);
  EXPECT_EQ(callA("DELETE", "/api/v1/users/alice").status, 204);
  EXPECT_EQ(callA("GET", "/api/v1/users/alice").status, 404);
  EXPECT_EQ(callA("DELETE", "/api/v1/users/alice").status, 404);
  EXPECT_EQ(callA("GET", "/api/v1/users/nobody").status, 404);
  EXPECT_EQ(callA("PUT", "/api/v1/users/alice", R"({})").status, 201);  // a new user again, no old devices
  EXPECT_EQ(parseObject(callA("GET", "/api/v1/users/alice").body)->getArray("devices")->size(), 0u);
}

TEST_F(UserRoutes, AddingADeviceIsIdempotent) {
  ASSERT_EQ(callA("PUT", "/api/v1/users/alice", R"({})").status, 201);
  auto first = callA("POST", "/api/v1/users/alice/devices", R"({"token":"fcm-1","platform":"android"})");
  EXPECT_EQ(first.status, 201) << first.body;
  EXPECT_EQ(parseObject(first.body)->getValue<std::string>("platform"), "android");
  EXPECT_EQ(callA("POST", "/api/v1/users/alice/devices", R"({"token":"fcm-1","platform":"android"})").status, 200);
  EXPECT_EQ(callA("POST", "/api/v1/users/alice/devices", R"({"token":"fcm-1","platform":"web"})").status, 200);
  auto devices = parseObject(callA("GET", "/api/v1/users/alice").body)->getArray("devices");
  ASSERT_EQ(devices->size(), 1u);
  EXPECT_EQ(devices->getObject(0)->getValue<std::string>("platform"), "web");

  auto bad = callA("POST", "/api/v1/users/alice/devices", R"({"token":"x","platform":"pager"})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(errorDetail(bad, "field"), "platform");
  EXPECT_EQ(callA("POST", "/api/v1/users/nobody/devices", R"({"token":"x","platform":"ios"})").status, 404);
}

TEST_F(UserRoutes, RemovingADeviceByPathOrByQuery) {
  ASSERT_EQ(callA("PUT", "/api/v1/users/alice",
                  R"({"devices":[{"token":"apns-1","platform":"ios"},
                                 {"token":"https://push.example/send/abc","platform":"web"}]})")
                .status,
            201);
  EXPECT_EQ(callA("DELETE", "/api/v1/users/alice/devices/apns-1").status, 204);
  EXPECT_EQ(callA("DELETE", "/api/v1/users/alice/devices/apns-1").status, 404);
  // A token holding '/' cannot be a path segment: the query form takes it.
  EXPECT_EQ(callA("DELETE", "/api/v1/users/alice/devices?token=https%3A%2F%2Fpush.example%2Fsend%2Fabc").status, 204);
  EXPECT_EQ(parseObject(callA("GET", "/api/v1/users/alice").body)->getArray("devices")->size(), 0u);
  EXPECT_EQ(callA("DELETE", "/api/v1/users/alice/devices").status, 422);
}

TEST_F(UserRoutes, ATenantNeverSeesAnotherTenantsUser) {
  ASSERT_EQ(callA("PUT", "/api/v1/users/alice", kAlice).status, 201);
  EXPECT_EQ(callB("GET", "/api/v1/users/alice").status, 404);
  EXPECT_EQ(callB("DELETE", "/api/v1/users/alice").status, 404);
  EXPECT_EQ(callB("POST", "/api/v1/users/alice/devices", R"({"token":"evil","platform":"ios"})").status, 404);
  EXPECT_EQ(callB("DELETE", "/api/v1/users/alice/devices/tok-ios-1").status, 404);

  // Tenant B's "alice" is another user altogether.
  ASSERT_EQ(callB("PUT", "/api/v1/users/alice", R"({"email":"b-alice@example.com"})").status, 201);
  auto a = parseObject(callA("GET", "/api/v1/users/alice").body);
  EXPECT_EQ(a->getValue<std::string>("email"), "alice@example.com");
  EXPECT_EQ(a->getArray("devices")->size(), 1u);
  EXPECT_EQ(callB("DELETE", "/api/v1/users/alice").status, 204);
  EXPECT_EQ(callA("GET", "/api/v1/users/alice").status, 200);

  EXPECT_FALSE(users->find("tenant-b", "alice"));
  EXPECT_TRUE(users->find("tenant-a", "alice"));
}

TEST_F(UserRoutes, NeedAnApiKey) {
  EXPECT_EQ(call("GET", "/api/v1/users/alice", "").status, 401);
  EXPECT_EQ(call("PUT", "/api/v1/users/alice", "", "{}").status, 401);
}

}  // namespace
}  // namespace sb::notify::testing
