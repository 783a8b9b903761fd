// PostgresServer must come up, serve, and leave nothing behind.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <filesystem>

#include "support/PostgresServer.hpp"

using sb::test::PostgresServer;

namespace {

bool acceptsConnections(int port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  address.sin_port = htons(static_cast<uint16_t>(port));
  const bool connected = connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof(address)) == 0;
  close(fd);
  return connected;
}

}  // namespace

TEST(PostgresServer, StartsServesAndLeavesNothingBehind) {
  std::string why;
  if (!PostgresServer::available(&why)) GTEST_SKIP() << why;
  int port = 0;
  std::string folder;
  {
    PostgresServer server;
    port = server.port();
    folder = server.folder();
    EXPECT_TRUE(acceptsConnections(port));
    EXPECT_EQ(server.url(), "postgresql://postgres@127.0.0.1:" + std::to_string(port) + "/switchboard");
    EXPECT_EQ(server.createDatabase("named_db"), server.urlFor("named_db"));
    EXPECT_THROW(server.createDatabase("Bad-Name"), std::invalid_argument);
  }
  EXPECT_FALSE(acceptsConnections(port));
  EXPECT_FALSE(std::filesystem::exists(folder));
}
