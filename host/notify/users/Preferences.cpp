#include "notify/users/Recipient.hpp"

#include "core/Error.hpp"
#include "notify/templates/Channel.hpp"
#include "notify/users/JsonFields.hpp"
#include "notify/users/TimeZone.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <cctype>
#include <sstream>

namespace sb::notify {
namespace {

constexpr int64_t kDaySeconds = 86400;

int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

bool validCategory(const std::string& name) {
  if (name.empty() || name.size() > 64) return false;
  for (unsigned char c : name)
    if (!std::isalnum(c) && c != '_' && c != '-' && c != '.' && c != ':') return false;
  return true;
}

std::string indexed(const std::string& path, size_t i) { return path + "[" + std::to_string(i) + "]"; }

Preferences::NameSet channelSet(const Poco::JSON::Object::Ptr& object, const std::string& name,
                                const std::string& path) {
  Preferences::NameSet out;
  auto list = stringListField(object, name, path).value_or(std::vector<std::string>{});
  for (size_t i = 0; i < list.size(); ++i) {
    if (!isKnownChannel(list[i])) throw fieldError(indexed(path, i), "must be one of " + channelList());
    out.insert(list[i]);
  }
  return out;
}

// "HH:MM" (00:00-23:59) in minutes after midnight.
int parseClock(const std::string& text, const std::string& path) {
  auto digit = [&](size_t i) { return std::isdigit(static_cast<unsigned char>(text[i])) != 0; };
  if (text.size() != 5 || text[2] != ':' || !digit(0) || !digit(1) || !digit(3) || !digit(4)) {
    throw fieldError(path, "must be a time of day as HH:MM");
  }
  int hours = (text[0] - '0') * 10 + (text[1] - '0');
  int minutes = (text[3] - '0') * 10 + (text[4] - '0');
  if (hours > 23 || minutes > 59) throw fieldError(path, "must be a time of day between 00:00 and 23:59");
  return hours * 60 + minutes;
}

std::string formatClock(int minutes) {
  const int h = minutes / 60, m = minutes % 60;
  return {static_cast<char>('0' + h / 10), static_cast<char>('0' + h % 10), ':', static_cast<char>('0' + m / 10),
          static_cast<char>('0' + m % 10)};
}

Poco::JSON::Array::Ptr toArray(const Preferences::NameSet& names) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const auto& n : names) out->add(n);
  return out;
}

}  // namespace

Preferences Preferences::fromJson(const Poco::JSON::Object::Ptr& json, const std::string& path) {
  Preferences p;
  if (!json) return p;
  for (const auto& [name, value] : *json) {
    if (name != "opt_out" && name != "quiet_hours") throw fieldError(fieldPath(path, name), "is not a known preference");
  }
  const std::string optOutPath = fieldPath(path, "opt_out");
  if (auto optOut = objectField(json, "opt_out", optOutPath)) {
    p.channels_ = channelSet(optOut, "channels", fieldPath(optOutPath, "channels"));
    const std::string categoriesPath = fieldPath(optOutPath, "categories");
    auto categories = stringListField(optOut, "categories", categoriesPath).value_or(std::vector<std::string>{});
    for (size_t i = 0; i < categories.size(); ++i) {
      if (!validCategory(categories[i])) {
        throw fieldError(indexed(categoriesPath, i), "must be 1-64 characters of A-Z, a-z, 0-9, '_', '-', '.', ':'");
      }
      p.categories_.insert(categories[i]);
    }
    const std::string perCategoryPath = fieldPath(optOutPath, "category_channels");
    if (auto perCategory = objectField(optOut, "category_channels", perCategoryPath)) {
      for (const auto& [category, value] : *perCategory) {
        const std::string categoryPath = fieldPath(perCategoryPath, category);
        if (!validCategory(category)) throw fieldError(categoryPath, "is not a valid category name");
        auto channels = channelSet(perCategory, category, categoryPath);
        if (!channels.empty()) p.category_channels_[category] = std::move(channels);
      }
    }
    for (const auto& [name, value] : *optOut) {
      if (name != "channels" && name != "categories" && name != "category_channels") {
        throw fieldError(fieldPath(optOutPath, name), "is not a known opt-out list");
      }
    }
  }
  const std::string quietPath = fieldPath(path, "quiet_hours");
  if (auto quiet = objectField(json, "quiet_hours", quietPath)) {
    auto start = stringField(quiet, "start", fieldPath(quietPath, "start"));
    auto end = stringField(quiet, "end", fieldPath(quietPath, "end"));
    if (!start) throw fieldError(fieldPath(quietPath, "start"), "is required");
    if (!end) throw fieldError(fieldPath(quietPath, "end"), "is required");
    QuietHours window{parseClock(*start, fieldPath(quietPath, "start")), parseClock(*end, fieldPath(quietPath, "end"))};
    if (window.start_minute == window.end_minute) throw fieldError(quietPath, "must have different start and end");
    p.quiet_hours_ = window;
  }
  return p;
}

