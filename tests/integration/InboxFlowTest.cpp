// The in-app inbox end to end: the real binary, a real store (SQLite and PostgreSQL), real
// WebSockets: the inbox API, live push, replay on (re)connect, read state, access rules,
// liveness and slow consumers.
#include "integration/InboxSocket.hpp"
#include "integration/SwitchboardServer.hpp"
#include "support/PostgresServer.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <functional>
#include <thread>

namespace sb::test {
namespace {

using Poco::JSON::Object;
using namespace std::chrono_literals;



InboxSocketOptions socketOptions(std::string token, std::string since = "",
                                 InboxSocketOptions::TokenIn in = InboxSocketOptions::TokenIn::Query,
                                 bool answerPings = true) {
  InboxSocketOptions o;
  o.token = std::move(token);
  o.since = std::move(since);
  o.token_in = in;
  o.answer_pings = answerPings;
  return o;
}

enum class Backend { Sqlite, Postgres };

class InboxFlowTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::Postgres) {
      std::string why;
      if (!PostgresServer::available(&why)) GTEST_SKIP() << why;
    }
  }

  std::unique_ptr<SwitchboardServer> start(const std::string& websocketYaml = "") {
    ServerOptions o;
    if (GetParam() == Backend::Postgres) o.store_url = PostgresServer::shared().createDatabase();
    o.extra_yaml = websocketYaml;
    auto server = std::make_unique<SwitchboardServer>(o);
    key = server->adminKey();
    for (const char* user : {"alice", "bob"}) {
      auto r = httpRequest(server->port(), "PUT", std::string("/api/v1/users/") + user,
                           {{"Authorization", "Bearer " + key}}, R"({"email":"x@example.com"})");
      EXPECT_LT(r.status, 300) << r.body;
    }
    return server;
  }

  std::string token(SwitchboardServer& s, const std::string& user, const std::string& withKey = "") {
    auto r = s.post("/api/v1/tokens", R"({"user_id":")" + user + R"(","ttl_seconds":600})", withKey.empty() ? key : withKey);
    EXPECT_EQ(r.status, 201) << r.body;
    return json(r.body)->getValue<std::string>("token");
  }

  std::string send(SwitchboardServer& s, const std::string& user, const std::string& title,
                   const std::string& extra = "") {
    auto r = s.post("/api/v1/notifications",
                    R"({"user_id":")" + user + R"(","channels":["inapp"],"content":{"subject":")" + title +
                        R"(","text":"body of )" + title + R"(","data":{"n":1}})" + extra + "}",
                    key);
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 ? json(r.body)->getValue<std::string>("id") : "";
  }

  Object::Ptr inbox(SwitchboardServer& s, const std::string& user, const std::string& query = "",
                    const std::string& credential = "") {
    auto r = s.get("/api/v1/users/" + user + "/inbox" + query, credential.empty() ? key : credential);
    EXPECT_EQ(r.status, 200) << r.body;
    return json(r.body);
  }
  int64_t unread(SwitchboardServer& s, const std::string& user) {
    auto r = s.get("/api/v1/users/" + user + "/inbox/count", key);
    EXPECT_EQ(r.status, 200) << r.body;
    return json(r.body)->getValue<Poco::Int64>("unread");
  }
  std::string inappStatus(SwitchboardServer& s, const std::string& id) {
    auto r = s.get("/api/v1/notifications/" + id, key);
    return json(r.body)->getArray("deliveries")->getObject(0)->getValue<std::string>("status");
  }

  std::string key;
};

TEST_P(InboxFlowTest, AnInAppNotificationLandsInTheInboxUnreadAndSentUntilPushed) {
  auto server = start();
  std::string id = send(*server, "alice", "Hello");
  auto page = inbox(*server, "alice");
  auto items = page->getArray("items");
  ASSERT_EQ(items->size(), 1u);
  auto item = items->getObject(0);
  EXPECT_EQ(item->getValue<std::string>("id"), id);
  EXPECT_EQ(item->getValue<std::string>("title"), "Hello");
  EXPECT_EQ(item->getValue<std::string>("body"), "body of Hello");
  EXPECT_EQ(item->getObject("data")->getValue<int>("n"), 1);
  EXPECT_TRUE(item->isNull("read_at"));
  EXPECT_TRUE(item->isNull("delivered_at"));
  EXPECT_EQ(unread(*server, "alice"), 1);
  EXPECT_EQ(unread(*server, "bob"), 0);
  EXPECT_EQ(inappStatus(*server, id), "sent");  // stored, not yet on any screen
}

