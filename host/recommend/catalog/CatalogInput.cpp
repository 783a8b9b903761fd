#include "recommend/catalog/CatalogInput.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

namespace sb::recommend {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

bool isControl(unsigned char c) { return c < 0x20 || c == 0x7f; }

std::string stringField(const Object::Ptr& body, const std::string& name, size_t maxLength) {
  if (!body->has(name) || body->isNull(name)) return {};
  auto value = body->get(name);
  if (!value.isString()) throw fieldError(name, "must be a string");
  auto text = value.extract<std::string>();
  if (text.size() > maxLength) throw fieldError(name, "must be at most " + std::to_string(maxLength) + " bytes");
  return text;
}

std::vector<std::string> tagsField(const Object::Ptr& body) {
  std::vector<std::string> tags;
  if (!body->has("tags") || body->isNull("tags")) return tags;
  auto list = body->getArray("tags");
  if (!list) throw fieldError("tags", "must be a list of strings");
  if (list->size() > kMaxTags) throw fieldError("tags", "must hold at most " + std::to_string(kMaxTags) + " tags");
  for (unsigned i = 0; i < list->size(); ++i) {
    auto tag = list->get(i);
    const std::string path = "tags[" + std::to_string(i) + "]";
    if (!tag.isString()) throw fieldError(path, "must be a string");
    auto text = tag.extract<std::string>();
    if (text.empty() || text.size() > kMaxIdLength) throw fieldError(path, "must be 1-128 bytes");
    if (std::find(tags.begin(), tags.end(), text) == tags.end()) tags.push_back(std::move(text));
  }
  return tags;
}

bool isNumber(const Poco::Dynamic::Var& v) { return v.isNumeric() && !v.isBoolean(); }

// Validates the known keys; fills the typed view and, when given, the creation time.
void readAttributes(const Object::Ptr& attributes, Item& item, bool& hasCreatedAt) {
  auto& typed = item.attributes;
  for (const char* flag : {"in_stock", "promoted"}) {
    if (!attributes->has(flag) || attributes->isNull(flag)) continue;
    auto v = attributes->get(flag);
    if (!v.isBoolean()) throw fieldError(std::string("attributes.") + flag, "must be true or false");
    if (std::string_view(flag) == "in_stock") typed.in_stock = v.extract<bool>();
    else typed.promoted = v.extract<bool>();
  }
  if (attributes->has("age_rating") && !attributes->isNull("age_rating")) {
    auto v = attributes->get("age_rating");
    if (!isNumber(v) || v.convert<double>() < 0) throw fieldError("attributes.age_rating", "must be a number >= 0");
    typed.age_rating = v.convert<double>();
  }
  if (attributes->has("regions_allowed") && !attributes->isNull("regions_allowed")) {
    auto list = attributes->getArray("regions_allowed");
    if (!list) throw fieldError("attributes.regions_allowed", "must be a list of strings");
    for (unsigned i = 0; i < list->size(); ++i) {
      auto region = list->get(i);
      if (!region.isString() || region.extract<std::string>().empty()) {
        throw fieldError("attributes.regions_allowed[" + std::to_string(i) + "]", "must be a non-empty string");
      }
      typed.regions_allowed.push_back(region.extract<std::string>());
    }
  }
  if (attributes->has("created_at") && !attributes->isNull("created_at")) {
    auto at = timestampFrom(attributes->get("created_at"), TimestampUnit::Milliseconds);
    if (!at) throw fieldError("attributes.created_at", "must be Unix milliseconds or an ISO 8601 time");
    item.created_at = *at;
    hasCreatedAt = true;
  }
}

std::optional<std::string> idField(const Object::Ptr& body, const std::string& name) {
  if (!body->has(name) || body->isNull(name)) return std::nullopt;
  auto v = body->get(name);
  if (v.isString()) return v.extract<std::string>();
  if (v.isInteger() && !v.isBoolean()) return v.convert<std::string>();
  throw fieldError(name, "must be a string");
}

int64_t daysFromCivil(int y, unsigned m, unsigned d) {  // Howard Hinnant's algorithm
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return static_cast<int64_t>(era) * 146097 + static_cast<int64_t>(doe) - 719468;
}

}  // namespace

