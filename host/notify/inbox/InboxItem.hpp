// InboxItem: one in-app notification in a user's inbox — what the inbox API lists and the
// WebSocket pushes.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

namespace sb::notify {

// The built-in channel that writes to the inbox (no plugin, no route needed).
inline constexpr const char* kInAppChannel = "inapp";

struct InboxItem {
  std::string tenant_id;
  std::string user_id;
  std::string notification_id;
  std::string title;      // the rendered subject
  std::string body;       // the rendered text
  std::string data_json;  // the rendered data object; empty for none
  std::string category;
  int64_t created_at = 0;  // when the notification was accepted (Unix ms)
  std::optional<int64_t> delivered_at;  // first pushed to a live socket
  std::optional<int64_t> read_at;
  std::optional<int64_t> archived_at;
  int64_t seq = 0;  // arrival order in the store; 0 until stored

  bool unread() const { return !read_at && !archived_at; }
};

// Identifies an inbox item across tenants (what the delivered-marker batches).
struct InboxRef {
  std::string tenant_id;
  std::string notification_id;
};

}  // namespace sb::notify