TEST_P(InboxFlowTest, ALiveSocketReceivesTheNotificationAndItBecomesDelivered) {
  auto server = start();
  InboxSocket socket(server->port(), socketOptions(token(*server, "alice")));
  ASSERT_TRUE(socket.waitForUnread(0));
  std::string id = send(*server, "alice", "Live");
  auto message = socket.nextOfType("notification");
  ASSERT_TRUE(message);
  EXPECT_EQ(message->getValue<std::string>("id"), id);
  EXPECT_EQ(message->getValue<std::string>("title"), "Live");
  EXPECT_EQ(message->getValue<std::string>("body"), "body of Live");
  EXPECT_EQ(message->getObject("data")->getValue<int>("n"), 1);
  EXPECT_FALSE(message->getValue<std::string>("created_at").empty());
  EXPECT_TRUE(socket.waitForUnread(1));
  EXPECT_TRUE(waitFor([&] { return inappStatus(*server, id) == "delivered"; }));
  EXPECT_FALSE(inbox(*server, "alice")->getArray("items")->getObject(0)->isNull("delivered_at"));
  // bob's notification never reaches alice's socket
  send(*server, "bob", "Not yours");
  EXPECT_FALSE(socket.nextOfType("notification", 1s));
}

TEST_P(InboxFlowTest, ConnectingReplaysWhatWasMissedThenGoesLiveWithoutGapOrDuplicate) {
  auto server = start();
  std::string first = send(*server, "alice", "One");
  std::string second = send(*server, "alice", "Two");
  std::string jwt = token(*server, "alice");
  {
    InboxSocket socket(server->port(), socketOptions(jwt));
    auto a = socket.next();
    auto b = socket.next();
    auto count = socket.next();
    ASSERT_TRUE(a && b && count);
    EXPECT_EQ(a->getValue<std::string>("id"), first);  // oldest first
    EXPECT_EQ(b->getValue<std::string>("id"), second);
    EXPECT_EQ(count->getValue<std::string>("type"), "unread_count");
    EXPECT_EQ(count->getValue<int>("count"), 2);
  }
  // Away: one more arrives. Reconnecting after `second` gets only that one.
  std::string third = send(*server, "alice", "Three");
  InboxSocket again(server->port(), socketOptions(jwt, second));
  auto missed = again.next();
  ASSERT_TRUE(missed);
  EXPECT_EQ(missed->getValue<std::string>("id"), third) << server->output();
  auto count = again.next();
  ASSERT_TRUE(count);
  EXPECT_EQ(count->getValue<int>("count"), 3);
  // Then live, once each, while notifications race the connection.
  std::vector<std::string> sent;
  std::thread sender([&] {
    for (int i = 0; i < 20; ++i) sent.push_back(send(*server, "alice", "Burst" + std::to_string(i)));
  });
  std::vector<std::string> got;
  InboxSocket racing(server->port(), socketOptions(jwt, third));
  sender.join();
  while (auto m = racing.nextOfType("notification", 3s)) got.push_back(m->getValue<std::string>("id"));
  EXPECT_EQ(got, sent);
}

TEST_P(InboxFlowTest, ReadingOverTheSocketOrTheApiUpdatesEveryConnectedSocket) {
  auto server = start();
  std::string a = send(*server, "alice", "A");
  std::string b = send(*server, "alice", "B");
  std::string jwt = token(*server, "alice");
  InboxSocket phone(server->port(), socketOptions(jwt, "", InboxSocketOptions::TokenIn::Header));
  InboxSocket laptop(server->port(), socketOptions(jwt, "", InboxSocketOptions::TokenIn::Protocol));
  EXPECT_EQ(laptop.protocol(), "switchboard.v1");
  ASSERT_TRUE(phone.waitForUnread(2));
  ASSERT_TRUE(laptop.waitForUnread(2));

  phone.send(R"({"type":"read","ids":[")" + a + R"("]})");
  EXPECT_TRUE(phone.waitForUnread(1));
  EXPECT_TRUE(laptop.waitForUnread(1));
  EXPECT_EQ(unread(*server, "alice"), 1);

  auto r = server->post("/api/v1/users/alice/inbox/read", R"({"all":true})", jwt);
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r.body)->getValue<int>("updated"), 1);
  EXPECT_EQ(json(r.body)->getValue<int>("unread"), 0);
  EXPECT_TRUE(phone.waitForUnread(0));
  EXPECT_TRUE(laptop.waitForUnread(0));

  auto unreadOnly = inbox(*server, "alice", "?unread=true");
  EXPECT_EQ(unreadOnly->getArray("items")->size(), 0u);
  EXPECT_FALSE(inbox(*server, "alice")->getArray("items")->getObject(0)->isNull("read_at"));

  phone.send(R"({"type":"ping"})");
  EXPECT_TRUE(phone.nextOfType("pong"));
  phone.send(R"({"type":"shout"})");
  auto error = phone.nextOfType("error");
  ASSERT_TRUE(error);
  EXPECT_EQ(error->getValue<std::string>("code"), "unknown_type");
  (void)b;
}

