#include "ws/InboxWire.hpp"

#include "core/Clock.hpp"
#include "core/JsonEscape.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>
#include <stdexcept>

namespace sb::ws {
namespace {

void field(std::string& out, const char* name, const std::string& value) {
  out += '"';
  out += name;
  out += "\":\"";
  appendJsonEscaped(out, value);
  out += "\",";
}

// Rendered data is already JSON text (an object); absent data is an empty object.
void rawField(std::string& out, const char* name, const std::string& json) {
  out += '"';
  out += name;
  out += "\":";
  out += json.empty() ? "{}" : json;
  out += ',';
}

std::string text(const Poco::JSON::Object::Ptr& o, const std::string& key) {
  return o->has(key) && !o->isNull(key) ? o->getValue<std::string>(key) : std::string();
}

}  // namespace

std::string encodeLanded(const std::vector<notify::InboxItem>& items) {
  std::string out = "{\"kind\":\"landed\",\"items\":[";
  for (size_t i = 0; i < items.size(); ++i) {
    const auto& item = items[i];
    if (i) out += ',';
    out += '{';
    field(out, "tenant", item.tenant_id);
    field(out, "user", item.user_id);
    field(out, "id", item.notification_id);
    field(out, "title", item.title);
    field(out, "body", item.body);
    field(out, "category", item.category);
    rawField(out, "data", item.data_json);
    out += "\"created_at\":" + std::to_string(item.created_at) + '}';
  }
  out += "]}";
  return out;
}

std::string encodeChanged(const std::string& tenant, const std::string& user) {
  std::string out = "{\"kind\":\"changed\",";
  field(out, "tenant", tenant);
  field(out, "user", user);
  out.back() = '}';
  return out;
}

InboxBusEvent decodeBusEvent(const std::string& payload) {
  Poco::JSON::Parser parser;
  auto root = parser.parse(payload).extract<Poco::JSON::Object::Ptr>();
  if (!root) throw std::invalid_argument("not a JSON object");
  InboxBusEvent event;
  const std::string kind = text(root, "kind");
  if (kind == "changed") {
    event.kind = InboxBusEvent::Kind::Changed;
    event.tenant = text(root, "tenant");
    event.user = text(root, "user");
    return event;
  }
  if (kind != "landed") throw std::invalid_argument("unknown inbox event '" + kind + "'");
  auto items = root->getArray("items");
  if (!items) throw std::invalid_argument("landed event without items");
  for (size_t i = 0; i < items->size(); ++i) {
    auto o = items->getObject(static_cast<unsigned>(i));
    if (!o) continue;
    notify::InboxItem item;
    item.tenant_id = text(o, "tenant");
    item.user_id = text(o, "user");
    item.notification_id = text(o, "id");
    item.title = text(o, "title");
    item.body = text(o, "body");
    item.category = text(o, "category");
    if (o->has("data") && !o->isNull("data")) {
      std::ostringstream data;
      Poco::JSON::Stringifier::stringify(o->get("data"), data);
      item.data_json = data.str();
    }
    item.created_at = o->optValue<Poco::Int64>("created_at", 0);
    event.items.push_back(std::move(item));
  }
  return event;
}

std::string notificationMessage(const notify::InboxItem& item) {
  std::string out = "{\"type\":\"notification\",";
  field(out, "id", item.notification_id);
  field(out, "title", item.title);
  field(out, "body", item.body);
  rawField(out, "data", item.data_json);
  if (item.category.empty()) out += "\"category\":null,";
  else field(out, "category", item.category);
  field(out, "created_at", isoUtc(item.created_at));
  out.back() = '}';
  return out;
}

std::string unreadCountMessage(int64_t count) {
  return "{\"type\":\"unread_count\",\"count\":" + std::to_string(count) + "}";
}

std::string pongMessage() { return "{\"type\":\"pong\"}"; }

std::string errorMessage(const std::string& code, const std::string& message) {
  std::string out = "{\"type\":\"error\",";
  field(out, "code", code);
  field(out, "message", message);
  out.back() = '}';
  return out;
}

}  // namespace sb::ws
