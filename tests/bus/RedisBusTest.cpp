// RedisBus against a real redis-server: delivery across instances (exactly once, in order),
// channels and prefixes, authentication, throughput, and the connection helper.
#include <gtest/gtest.h>

#include <chrono>
#include <cstdio>
#include <thread>
#include <vector>

#include "RedisInstance.hpp"
#include "bus/RedisConnection.hpp"
#include "bus/RedisUrl.hpp"

using namespace std::chrono_literals;
using namespace sb::bus::test;
using sb::bus::Bus;
using sb::bus::makeRedisBus;
using sb::bus::RedisOptions;
using sb::test::RedisServer;
using sb::test::RedisServerOptions;

TEST(RedisBus, PublishReachesAnotherInstanceOnceAndTheLocalHandlerOnce) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  const std::string url = RedisServer::shared().url();
  Instance a(url, "instance-a"), b(url, "instance-b");
  ASSERT_TRUE(waitUntil([&] { return a.healthy() && b.healthy(); })) << a.bus->health().detail;

  a.bus->publish("user", "hello");
  EXPECT_EQ(a.inbox.messages(), Strings{"hello"});  // locally, before publish returned
  ASSERT_TRUE(b.inbox.waitFor(1));
  // Redis keeps the order of what it received: once each has the other's later message, an
  // echo of its own earlier one would have arrived already. None may.
  b.bus->publish("user", "from-b");
  ASSERT_TRUE(a.inbox.waitFor(2));
  a.bus->publish("user", "last");
  ASSERT_TRUE(b.inbox.waitFor(3));
  EXPECT_EQ(a.inbox.messages(), (Strings{"hello", "from-b", "last"}));
  EXPECT_EQ(b.inbox.messages(), (Strings{"hello", "from-b", "last"}));
  EXPECT_EQ(a.reconnects, 0);  // not called on the first connect
}

TEST(RedisBus, KeepsChannelsAndKeyPrefixesApart) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  const std::string url = RedisServer::shared().url();
  RedisOptions otherPrefix = optionsFor(url, "c");
  otherPrefix.key_prefix = "other-deployment";
  auto a = makeRedisBus(optionsFor(url, "a"));
  auto b = makeRedisBus(optionsFor(url, "b"));
  auto c = makeRedisBus(otherPrefix);
  Inbox bUser, bTenant, cUser;
  b->subscribe("user", bUser.handler());
  b->subscribe("tenant", bTenant.handler());
  c->subscribe("user", cUser.handler());
  for (Bus* bus : {a.get(), b.get(), c.get()}) bus->start();
  ASSERT_TRUE(waitUntil([&] { return a->health().ok && b->health().ok && c->health().ok; }));

  a->publish("user", "u1");
  a->publish("tenant", "t1");
  c->publish("user", "from-other-deployment");
  a->publish("user", "u2");
  ASSERT_TRUE(bUser.waitFor(2));
  ASSERT_TRUE(bTenant.waitFor(1));
  EXPECT_EQ(bUser.messages(), (Strings{"u1", "u2"}));
  EXPECT_EQ(bTenant.messages(), Strings{"t1"});
  EXPECT_EQ(cUser.messages(), Strings{"from-other-deployment"});  // its own, locally
  for (Bus* bus : {a.get(), b.get(), c.get()}) bus->stop();
}

TEST(RedisBus, PicksUpAChannelSubscribedAfterStart) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  const std::string url = RedisServer::shared().url();
  Instance a(url, "a"), b(url, "b");
  ASSERT_TRUE(waitUntil([&] { return a.healthy() && b.healthy(); }));
  Inbox late;
  b.bus->subscribe("late", late.handler());
  EXPECT_TRUE(waitUntil([&] {
    a.bus->publish("late", "x");
    return late.size() > 0;
  }));
  b.bus->stop();  // before `late` goes away
}

TEST(RedisBus, IgnoresMessagesThatAreNotBusEnvelopes) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  const std::string url = RedisServer::shared().url();
  Instance a(url, "a"), b(url, "b");
  ASSERT_TRUE(waitUntil([&] { return a.healthy() && b.healthy(); }));
  auto raw = sb::bus::RedisConnection::open(sb::bus::parseRedisUrl(url), kConnectTimeout);
  raw->execute({"PUBLISH", "switchboard:user", "typed by hand in redis-cli"});
  a.bus->publish("user", "real");
  ASSERT_TRUE(b.inbox.waitFor(1));
  EXPECT_EQ(b.inbox.messages(), Strings{"real"});
}

TEST(RedisBus, ThousandMessagesArriveInOrder) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  const std::string url = RedisServer::shared().url();
  Instance a(url, "a", {}), b(url, "b");
  ASSERT_TRUE(waitUntil([&] { return a.healthy() && b.healthy(); }));
  Strings sent;
  for (int i = 0; i < 1000; ++i) sent.push_back("message-" + std::to_string(i));
  const auto start = std::chrono::steady_clock::now();
  for (const std::string& message : sent) a.bus->publish("user", message);
  ASSERT_TRUE(b.inbox.waitFor(sent.size(), 30s)) << b.inbox.size() << " arrived";
  std::printf("[ timing   ] 1,000 messages A -> B in %.1f ms\n", secondsSince(start) * 1000);
  EXPECT_EQ(b.inbox.messages(), sent);
}

