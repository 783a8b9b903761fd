// InProcessBus: synchronous delivery to every handler of a channel, and nothing else.
#include <gtest/gtest.h>

#include <atomic>
#include <stdexcept>
#include <thread>

#include "bus/Bus.hpp"
#include "Inbox.hpp"

using sb::bus::makeInProcessBus;
using sb::bus::test::Inbox;

TEST(InProcessBus, DeliversToEveryHandlerOfTheChannelBeforePublishReturns) {
  auto bus = makeInProcessBus();
  Inbox first, second, other;
  bus->subscribe("user", first.handler());
  bus->subscribe("user", second.handler());
  bus->subscribe("tenant", other.handler());
  bus->start();
  bus->publish("user", "hello");
  EXPECT_EQ(first.messages(), std::vector<std::string>{"hello"});
  EXPECT_EQ(second.messages(), std::vector<std::string>{"hello"});
  EXPECT_EQ(other.size(), 0u);
  bus->stop();
}

TEST(InProcessBus, PublishingToAChannelNobodyListensToIsFine) {
  auto bus = makeInProcessBus();
  EXPECT_NO_THROW(bus->publish("nobody", "x"));
}

TEST(InProcessBus, AThrowingHandlerDoesNotStopTheOthersNorThePublisher) {
  auto bus = makeInProcessBus();
  Inbox after;
  bus->subscribe("c", [](const std::string&) { throw std::runtime_error("boom"); });
  bus->subscribe("c", after.handler());
  EXPECT_NO_THROW(bus->publish("c", "x"));
  EXPECT_EQ(after.size(), 1u);
}

TEST(InProcessBus, HandlersMaySubscribeWhileBeingCalled) {
  auto bus = makeInProcessBus();
  Inbox late;
  bus->subscribe("c", [&](const std::string&) { bus->subscribe("d", late.handler()); });
  bus->publish("c", "x");
  bus->publish("d", "y");
  EXPECT_EQ(late.messages(), std::vector<std::string>{"y"});
}

TEST(InProcessBus, DeliversFromManyThreads) {
  auto bus = makeInProcessBus();
  std::atomic<int> received{0};
  bus->subscribe("c", [&](const std::string&) { ++received; });
  std::vector<std::thread> publishers;
  for (int t = 0; t < 4; ++t)
    publishers.emplace_back([&] {
      for (int i = 0; i < 1000; ++i) bus->publish("c", "x");
    });
  for (auto& thread : publishers) thread.join();
  EXPECT_EQ(received.load(), 4000);
}

TEST(InProcessBus, IsAlwaysHealthyAndSaysWhatItIs) {
  auto bus = makeInProcessBus();
  EXPECT_TRUE(bus->health().ok);
  EXPECT_EQ(bus->describe(), "in-process");
}
