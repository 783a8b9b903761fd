// InboxWire: the two JSON vocabularies of the live inbox — the bus events instances send
// each other, and the messages a WebSocket client sees (docs/api.md "WebSocket").
#pragma once

#include "notify/inbox/InboxItem.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace sb::ws {

// The bus channel every instance subscribes to.
inline constexpr const char* kInboxChannel = "inbox";

struct InboxBusEvent {
  enum class Kind { Landed, Changed } kind = Kind::Landed;
  std::vector<notify::InboxItem> items;  // Landed
  std::string tenant;                    // Changed
  std::string user;                      // Changed
};

std::string encodeLanded(const std::vector<notify::InboxItem>& items);
std::string encodeChanged(const std::string& tenant, const std::string& user);
// Throws std::exception for a payload that is not an inbox event.
InboxBusEvent decodeBusEvent(const std::string& payload);

// Client messages.
std::string notificationMessage(const notify::InboxItem& item);
std::string unreadCountMessage(int64_t count);
std::string pongMessage();
std::string errorMessage(const std::string& code, const std::string& message);

}  // namespace sb::ws
