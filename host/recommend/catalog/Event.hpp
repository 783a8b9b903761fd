// Event: one user-item interaction (table events) — the types, what is written, and the rows
// the training and serving side read back.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::recommend {

enum class EventType { View, Click, Purchase, Rating, Watch, WatchlistAdd, WatchlistRemove };

// "view", "click", "purchase", "rating", "watch", "watchlist_add", "watchlist_remove".
std::string_view eventTypeName(EventType type);
std::optional<EventType> parseEventType(std::string_view name);
// "view | click | ..." for error messages.
const std::string& eventTypeList();

// One event as stored. `weight` is computed when it arrives (config may change later; training
// reads the stored weight).
struct Event {
  std::string user_id;
  std::string item_id;
  EventType type = EventType::View;
  std::optional<double> value;  // rating, watched fraction...
  double weight = 0;
  int64_t occurred_at = 0;  // Unix ms
  int64_t received_at = 0;
};

// A row of a user's history, newest first (EventRepository::history).
struct HistoryEntry {
  std::string item_id;
  double weight = 0;
  int64_t occurred_at = 0;
};

// A row of the training stream (EventRepository::forEach), in insertion (id) order.
struct Interaction {
  std::string user_id;
  std::string item_id;
  double weight = 0;
  int64_t occurred_at = 0;
};

// Activity of one item over a window (EventRepository::countsSince).
struct ItemActivity {
  std::string item_id;
  int64_t events = 0;
  double weight = 0;  // sum of the events' weights
};

}  // namespace sb::recommend