TEST(RedisBus, PublishThroughputFromOneAndFromManyThreads) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  const std::string url = RedisServer::shared().url();
  Instance a(url, "a", {}), b(url, "b");
  ASSERT_TRUE(waitUntil([&] { return a.healthy() && b.healthy(); }));

  constexpr int kSingle = 20000;
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kSingle; ++i) a.bus->publish("user", "s" + std::to_string(i));
  const double single = kSingle / secondsSince(start);
  ASSERT_TRUE(b.inbox.waitFor(kSingle, 60s)) << b.inbox.size() << " arrived";
  std::printf("[ timing   ] one thread: %.0f publishes/s\n", single);

  constexpr int kThreads = 4, kEach = 5000;
  start = std::chrono::steady_clock::now();
  std::vector<std::thread> publishers;
  for (int t = 0; t < kThreads; ++t)
    publishers.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) a.bus->publish("user", "t" + std::to_string(t) + ":" + std::to_string(i));
    });
  for (auto& thread : publishers) thread.join();
  const double many = kThreads * kEach / secondsSince(start);
  ASSERT_TRUE(b.inbox.waitFor(kSingle + kThreads * kEach, 60s)) << b.inbox.size() << " arrived";
  std::printf("[ timing   ] %d threads: %.0f publishes/s\n", kThreads, many);

  // Each thread's messages keep their order.
  std::vector<int> next(kThreads, 0);
  const Strings received = b.inbox.messages();
  for (std::size_t i = kSingle; i < received.size(); ++i) {
    const int thread = received[i][1] - '0';
    EXPECT_EQ(received[i], "t" + std::to_string(thread) + ":" + std::to_string(next[thread]++));
  }
  // Only a gross regression (e.g. Nagle's 40 ms per publish) could fail this bound.
  EXPECT_GT(single, 500.0);
}

TEST(RedisBus, AuthenticatesAndReportsAWrongPasswordWithoutShowingIt) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  RedisServer server(RedisServerOptions{.password = "correct-horse"});
  Instance a(server.url(), "a"), b(server.url(), "b");
  ASSERT_TRUE(waitUntil([&] { return a.healthy() && b.healthy(); })) << a.bus->health().detail;
  a.bus->publish("user", "authenticated");
  ASSERT_TRUE(b.inbox.waitFor(1));

  auto wrong = makeRedisBus(optionsFor(server.urlWithPassword("wrong-battery"), "w"));
  wrong->start();
  ASSERT_TRUE(waitUntil([&] { return wrong->health().detail.find("authentication failed") != std::string::npos; }))
      << wrong->health().detail;
  const std::string detail = wrong->health().detail;
  EXPECT_FALSE(wrong->health().ok);
  EXPECT_NE(detail.find("WRONGPASS"), std::string::npos) << detail;
  EXPECT_EQ(detail.find("wrong-battery"), std::string::npos) << detail;
  EXPECT_EQ(detail.find("correct-horse"), std::string::npos) << detail;
  wrong->stop();

  auto none = makeRedisBus(optionsFor(server.urlWithPassword(""), "n"));
  none->start();
  EXPECT_TRUE(waitUntil([&] { return none->health().detail.find("NOAUTH") != std::string::npos; }))
      << none->health().detail;
  none->stop();
}

TEST(RedisConnection, SelectsTheDatabaseFromTheUrl) {
  std::string why;
  if (redisMissing(&why)) GTEST_SKIP() << why;
  const int port = RedisServer::shared().port();
  auto urlFor = [&](int db) {
    return sb::bus::parseRedisUrl("redis://127.0.0.1:" + std::to_string(port) + "/" + std::to_string(db));
  };
  auto three = sb::bus::RedisConnection::open(urlFor(3), kConnectTimeout);
  three->execute({"SET", "sb-bus-test-key", "in-3", "EX", "60"});
  auto zero = sb::bus::RedisConnection::open(urlFor(0), kConnectTimeout);
  EXPECT_FALSE(zero->execute({"GET", "sb-bus-test-key"})->isError());
  EXPECT_EQ(zero->execute({"EXISTS", "sb-bus-test-key"})->toString(), ":0\r\n");
  EXPECT_EQ(three->execute({"EXISTS", "sb-bus-test-key"})->toString(), ":1\r\n");
  try {
    sb::bus::RedisConnection::open(urlFor(999), kConnectTimeout);
    ADD_FAILURE() << "SELECT 999 should fail";
  } catch (const sb::bus::RedisError& e) {
    EXPECT_NE(std::string(e.what()).find("DB index is out of range"), std::string::npos) << e.what();
  }
}
