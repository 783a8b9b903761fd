// RedisServer must come up, answer, survive a stop/restart on its port, and leave nothing behind.
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>

#include <filesystem>

#include "support/RedisServer.hpp"

using sb::test::RedisServer;
using sb::test::RedisServerOptions;

namespace {

// Sends raw RESP inline commands and returns the first reply line ("" when it cannot connect).
std::string ask(int port, const std::string& commands) {
  try {
    Poco::Net::StreamSocket socket;
    socket.connect(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(port)), Poco::Timespan(1, 0));
    socket.setReceiveTimeout(Poco::Timespan(2, 0));
    socket.sendBytes(commands.data(), static_cast<int>(commands.size()));
    std::string reply;
    char c = 0;
    while (socket.receiveBytes(&c, 1) == 1 && c != '\r') reply += c;
    return reply;
  } catch (const Poco::Exception&) {
    return "";
  }
}

}  // namespace

TEST(RedisServer, StartsAnswersRestartsOnItsPortAndLeavesNothingBehind) {
  std::string why;
  if (!RedisServer::available(&why)) GTEST_SKIP() << why;
  int port = 0;
  std::string folder;
  {
    RedisServer server;
    port = server.port();
    folder = server.folder();
    EXPECT_TRUE(server.running());
    EXPECT_EQ(server.url(), "redis://127.0.0.1:" + std::to_string(port) + "/0");
    EXPECT_EQ(ask(port, "PING\r\n"), "+PONG");

    server.stop();
    EXPECT_FALSE(server.running());
    EXPECT_EQ(ask(port, "PING\r\n"), "");
    server.stop();  // idempotent

    server.restart();
    EXPECT_EQ(server.port(), port);
    EXPECT_EQ(ask(port, "PING\r\n"), "+PONG");
  }
  EXPECT_EQ(ask(port, "PING\r\n"), "");
  EXPECT_FALSE(std::filesystem::exists(folder));
}

TEST(RedisServer, RequiresThePasswordWhenGivenOne) {
  std::string why;
  if (!RedisServer::available(&why)) GTEST_SKIP() << why;
  RedisServer server(RedisServerOptions{.password = "p@ss:word"});
  EXPECT_EQ(server.url(), "redis://:p%40ss%3Aword@127.0.0.1:" + std::to_string(server.port()) + "/0");
  EXPECT_EQ(ask(server.port(), "PING\r\n").rfind("-NOAUTH", 0), 0u);
  EXPECT_EQ(ask(server.port(), "AUTH p@ss:word\r\n"), "+OK");
}

TEST(RedisServer, SharedServerIsOneServer) {
  std::string why;
  if (!RedisServer::available(&why)) GTEST_SKIP() << why;
  EXPECT_EQ(&RedisServer::shared(), &RedisServer::shared());
  EXPECT_EQ(ask(RedisServer::shared().port(), "PING\r\n"), "+PONG");
}