Error fieldError(const std::string& field, const std::string& problem) {
  Object::Ptr details = new Object;
  details->set("field", field);
  details->set("problem", problem);
  return unprocessable("field '" + field + "' " + problem, details);
}

Error atIndex(const Error& error, size_t index, const std::string& what) {
  Object::Ptr details = new Object;
  if (auto given = error.details()) {
    for (const auto& [k, v] : *given) details->set(k, v);
  }
  details->set("index", static_cast<Poco::UInt64>(index));
  return Error(error.kind(), error.code(), what + "[" + std::to_string(index) + "]: " + error.what(), details);
}

bool validItemId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  return std::none_of(id.begin(), id.end(), [](unsigned char c) { return isControl(c) || c == '/'; });
}

bool validUserId(std::string_view id) {
  if (id.empty() || id.size() > kMaxIdLength) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
  });
}

ItemWrite itemFromJson(const std::string& tenant, const std::string& pathId, const Object::Ptr& body) {
  static const std::vector<std::string> known = {"id", "title", "category", "tags", "attributes", "created_at",
                                                 "updated_at"};
  for (const auto& [name, value] : *body) {
    if (std::find(known.begin(), known.end(), name) == known.end()) throw fieldError(name, "is not a known field");
  }
  ItemWrite write;
  Item& item = write.item;
  item.tenant_id = tenant;
  auto bodyId = idField(body, "id");
  if (pathId.empty()) {
    if (!bodyId || bodyId->empty()) throw fieldError("id", "is required");
    item.id = *bodyId;
  } else {
    if (bodyId && *bodyId != pathId) throw fieldError("id", "must match the id in the URL");
    item.id = pathId;
  }
  if (!validItemId(item.id)) throw fieldError("id", "must be 1-128 bytes without control characters or '/'");
  item.title = stringField(body, "title", kMaxTitleLength);
  item.category = stringField(body, "category", kMaxCategoryLength);
  item.tags = tagsField(body);
  if (body->has("attributes") && !body->isNull("attributes")) {
    auto attributes = body->getObject("attributes");
    if (!attributes) throw fieldError("attributes", "must be an object");
    readAttributes(attributes, item, write.has_created_at);
    std::ostringstream text;
    Poco::JSON::Stringifier::stringify(attributes, text);
    item.attributes_json = text.str();
    if (item.attributes_json.size() > kMaxAttributesBytes) throw fieldError("attributes", "must be at most 64 KiB");
  }
  return write;
}

ItemAttributes parseItemAttributes(const std::string& attributesJson) {
  Item item;
  if (attributesJson.size() <= 2) return item.attributes;  // "{}"
  try {
    Poco::JSON::Parser parser;
    auto object = parser.parse(attributesJson).extract<Object::Ptr>();
    bool ignored = false;
    if (object) readAttributes(object, item, ignored);
  } catch (const std::exception&) {
    return ItemAttributes{};  // validated on the way in; a hand-edited row reads as plain
  }
  return item.attributes;
}

