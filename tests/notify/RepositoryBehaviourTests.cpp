// The user and template repositories' contract, for every backend. Instantiated in
// SqliteRepositoryTest.cpp and PostgresRepositoryTest.cpp.
#include "RepositoryBehaviour.hpp"

#include "store/StoreError.hpp"

#include <Poco/JSON/Parser.h>

#include <thread>
#include <vector>

namespace sb::notify::testing {
namespace {

Recipient user(const std::string& tenant, const std::string& id) {
  Recipient r;
  r.tenant_id = tenant;
  r.id = id;
  return r;
}

Preferences preferences(const std::string& json) {
  Poco::JSON::Parser parser;
  return Preferences::fromJson(parser.parse(json).extract<Poco::JSON::Object::Ptr>());
}

TemplateRecord version(const std::string& tenant, const std::string& key, int v, bool deleted = false) {
  return TemplateRecord{tenant, key, v, R"({"key":")" + key + R"(","v":)" + std::to_string(v) + "}", deleted, 1000 + v};
}

TEST_P(RepositoryBehaviour, StoresAUserWithEmptyFieldsAsNullAndReadsItBack) {
  auto u = user("t1", "alice");
  u.phone = "+15551234567";
  u.devices = {Device{"tok", "ios", 0}};
  u.preferences = preferences(R"({"opt_out":{"channels":["sms"]}})");
  u.attributes_json = R"({"plan":"pro"})";
  EXPECT_TRUE(users->put(u, true, true, 5000));
  auto back = users->find("t1", "alice");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->email, "");
  EXPECT_EQ(back->phone, "+15551234567");
  EXPECT_EQ(back->timezone, "");
  ASSERT_EQ(back->devices.size(), 1u);
  EXPECT_EQ(back->devices[0].created_at, 5000);
  EXPECT_FALSE(back->preferences.allows("sms", ""));
  EXPECT_EQ(back->attributes_json, R"({"plan":"pro"})");
  EXPECT_EQ(back->created_at, 5000);
  EXPECT_FALSE(users->find("t2", "alice"));
}

TEST_P(RepositoryBehaviour, ReplacingKeepsPreferencesAndDevicesUnlessAskedAndKeepsCreatedAt) {
  auto u = user("t1", "alice");
  u.devices = {Device{"tok", "ios", 0}};
  u.preferences = preferences(R"({"opt_out":{"channels":["sms"]}})");
  ASSERT_TRUE(users->put(u, true, true, 1000));
  auto profileOnly = user("t1", "alice");
  profileOnly.email = "a@example.com";
  EXPECT_FALSE(users->put(profileOnly, false, false, 2000));
  auto back = users->find("t1", "alice");
  EXPECT_EQ(back->email, "a@example.com");
  EXPECT_EQ(back->devices.size(), 1u);
  EXPECT_FALSE(back->preferences.allows("sms", ""));
  EXPECT_EQ(back->created_at, 1000);
  EXPECT_EQ(back->updated_at, 2000);
  EXPECT_FALSE(users->put(profileOnly, true, true, 3000));
  back = users->find("t1", "alice");
  EXPECT_TRUE(back->devices.empty());
  EXPECT_TRUE(back->preferences.allows("sms", ""));
}

TEST_P(RepositoryBehaviour, DevicesAreAddedOnceAndRemovedPerTenant) {
  ASSERT_TRUE(users->put(user("t1", "alice"), true, true, 1));
  EXPECT_EQ(users->addDevice("t1", "alice", Device{"d1", "ios", 0}, 2), UserRepository::DeviceChange::Added);
  EXPECT_EQ(users->addDevice("t1", "alice", Device{"d1", "web", 0}, 3), UserRepository::DeviceChange::AlreadyPresent);
  EXPECT_EQ(users->addDevice("t2", "alice", Device{"d1", "ios", 0}, 2), UserRepository::DeviceChange::NoSuchUser);
  EXPECT_EQ(users->find("t1", "alice")->devices.at(0).platform, "web");
  EXPECT_FALSE(users->removeDevice("t2", "alice", "d1", 4));
  EXPECT_TRUE(users->removeDevice("t1", "alice", "d1", 4));
  EXPECT_FALSE(users->removeDevice("t1", "alice", "d1", 5));
  EXPECT_FALSE(users->remove("t2", "alice"));
  EXPECT_TRUE(users->remove("t1", "alice"));
  EXPECT_FALSE(users->find("t1", "alice"));
}

TEST_P(RepositoryBehaviour, RemovingAUserRemovesItsDevices) {
  auto u = user("t1", "alice");
  u.devices = {Device{"d1", "ios", 0}, Device{"d2", "android", 0}};
  ASSERT_TRUE(users->put(u, true, true, 1));
  ASSERT_TRUE(users->remove("t1", "alice"));
  ASSERT_TRUE(users->put(user("t1", "alice"), false, false, 2));
  EXPECT_TRUE(users->find("t1", "alice")->devices.empty());
}

TEST_P(RepositoryBehaviour, ConcurrentPreferenceChangesAreNotLost) {
  ASSERT_TRUE(users->put(user("t1", "alice"), true, true, 1));
  const std::vector<std::string> channels = {"email", "sms", "push", "inapp", "webhook"};
  std::vector<std::thread> threads;
  for (const auto& channel : channels) {
    threads.emplace_back([&, channel] {
      users->updatePreferences(
          "t1", "alice",
          [&](const std::string& stored) {
            auto p = Preferences::fromStored(stored);
            std::this_thread::sleep_for(std::chrono::milliseconds(5));  // widen the race window
            p.optOutOfChannel(channel);
            return p.toJsonString();
          },
          2);
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(users->find("t1", "alice")->preferences.optedOutChannels().size(), channels.size());
  EXPECT_FALSE(users->updatePreferences("t2", "alice", [](const std::string& s) { return s; }, 3));
}

TEST_P(RepositoryBehaviour, TemplateVersionsAreImmutableRowsAndTheLatestWins) {
  templates->insert(version("t1", "welcome", 1));
  templates->insert(version("t1", "welcome", 2));
  EXPECT_THROW(templates->insert(version("t1", "welcome", 2)), store::StoreConflict);
  EXPECT_EQ(templates->latest("t1", "welcome")->version, 2);
  EXPECT_EQ(templates->latestVersion("t1", "welcome")->version, 2);
  EXPECT_EQ(templates->find("t1", "welcome", 1)->definition_json, R"({"key":"welcome","v":1})");
  EXPECT_EQ(templates->find("t1", "welcome", 1)->created_at, 1001);
  EXPECT_FALSE(templates->find("t1", "welcome", 3));
  EXPECT_FALSE(templates->latest("t2", "welcome"));
  templates->insert(version("t1", "welcome", 3, true));
  EXPECT_TRUE(templates->latestVersion("t1", "welcome")->deleted);
  EXPECT_TRUE(templates->latest("t1", "welcome")->deleted);
}

TEST_P(RepositoryBehaviour, ListingGivesLiveLatestVersionsInKeyOrderAfterTheCursor) {
  templates->insert(version("t1", "b", 1));
  templates->insert(version("t1", "b", 2));
  templates->insert(version("t1", "a", 1));
  templates->insert(version("t1", "c", 1));
  templates->insert(version("t1", "c", 2, true));
  templates->insert(version("t1", "d", 1));
  templates->insert(version("t2", "e", 1));
  auto all = templates->listLatest("t1", "", 10);
  ASSERT_EQ(all.size(), 3u);
  EXPECT_EQ(all[0].key, "a");
  EXPECT_EQ(all[1].key, "b");
  EXPECT_EQ(all[1].version, 2);
  EXPECT_EQ(all[2].key, "d");
  auto page = templates->listLatest("t1", "a", 1);
  ASSERT_EQ(page.size(), 1u);
  EXPECT_EQ(page[0].key, "b");
}

}  // namespace
}  // namespace sb::notify::testing
