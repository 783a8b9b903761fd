// RedisBus against a real redis-server that goes away: restarts, dropped connections, idle
// heartbeats, starting while it is down, stopping while it is down.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <thread>

#include "RedisInstance.hpp"
#include "bus/RedisConnection.hpp"
#include "bus/RedisUrl.hpp"

using namespace std::chrono_literals;
using namespace sb::bus::test;
using sb::test::RedisServer;

TEST(RedisBus, RidesOutARedisRestart) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  RedisServer server;
  Instance a(server.url(), "a"), b(server.url(), "b");
  ASSERT_TRUE(waitUntil([&] { return a.healthy() && b.healthy(); }));
  a.bus->publish("user", "before");
  ASSERT_TRUE(b.inbox.waitFor(1));

  server.stop();
  ASSERT_TRUE(waitUntil([&] { return !a.healthy() && !b.healthy(); }));
  const std::string detail = a.bus->health().detail;
  EXPECT_EQ(detail.rfind(a.bus->describe() + ": ", 0), 0u) << detail;
  EXPECT_NE(detail.find(" (since "), std::string::npos) << detail;

  // Local delivery goes on, and publishing does not wait for Redis.
  auto slowest = 0ms;
  for (int i = 0; i < 50; ++i) {
    const auto start = std::chrono::steady_clock::now();
    a.bus->publish("user", "during");
    slowest = std::max(slowest, std::chrono::duration_cast<std::chrono::milliseconds>(
                                    std::chrono::steady_clock::now() - start));
  }
  EXPECT_LT(slowest, kConnectTimeout);
  EXPECT_EQ(a.inbox.size(), 51u);
  std::printf("[ timing   ] slowest publish during the outage: %lld ms\n", static_cast<long long>(slowest.count()));

  server.restart();
  ASSERT_TRUE(waitUntil([&] { return a.healthy() && b.healthy(); }, 20s)) << a.bus->health().detail;
  EXPECT_TRUE(waitUntil([&] { return a.reconnects == 1 && b.reconnects == 1; }));
  a.bus->publish("user", "after");
  ASSERT_TRUE(b.inbox.waitFor(2));
  // B had published nothing since the outage: its first message must not be the one that
  // finds out the old connection is dead.
  b.bus->publish("user", "b-after");
  ASSERT_TRUE(a.inbox.waitFor(53));
  EXPECT_EQ(b.inbox.messages(), (Strings{"before", "after", "b-after"}));
  EXPECT_EQ(a.inbox.messages().back(), "b-after");
}

TEST(RedisBus, ResubscribesAndTellsListenersWhenRedisDropsTheSubscription) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  const std::string url = RedisServer::shared().url();
  Instance a(url, "a"), b(url, "b");
  ASSERT_TRUE(waitUntil([&] { return a.healthy() && b.healthy(); }));
  auto admin = sb::bus::RedisConnection::open(sb::bus::parseRedisUrl(url), kConnectTimeout);
  admin->execute({"CLIENT", "KILL", "TYPE", "pubsub"});
  admin->execute({"CLIENT", "KILL", "TYPE", "normal"});  // the publishers (not this one)
  ASSERT_TRUE(waitUntil([&] { return a.reconnects == 1 && b.reconnects == 1; }));
  ASSERT_TRUE(waitUntil([&] { return a.healthy() && b.healthy(); }));
  a.bus->publish("user", "after-kill");
  ASSERT_TRUE(b.inbox.waitFor(1));
  EXPECT_EQ(b.inbox.messages(), Strings{"after-kill"});
}

TEST(RedisBus, StaysConnectedThroughIdleHeartbeats) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  const std::string url = RedisServer::shared().url();
  Instance a(url, "a"), b(url, "b");
  ASSERT_TRUE(waitUntil([&] { return a.healthy() && b.healthy(); }));
  std::this_thread::sleep_for(6500ms);  // past the 5 s after which both connections PING
  EXPECT_TRUE(a.healthy()) << a.bus->health().detail;
  EXPECT_EQ(a.reconnects + b.reconnects, 0);
  a.bus->publish("user", "still-there");
  ASSERT_TRUE(b.inbox.waitFor(1));
}

TEST(RedisBus, StartsDegradedWhileRedisIsDownAndConnectsWhenItComesUp) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  RedisServer server;
  server.stop();
  Instance a(server.url(), "a");
  ASSERT_TRUE(waitUntil([&] { return a.bus->health().detail.find("connection refused") != std::string::npos; }))
      << a.bus->health().detail;
  server.restart();
  ASSERT_TRUE(waitUntil([&] { return a.healthy(); }, 20s)) << a.bus->health().detail;
  // Messages may have been missed while it was down: listeners resynchronise.
  EXPECT_TRUE(waitUntil([&] { return a.reconnects == 1; }));
}

TEST(RedisBus, StopIsPromptWhileRedisIsDown) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  RedisServer server;
  Instance a(server.url(), "a");
  ASSERT_TRUE(waitUntil([&] { return a.healthy(); }));
  server.stop();
  ASSERT_TRUE(waitUntil([&] { return !a.healthy(); }));
  const auto start = std::chrono::steady_clock::now();
  a.bus->stop();
  EXPECT_LT(secondsSince(start), 3.0);
}
