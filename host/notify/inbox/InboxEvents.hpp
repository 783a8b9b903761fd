// InboxEvents: what the inbox tells the live transport. The domain calls it after its
// changes are committed; the WebSocket hub implements it (over the bus, so every instance
// hears it). Implementations must not throw and must not block for long.
#pragma once

#include "notify/inbox/InboxItem.hpp"

#include <string>
#include <vector>

namespace sb::notify {

class InboxEvents {
 public:
  virtual ~InboxEvents() = default;
  // New items are in their users' inboxes (committed).
  virtual void landed(const std::vector<InboxItem>& items) = 0;
  // A user's inbox changed (read, archived): unread counts are stale.
  virtual void changed(const std::string& tenant, const std::string& user) = 0;
};

}  // namespace sb::notify
