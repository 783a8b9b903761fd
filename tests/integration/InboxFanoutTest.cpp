// Several instances: two real servers on one PostgreSQL and one Redis. A notification
// accepted by one reaches sockets held by the other; unread counts agree; a Redis outage
// degrades (reported in /health/ready) without crashing, each instance keeps serving its
// own sockets, and what was missed is caught up after Redis returns.
#include "integration/InboxSocket.hpp"
#include "integration/SwitchboardServer.hpp"
#include "support/PostgresServer.hpp"
#include "support/RedisServer.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <functional>
#include <thread>

namespace sb::test {
namespace {

using Poco::JSON::Object;
using namespace std::chrono_literals;



InboxSocketOptions tokenOnly(std::string token) {
  InboxSocketOptions o;
  o.token = std::move(token);
  return o;
}

class InboxFanoutTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string why;
    if (!PostgresServer::available(&why)) GTEST_SKIP() << why;
    if (!RedisServer::available(&why)) GTEST_SKIP() << why;
    redis = std::make_unique<RedisServer>();
    ServerOptions o;
    o.store_url = PostgresServer::shared().createDatabase();
    o.extra_yaml = "redis:\n  url: " + redis->url() + "\n";
    a = std::make_unique<SwitchboardServer>(o);
    key = a->adminKey();  // the store is shared: the key works on both
    b = std::make_unique<SwitchboardServer>(o);
    for (const char* user : {"alice", "carol"}) {
      auto r = httpRequest(a->port(), "PUT", std::string("/api/v1/users/") + user, {{"Authorization", "Bearer " + key}},
                           "{}");
      ASSERT_LT(r.status, 300) << r.body;
    }
  }

  std::string token(const std::string& user) {
    auto r = a->post("/api/v1/tokens", R"({"user_id":")" + user + R"(","ttl_seconds":600})", key);
    EXPECT_EQ(r.status, 201) << r.body;
    return json(r.body)->getValue<std::string>("token");
  }
  std::string send(SwitchboardServer& via, const std::string& user, const std::string& title) {
    auto r = via.post("/api/v1/notifications",
                      R"({"user_id":")" + user + R"(","channels":["inapp"],"content":{"subject":")" + title +
                          R"(","text":"t"}})",
                      key);
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 ? json(r.body)->getValue<std::string>("id") : "";
  }
  Object::Ptr ready(SwitchboardServer& s) { return json(s.get("/health/ready").body); }

  std::unique_ptr<RedisServer> redis;
  std::unique_ptr<SwitchboardServer> a;
  std::unique_ptr<SwitchboardServer> b;
  std::string key;
};

TEST_F(InboxFanoutTest, WhatOneInstanceAcceptsReachesSocketsOnTheOtherAndCountsAgree) {
  std::string jwt = token("alice");
  InboxSocket onA(a->port(), tokenOnly(jwt));
  InboxSocket onB(b->port(), tokenOnly(jwt));
  ASSERT_TRUE(onA.waitForUnread(0));
  ASSERT_TRUE(onB.waitForUnread(0));

  std::string id = send(*a, "alice", "Across");
  auto there = onB.nextOfType("notification");
  ASSERT_TRUE(there) << "B never got what A accepted";
  EXPECT_EQ(there->getValue<std::string>("id"), id);
  auto here = onA.nextOfType("notification");
  ASSERT_TRUE(here);
  EXPECT_EQ(here->getValue<std::string>("id"), id);
  EXPECT_FALSE(onA.nextOfType("notification", 500ms)) << "delivered twice on A (local + Redis echo)";
  EXPECT_TRUE(onA.waitForUnread(1));
  EXPECT_TRUE(onB.waitForUnread(1));

  // Read on B: A's socket hears the new count too.
  onB.send(R"({"type":"read","ids":[")" + id + R"("]})");
  EXPECT_TRUE(onB.waitForUnread(0));
  EXPECT_TRUE(onA.waitForUnread(0));
  EXPECT_EQ(ready(*a)->getValue<std::string>("status"), "ready");
}

TEST_F(InboxFanoutTest, ARedisOutageDegradesButServesLocalSocketsAndCatchesUpAfterward) {
  InboxSocket aliceOnA(a->port(), tokenOnly(token("alice")));
  InboxSocket carolOnB(b->port(), tokenOnly(token("carol")));
  ASSERT_TRUE(aliceOnA.waitForUnread(0));
  ASSERT_TRUE(carolOnB.waitForUnread(0));

  redis->stop();
  ASSERT_TRUE(waitFor([&] { return ready(*a)->optValue<std::string>("status", "") == "degraded"; }, 20s))
      << a->get("/health/ready").body;
  auto health = a->get("/health/ready");
  EXPECT_EQ(health.status, 200);  // degraded, still in the load balancer
  EXPECT_NE(json(health.body)->getObject("details")->getValue<std::string>("bus").find("redis"), std::string::npos);

  // A still serves its own sockets.
  std::string local = send(*a, "alice", "Local during outage");
  auto mine = aliceOnA.nextOfType("notification");
  ASSERT_TRUE(mine);
  EXPECT_EQ(mine->getValue<std::string>("id"), local);
  // Carol is on B: nothing can carry it there now, but it is safe in her inbox.
  std::string missed = send(*a, "carol", "Missed during outage");

  redis->restart();
  ASSERT_TRUE(waitFor([&] { return ready(*a)->getValue<std::string>("status") == "ready"; }));
  ASSERT_TRUE(waitFor([&] { return ready(*b)->getValue<std::string>("status") == "ready"; }));
  // B caught up its sockets after reconnecting.
  auto caughtUp = carolOnB.nextOfType("notification", 20s);
  ASSERT_TRUE(caughtUp);
  EXPECT_EQ(caughtUp->getValue<std::string>("id"), missed);
  // And live fan-out works again.
  std::string after = send(*a, "carol", "After");
  auto live = carolOnB.nextOfType("notification");
  ASSERT_TRUE(live);
  EXPECT_EQ(live->getValue<std::string>("id"), after);
  EXPECT_TRUE(a->running());
  EXPECT_TRUE(b->running());
}

}  // namespace
}  // namespace sb::test
