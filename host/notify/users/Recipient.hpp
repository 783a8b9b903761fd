// Recipient: one end user of a tenant as the notification engine sees them — addresses,
// push devices, locale and time zone, and what they agreed to receive (Preferences).
#pragma once

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace sb::notify {

struct Device {
  std::string token;
  std::string platform;  // ios | android | web
  int64_t created_at = 0;
};

// A daily window in the recipient's local time, in minutes after midnight; start != end.
// start > end wraps midnight (22:00-07:00).
struct QuietHours {
  int start_minute = 0;
  int end_minute = 0;
};

// Parsed, validated preferences. Immutable in use; copied freely.
class Preferences {
 public:
  // Parses and validates {"opt_out": {"channels": [...], "categories": [...],
  // "category_channels": {"cat": [...]}}, "quiet_hours": {"start": "22:00", "end": "07:00"}}.
  // Throws sb::Error Unprocessable naming the field (under `path`, e.g. "preferences").
  static Preferences fromJson(const Poco::JSON::Object::Ptr& json, const std::string& path = "preferences");
  // Reads what toJsonString() stored. Throws sb::Error Internal when it cannot.
  static Preferences fromStored(const std::string& json);
  Poco::JSON::Object::Ptr toJson() const;
  std::string toJsonString() const;

  // False when the recipient opted out of the channel, of the category (non-empty), or of
  // that channel for that category.
  bool allows(std::string_view channel, std::string_view category) const;
  // When `atUnixMs` falls inside the quiet window in `timezone` (IANA; empty, or unknown, =
  // UTC), the Unix ms at which the window ends; otherwise nullopt. Windows may wrap
  // midnight (22:00-07:00). DST-correct: the end is the next local wall-clock end time.
  std::optional<int64_t> quietHoursEnd(int64_t atUnixMs, const std::string& timezone) const;

  // Adds to opt_out.channels (idempotent).
  void optOutOfChannel(const std::string& channel);
  void setQuietHours(std::optional<QuietHours> window) { quiet_hours_ = window; }

  using NameSet = std::set<std::string, std::less<>>;
  const NameSet& optedOutChannels() const { return channels_; }
  const NameSet& optedOutCategories() const { return categories_; }
  const std::map<std::string, NameSet, std::less<>>& optedOutCategoryChannels() const { return category_channels_; }
  const std::optional<QuietHours>& quietHours() const { return quiet_hours_; }

 private:
  NameSet channels_;
  NameSet categories_;
  std::map<std::string, NameSet, std::less<>> category_channels_;
  std::optional<QuietHours> quiet_hours_;
};

struct Recipient {
  std::string tenant_id;
  std::string id;
  std::string email;     // empty = none
  std::string phone;     // E.164; empty = none
  std::string locale;    // canonical BCP 47 ("pt-BR"); empty = none
  std::string timezone;  // IANA name; empty = UTC
  std::vector<Device> devices;
  Preferences preferences;
  std::string attributes_json = "{}";  // a JSON object, free-form
  int64_t created_at = 0;
  int64_t updated_at = 0;
};

}  // namespace sb::notify