TEST_P(InboxFlowTest, ArchivingRemovesFromTheInboxAndThePagesWalkNewestFirst) {
  auto server = start();
  std::vector<std::string> ids;
  for (int i = 0; i < 5; ++i) ids.push_back(send(*server, "alice", "N" + std::to_string(i)));
  auto r = server->post("/api/v1/users/alice/inbox/" + ids[4] + "/archive", "", key);
  EXPECT_EQ(r.status, 204) << r.body;
  EXPECT_EQ(server->post("/api/v1/users/alice/inbox/ntf_0000/archive", "", key).status, 404);
  EXPECT_EQ(unread(*server, "alice"), 4);

  auto page1 = inbox(*server, "alice", "?limit=3");
  auto items = page1->getArray("items");
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ(items->getObject(0)->getValue<std::string>("id"), ids[3]);
  ASSERT_FALSE(page1->isNull("next_cursor"));
  auto page2 = inbox(*server, "alice", "?limit=3&cursor=" + page1->getValue<std::string>("next_cursor"));
  ASSERT_EQ(page2->getArray("items")->size(), 1u);
  EXPECT_EQ(page2->getArray("items")->getObject(0)->getValue<std::string>("id"), ids[0]);
  EXPECT_TRUE(page2->isNull("next_cursor"));

  auto archived = inbox(*server, "alice", "?archived=true");
  ASSERT_EQ(archived->getArray("items")->size(), 1u);
  EXPECT_EQ(archived->getArray("items")->getObject(0)->getValue<std::string>("id"), ids[4]);
  EXPECT_EQ(server->get("/api/v1/users/alice/inbox?limit=0", key).status, 422);
  EXPECT_EQ(server->get("/api/v1/users/alice/inbox?cursor=zz", key).status, 422);
}

TEST_P(InboxFlowTest, EndUsersReachOnlyTheirOwnInboxAndTenantsNeverMeet) {
  auto server = start();
  send(*server, "alice", "Private");
  std::string alice = token(*server, "alice");
  EXPECT_EQ(inbox(*server, "alice", "", alice)->getArray("items")->size(), 1u);
  EXPECT_EQ(server->get("/api/v1/users/bob/inbox", alice).status, 403);
  EXPECT_EQ(server->get("/api/v1/users/bob/inbox/count", alice).status, 403);
  EXPECT_EQ(server->post("/api/v1/users/bob/inbox/read", R"({"all":true})", alice).status, 403);
  EXPECT_EQ(server->get("/api/v1/users/alice/inbox").status, 401);

  // Another tenant's alice is another person.
  auto tenant = server->post("/api/v1/tenants", R"({"id":"other"})", key);
  ASSERT_EQ(tenant.status, 201) << tenant.body;
  auto otherKey = json(tenant.body)->getObject("admin_key")->getValue<std::string>("key");
  auto other = server->get("/api/v1/users/alice/inbox", otherKey);
  EXPECT_EQ(json(other.body)->getArray("items")->size(), 0u);
  InboxSocket otherSocket(server->port(), socketOptions(token(*server, "alice", otherKey)));
  ASSERT_TRUE(otherSocket.waitForUnread(0));
  send(*server, "alice", "Still private");
  EXPECT_FALSE(otherSocket.nextOfType("notification", 1s));
}

TEST_P(InboxFlowTest, TheUpgradeIsRefusedWithTheErrorEnvelope) {
  auto server = start();
  auto none = tryUpgrade(server->port(), "/api/v1/ws");
  EXPECT_EQ(none.status, 401);
  EXPECT_EQ(json(none.body)->getObject("error")->getValue<std::string>("code"), "unauthenticated");
  EXPECT_EQ(tryUpgrade(server->port(), "/api/v1/ws?access_token=a.b.c").status, 401);
  auto withKey = tryUpgrade(server->port(), "/api/v1/ws", {{"Authorization", "Bearer " + key}});
  EXPECT_EQ(withKey.status, 401);  // an API key is not an end-user token
  EXPECT_EQ(tryUpgrade(server->port(), "/api/v1/ws?since=nope&access_token=" + token(*server, "alice")).status, 422);
  auto plain = server->get("/api/v1/ws?access_token=" + token(*server, "alice"));
  EXPECT_EQ(plain.status, 400);
  EXPECT_EQ(json(plain.body)->getObject("error")->getValue<std::string>("code"), "upgrade_required");
  auto ok = tryUpgrade(server->port(), "/api/v1/ws?access_token=" + token(*server, "alice"));
  EXPECT_EQ(ok.status, 101) << ok.body;
}

