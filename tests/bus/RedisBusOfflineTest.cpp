// RedisBus with no Redis to talk to: it refuses bad configuration up front, and otherwise
// degrades to local delivery, reports why, and stops promptly.
#include <gtest/gtest.h>

#include <chrono>

#include "Inbox.hpp"
#include "bus/Bus.hpp"
#include "bus/RedisBus.hpp"
#include "support/FreePort.hpp"

using namespace std::chrono_literals;
using sb::bus::makeRedisBus;
using sb::bus::RedisOptions;
using sb::bus::test::Inbox;
using sb::bus::test::waitUntil;

namespace {

RedisOptions optionsFor(const std::string& url) {
  RedisOptions options;
  options.url = url;
  options.connect_timeout = 1000ms;
  options.reconnect_initial = 20ms;
  options.reconnect_max = 200ms;
  return options;
}

// A port nothing listens on: connections are refused at once.
std::string unusedUrl(const std::string& password = "") {
  const std::string auth = password.empty() ? "" : ":" + password + "@";
  return "redis://" + auth + "127.0.0.1:" + std::to_string(sb::test::freeTcpPort()) + "/0";
}

double secondsOf(const std::function<void()>& work) {
  const auto start = std::chrono::steady_clock::now();
  work();
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

TEST(RedisBusOffline, RefusesAMalformedUrlOrTlsAtConstruction) {
  EXPECT_THROW(makeRedisBus(optionsFor("redis://h:notaport")), std::invalid_argument);
  EXPECT_THROW(makeRedisBus(optionsFor("rediss://h")), std::invalid_argument);
  EXPECT_THROW(makeRedisBus(optionsFor("")), std::invalid_argument);
}

TEST(RedisBusOffline, RefusesNonsensicalTimeouts) {
  RedisOptions options = optionsFor("redis://h");
  options.connect_timeout = 0ms;
  EXPECT_THROW(makeRedisBus(options), std::invalid_argument);
  options = optionsFor("redis://h");
  options.reconnect_max = 1ms;
  EXPECT_THROW(makeRedisBus(options), std::invalid_argument);
}

TEST(RedisBusOffline, DescribesItselfWithoutThePassword) {
  auto bus = makeRedisBus(optionsFor("redis://:hunter2secret@10.1.2.3:6390/4"));
  EXPECT_EQ(bus->describe(), "redis 10.1.2.3:6390/4");
}

TEST(RedisBusOffline, GeneratesAnInstanceIdWhenNoneIsGiven) {
  sb::bus::RedisBus first(optionsFor("redis://h")), second(optionsFor("redis://h"));
  EXPECT_FALSE(first.instanceId().empty());
  EXPECT_NE(first.instanceId(), second.instanceId());
  RedisOptions named = optionsFor("redis://h");
  named.instance_id = "web-1";
  EXPECT_EQ(sb::bus::RedisBus(named).instanceId(), "web-1");
}

TEST(RedisBusOffline, DeliversLocallyAndReportsTheOutageWhileRedisIsUnreachable) {
  auto bus = makeRedisBus(optionsFor(unusedUrl("hunter2secret")));
  Inbox inbox;
  bus->subscribe("user", inbox.handler());
  bus->start();
  bus->publish("user", "first");
  EXPECT_EQ(inbox.messages(), std::vector<std::string>{"first"});  // synchronously, Redis or not

  // Both connections fail the same way: one reason, with the outage's age.
  const std::string expected = bus->describe() + ": connection refused (since ";
  ASSERT_TRUE(waitUntil([&] { return bus->health().detail.rfind(expected, 0) == 0; })) << bus->health().detail;
  const sb::bus::BusHealth health = bus->health();
  EXPECT_FALSE(health.ok);
  EXPECT_EQ(health.detail.find("hunter2secret"), std::string::npos);

  for (int i = 0; i < 100; ++i) bus->publish("user", "more");
  EXPECT_EQ(inbox.size(), 101u);
  EXPECT_LT(secondsOf([&] { bus->stop(); }), 3.0);
  EXPECT_FALSE(bus->health().ok);
  EXPECT_NO_THROW(bus->stop());  // idempotent
}

TEST(RedisBusOffline, StopIsPromptWhileConnectingToAHostThatDoesNotAnswer) {
  // A non-routable address: the connect either hangs until connect_timeout (and stop() must
  // cut it short) or fails at once when the machine has no route; both must stop promptly.
  RedisOptions options = optionsFor("redis://10.255.255.1:6379");
  options.connect_timeout = 10s;
  auto bus = makeRedisBus(options);
  bus->start();
  std::this_thread::sleep_for(300ms);
  EXPECT_LT(secondsOf([&] { bus->stop(); }), 3.0);
}

TEST(RedisBusOffline, StopWithoutStartAndDestructionWhileRunningAreSafe) {
  auto never = makeRedisBus(optionsFor(unusedUrl()));
  EXPECT_NO_THROW(never->stop());
  auto running = makeRedisBus(optionsFor(unusedUrl()));
  running->start();
  EXPECT_LT(secondsOf([&] { running.reset(); }), 3.0);
}
