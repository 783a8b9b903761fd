// The protocol on top of ClientLoop that both benchmarks share: opening connections in waves
// until each is synced (its first unread_count), and recording what the server sends.
#pragma once

#include "ClientLoop.hpp"
#include "Support.hpp"

#include <Poco/JSON/Parser.h>

#include <iosfwd>

namespace wsb {

// A notification as a socket received it.
struct Receipt {
  std::string id;
  int64_t seq = -1;  // data.seq when the sender put one there
  uint32_t user = 0;
  Clock::time_point at;
};

struct RampResult {
  uint32_t requested = 0, synced = 0, failed = 0, unsynced = 0;
  double seconds = 0;
  std::vector<double> syncMs;  // connect start -> first unread_count, per synced connection
};

class Fleet {
 public:
  Fleet(std::vector<Endpoint> endpoints, AuthStyle auth, std::string extraQuery, TokenSigner signer,
        std::string userPrefix);

  // Opens `conns` connections, `wave` at a time (connection i is user i % users, endpoint
  // i % endpoints), waiting for each wave to sync or fail before the next; logs each wave.
  RampResult ramp(uint32_t conns, uint32_t users, uint32_t wave, Clock::duration syncTimeout, std::ostream& log);

  // Sends {"type":"ping"} on every open connection and waits for the pongs; returns the
  // round trips (ms) of the connections that answered before the timeout.
  std::vector<double> appPingAll(Clock::duration timeout);

  ClientLoop& loop() { return loop_; }
  std::string userId(uint32_t user) const { return prefix_ + std::to_string(user); }
  uint32_t openCount() const;

  // What arrived, by message type.
  uint64_t unreadCounts = 0, pongs = 0, notifications = 0, badJson = 0;
  std::map<std::string, uint64_t> otherTypes;
  std::vector<Receipt> receipts;       // notifications after sync
  uint64_t backlogNotifications = 0;   // notifications before sync (missed ones)
  uint32_t syncedCount = 0;
  bool markRead = false;               // answer each live notification with {"type":"read"}
  uint64_t readsSent = 0;

 private:
  void onText(Connection& c, std::string_view text, Clock::time_point at);

  ClientLoop loop_;
  TokenSigner signer_;
  std::string prefix_;
  Poco::JSON::Parser parser_;
  uint32_t pongsPending_ = 0;
  std::vector<double> pingRtts_;
};

}  // namespace wsb