TEST_P(InboxFlowTest, ASocketThatStopsAnsweringPingsIsClosed) {
  auto server = start("websocket:\n  ping_interval: 1s\n  missed_pongs: 2\n");
  std::string jwt = token(*server, "alice");
  InboxSocket silent(server->port(), socketOptions(jwt, "", InboxSocketOptions::TokenIn::Query, false));
  InboxSocket healthy(server->port(), socketOptions(jwt));
  // Both are read side by side: the healthy one answers each ping as it reads.
  bool silentClosed = false;
  for (auto until = std::chrono::steady_clock::now() + 8s; !silentClosed && std::chrono::steady_clock::now() < until;) {
    silentClosed = silent.closedWithin(100ms);
    healthy.next(100ms);
  }
  EXPECT_TRUE(silentClosed);
  EXPECT_FALSE(healthy.closedWithin(3s));  // three more pings, answered
  send(*server, "alice", "Still here");
  EXPECT_TRUE(healthy.nextOfType("notification"));
}

TEST_P(InboxFlowTest, AStalledClientIsDroppedWithoutHoldingUpOthers) {
  auto server = start("websocket:\n  send_queue_bytes: 65536\n");
  std::string jwt = token(*server, "alice");
  InboxSocket stalled(server->port(), socketOptions(jwt));  // never reads
  InboxSocket reader(server->port(), socketOptions(jwt));
  ASSERT_TRUE(reader.waitForUnread(0));
  // ~24 MB of notifications: more than the socket buffers hold, far more than the queue.
  const std::string big(60000, 'x');
  int received = 0;
  for (int batch = 0; batch < 25; ++batch) {
    std::string items;
    for (int i = 0; i < 16; ++i) {
      if (!items.empty()) items += ",";
      items += R"({"user_id":"alice","channels":["inapp"],"content":{"subject":"big","text":")" + big + R"("}})";
    }
    auto r = server->post("/api/v1/notifications/batch", R"({"notifications":[)" + items + "]}", key);
    ASSERT_EQ(r.status, 202) << r.body.substr(0, 300);
    while (reader.nextOfType("notification", 200ms)) ++received;
  }
  while (reader.nextOfType("notification", 2s)) ++received;
  EXPECT_EQ(received, 400);
  EXPECT_TRUE(stalled.closedWithin(5s));
}

TEST_P(InboxFlowTest, ScheduledInAppNotificationsGoThroughTheQueueAndQuietHoursDoNotHoldThem) {
  auto server = start();
  auto r = httpRequest(server->port(), "PUT", "/api/v1/users/carol", {{"Authorization", "Bearer " + key}},
                       R"({"timezone":"UTC","preferences":{"quiet_hours":{"start":"00:00","end":"23:59"}}})");
  ASSERT_LT(r.status, 300) << r.body;
  InboxSocket socket(server->port(), socketOptions(token(*server, "carol")));
  ASSERT_TRUE(socket.waitForUnread(0));
  std::string now = send(*server, "carol", "Quiet is fine");
  EXPECT_TRUE(socket.nextOfType("notification", 5s));

  auto sendAt = Poco::Timestamp() + Poco::Timespan(2, 0);
  std::string later = send(*server, "carol", "Later",
                           R"(,"send_at":")" + Poco::DateTimeFormatter::format(sendAt, Poco::DateTimeFormat::ISO8601_FORMAT) + "\"");
  EXPECT_EQ(inbox(*server, "carol")->getArray("items")->size(), 1u);
  auto message = socket.nextOfType("notification", 15s);
  ASSERT_TRUE(message);
  EXPECT_EQ(message->getValue<std::string>("id"), later);
  EXPECT_TRUE(waitFor([&] { return inappStatus(*server, later) == "delivered"; }));
  (void)now;
}

INSTANTIATE_TEST_SUITE_P(Backends, InboxFlowTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto& info) { return info.param == Backend::Sqlite ? "Sqlite" : "Postgres"; });

}  // namespace
}  // namespace sb::test