Preferences Preferences::fromStored(const std::string& json) {
  try {
    Poco::JSON::Parser parser;
    return fromJson(parser.parse(json).extract<Poco::JSON::Object::Ptr>(), "preferences");
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Internal, "internal", std::string("stored preferences are unreadable: ") + e.what());
  }
}

Poco::JSON::Object::Ptr Preferences::toJson() const {
  Poco::JSON::Object::Ptr perCategory = new Poco::JSON::Object;
  for (const auto& [category, channels] : category_channels_) perCategory->set(category, toArray(channels));
  Poco::JSON::Object::Ptr optOut = new Poco::JSON::Object;
  optOut->set("channels", toArray(channels_));
  optOut->set("categories", toArray(categories_));
  optOut->set("category_channels", perCategory);
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  out->set("opt_out", optOut);
  if (quiet_hours_) {
    Poco::JSON::Object::Ptr quiet = new Poco::JSON::Object;
    quiet->set("start", formatClock(quiet_hours_->start_minute));
    quiet->set("end", formatClock(quiet_hours_->end_minute));
    out->set("quiet_hours", quiet);
  } else {
    out->set("quiet_hours", Poco::Dynamic::Var());
  }
  return out;
}

std::string Preferences::toJsonString() const {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(toJson(), out);
  return out.str();
}

bool Preferences::allows(std::string_view channel, std::string_view category) const {
  if (channels_.count(channel) > 0) return false;
  if (category.empty()) return true;
  if (categories_.count(category) > 0) return false;
  auto it = category_channels_.find(category);
  return it == category_channels_.end() || it->second.count(channel) == 0;
}

std::optional<int64_t> Preferences::quietHoursEnd(int64_t atUnixMs, const std::string& timezone) const {
  if (!quiet_hours_) return std::nullopt;
  auto found = TimeZone::find(timezone);
  const TimeZone& zone = found ? *found : TimeZone::utc();
  const int64_t at = floorDiv(atUnixMs, 1000);
  const int64_t offsetNow = zone.utcOffsetSeconds(at);
  const int64_t local = at + offsetNow;
  const int64_t midnight = floorDiv(local, kDaySeconds) * kDaySeconds;
  const int64_t minute = (local - midnight) / 60;
  const int64_t start = quiet_hours_->start_minute, end = quiet_hours_->end_minute;

  int64_t endLocal = 0;
  if (start < end) {
    if (minute < start || minute >= end) return std::nullopt;
    endLocal = midnight + end * 60;
  } else if (minute >= start) {
    endLocal = midnight + kDaySeconds + end * 60;  // ends tomorrow morning
  } else if (minute < end) {
    endLocal = midnight + end * 60;
  } else {
    return std::nullopt;
  }
  int64_t endUtc = zone.utcFromLocal(endLocal);
  // After clocks went back, the end's wall time may come twice; `at` may sit past the first.
  if (endUtc <= at) endUtc = endLocal - offsetNow;
  if (endUtc <= at) return std::nullopt;
  return endUtc * 1000;
}

void Preferences::optOutOfChannel(const std::string& channel) { channels_.insert(channel); }

}  // namespace sb::notify
