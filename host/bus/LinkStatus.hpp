// LinkStatus: the health of one connection to Redis, and the log lines when it breaks and
// recovers — once per outage, however many operations fail during it.
#pragma once

#include <chrono>
#include <mutex>
#include <string>

namespace sb::bus {

// Thread-safe. Starts "connecting" (not ok, nothing logged yet).
class LinkStatus {
 public:
  struct Snapshot {
    bool ok = false;
    std::string reason;                           // why not ok; empty when ok
    std::chrono::steady_clock::time_point since;  // when it stopped being ok
  };

  // `name` prefixes the log lines ("bus: redis 127.0.0.1:6379/0 subscriber"); `impact`
  // tells operators what an outage means ("this instance misses what others publish").
  LinkStatus(std::string name, std::string impact);

  // A failure. Logs a warning only when this starts an outage; later failures only update
  // the reason.
  void down(const std::string& reason);
  // Connected. Logs when this ends an outage (with how long it lasted) or is the first
  // connection.
  void up();

  Snapshot snapshot() const;

 private:
  const std::string name_;
  const std::string impact_;
  mutable std::mutex mutex_;
  Snapshot state_;
  bool inOutage_ = false;     // an outage has been logged and not yet recovered
  bool everConnected_ = false;
};

}  // namespace sb::bus