std::optional<int64_t> timestampFromText(std::string_view text, TimestampUnit unit) {
  if (text.empty()) return std::nullopt;
  int64_t number = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), number);
  if (ec == std::errc() && end == text.data() + text.size()) {
    return unit == TimestampUnit::Seconds ? number * 1000 : number;
  }
  // ISO 8601: the common "YYYY-MM-DDTHH:MM:SS[.fff]Z" fast, anything else through Poco.
  if (text.size() >= 20 && text[4] == '-' && text[7] == '-' && (text[10] == 'T' || text[10] == ' ') &&
      text[13] == ':' && text[16] == ':' && text.back() == 'Z') {
    auto digits = [&](size_t at, size_t n, int& out) {
      out = 0;
      for (size_t i = at; i < at + n; ++i) {
        if (text[i] < '0' || text[i] > '9') return false;
        out = out * 10 + (text[i] - '0');
      }
      return true;
    };
    int y, mo, d, h, mi, s, ms = 0;
    bool ok = digits(0, 4, y) && digits(5, 2, mo) && digits(8, 2, d) && digits(11, 2, h) && digits(14, 2, mi) &&
              digits(17, 2, s);
    if (ok && text.size() == 24 && text[19] == '.') ok = digits(20, 3, ms);
    else if (ok && text.size() != 20) ok = false;
    if (ok && mo >= 1 && mo <= 12 && d >= 1 && d <= 31 && h < 24 && mi < 60 && s < 61) {
      return (daysFromCivil(y, static_cast<unsigned>(mo), static_cast<unsigned>(d)) * 86400 + h * 3600 + mi * 60 + s) *
                 1000 +
             ms;
    }
  }
  // Anything else must at least start like a date and time: Poco's parser is lenient enough
  // to read "soon" as a time.
  auto digitAt = [&](size_t i) { return i < text.size() && text[i] >= '0' && text[i] <= '9'; };
  const bool looksLikeDate = text.size() >= 16 && digitAt(0) && digitAt(1) && digitAt(2) && digitAt(3) &&
                             text[4] == '-' && digitAt(5) && digitAt(6) && text[7] == '-' && digitAt(8) &&
                             digitAt(9) && (text[10] == 'T' || text[10] == ' ') && digitAt(11) && digitAt(12) &&
                             text[13] == ':' && digitAt(14) && digitAt(15);
  if (!looksLikeDate) return std::nullopt;
  const int month = (text[5] - '0') * 10 + (text[6] - '0');
  const int day = (text[8] - '0') * 10 + (text[9] - '0');
  const int hour = (text[11] - '0') * 10 + (text[12] - '0');
  const int minute = (text[14] - '0') * 10 + (text[15] - '0');
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59) return std::nullopt;
  Poco::DateTime parsed;
  int tz = 0;
  const std::string copy(text);
  if (Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, copy, parsed, tz) ||
      Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, copy, parsed, tz)) {
    parsed.makeUTC(tz);
    return parsed.timestamp().epochMicroseconds() / 1000;
  }
  return std::nullopt;
}

std::optional<int64_t> timestampFrom(const Poco::Dynamic::Var& value, TimestampUnit unit) {
  if (value.isInteger() && !value.isBoolean()) {
    const auto number = value.convert<Poco::Int64>();
    return unit == TimestampUnit::Seconds ? number * 1000 : number;
  }
  if (value.isString()) return timestampFromText(value.extract<std::string>(), unit);
  return std::nullopt;
}

EventInput eventFromJson(const Object::Ptr& body, TimestampUnit unit) {
  static const std::vector<std::string> known = {"user_id", "item_id", "type", "value", "timestamp"};
  for (const auto& [name, value] : *body) {
    if (std::find(known.begin(), known.end(), name) == known.end()) throw fieldError(name, "is not a known field");
  }
  EventInput e;
  e.user_id = idField(body, "user_id").value_or("");
  e.item_id = idField(body, "item_id").value_or("");
  if (body->has("type") && !body->isNull("type")) {
    auto v = body->get("type");
    e.type = v.isString() ? parseEventType(v.extract<std::string>()) : std::nullopt;
    if (!e.type) throw fieldError("type", "must be one of " + eventTypeList());
  }
  if (body->has("value") && !body->isNull("value")) {
    auto v = body->get("value");
    if (!isNumber(v) || !std::isfinite(v.convert<double>())) throw fieldError("value", "must be a number");
    e.value = v.convert<double>();
  }
  if (body->has("timestamp") && !body->isNull("timestamp")) {
    e.timestamp = timestampFrom(body->get("timestamp"), unit);
    if (!e.timestamp) throw fieldError("timestamp", "must be Unix time or an ISO 8601 time such as 2026-11-23T18:00:00Z");
  }
  return e;
}

void checkEvent(const EventInput& e) {
  if (e.user_id.empty()) throw fieldError("user_id", "is required");
  if (!validUserId(e.user_id)) {
    throw fieldError("user_id", "must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':', '@', '-'");
  }
  if (e.item_id.empty()) throw fieldError("item_id", "is required");
  if (!validItemId(e.item_id)) throw fieldError("item_id", "must be 1-128 bytes without control characters or '/'");
  if (!e.type) throw fieldError("type", "is required");
}

}  // namespace sb::recommend
