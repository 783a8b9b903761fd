// CatalogInput: validation of items and events as they arrive (JSON bodies, import lines),
// each failure a 422 naming the field.
#pragma once

#include "core/Error.hpp"
#include "recommend/catalog/Event.hpp"
#include "recommend/catalog/Item.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace sb::recommend {

inline constexpr size_t kMaxIdLength = 128;
inline constexpr size_t kMaxTitleLength = 1024;
inline constexpr size_t kMaxCategoryLength = 128;
inline constexpr size_t kMaxTags = 100;
inline constexpr size_t kMaxAttributesBytes = 64 * 1024;

// 422 "field '<field>' <problem>" with details {field, problem}.
Error fieldError(const std::string& field, const std::string& problem);

// The same error about element `index` of a list: details.index added, the message prefixed
// with "<what>[index]: ".
Error atIndex(const Error& error, size_t index, const std::string& what);

// Item ids: 1-128 bytes, no control characters and no '/' (an id is a URL path segment).
bool validItemId(std::string_view id);
// User ids: the rule of the users resource, 1-128 characters of A-Z a-z 0-9 . _ : @ -
bool validUserId(std::string_view id);

// An item from a PUT body (`pathId` set: a body `id` must match it) or a batch entry
// (`pathId` empty: `id` is required). Unknown top-level fields are refused; `created_at` and
// `updated_at` at the top level are ignored (a GET body can be sent back).
ItemWrite itemFromJson(const std::string& tenant, const std::string& pathId, const Poco::JSON::Object::Ptr& body);

enum class TimestampUnit { Seconds, Milliseconds };

// Unix time (integer in `unit`) or an ISO 8601 string, as Unix ms; nullopt when it is neither.
std::optional<int64_t> timestampFrom(const Poco::Dynamic::Var& value, TimestampUnit unit);
std::optional<int64_t> timestampFromText(std::string_view text, TimestampUnit unit);

// An event before its weight is known.
struct EventInput {
  std::string user_id;
  std::string item_id;
  std::optional<EventType> type;
  std::optional<double> value;
  std::optional<int64_t> timestamp;  // Unix ms; absent = when received
};

// Reads {user_id, item_id, type, value, timestamp} (ids may be strings or integers); throws
// fieldError. Types and ids are checked by checkEvent, not here.
EventInput eventFromJson(const Poco::JSON::Object::Ptr& body, TimestampUnit unit);
// Throws fieldError for a bad user_id / item_id, or a missing type.
void checkEvent(const EventInput& event);

}  // namespace sb::recommend
