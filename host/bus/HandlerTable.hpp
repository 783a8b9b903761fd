// HandlerTable: the handlers registered on one bus, by channel, and their synchronous delivery.
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "bus/Bus.hpp"

namespace sb::bus {

// Thread-safe. Each channel's handler list is an immutable snapshot replaced on add(), so
// deliver() holds the lock only to pick the snapshot up: handlers run unlocked (they may
// even subscribe) and publishers on many threads do not serialise on each other.
class HandlerTable {
 public:
  void add(const std::string& channel, Bus::Handler handler);

  // Calls every handler of `channel` on this thread, in registration order. A handler that
  // throws is logged and the others still run. Returns how many handlers were called.
  std::size_t deliver(const std::string& channel, const std::string& payload) const;

  std::vector<std::string> channels() const;

 private:
  using Handlers = std::vector<Bus::Handler>;
  mutable std::mutex mutex_;
  std::unordered_map<std::string, std::shared_ptr<const Handlers>> byChannel_;
};

}  // namespace sb::bus
