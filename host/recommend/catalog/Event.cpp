#include "recommend/catalog/Event.hpp"

#include <array>
#include <utility>

namespace sb::recommend {
namespace {

constexpr std::array<std::pair<EventType, std::string_view>, 7> kNames = {{
    {EventType::View, "view"},
    {EventType::Click, "click"},
    {EventType::Purchase, "purchase"},
    {EventType::Rating, "rating"},
    {EventType::Watch, "watch"},
    {EventType::WatchlistAdd, "watchlist_add"},
    {EventType::WatchlistRemove, "watchlist_remove"},
}};

}  // namespace

std::string_view eventTypeName(EventType type) {
  for (const auto& [t, name] : kNames)
    if (t == type) return name;
  return "view";
}

std::optional<EventType> parseEventType(std::string_view name) {
  for (const auto& [t, n] : kNames)
    if (n == name) return t;
  return std::nullopt;
}

const std::string& eventTypeList() {
  static const std::string list = [] {
    std::string out;
    for (const auto& [t, name] : kNames) out += (out.empty() ? "" : ", ") + std::string(name);
    return out;
  }();
  return list;
}

}  // namespace sb::recommend
