#include "http/handlers/NotificationJson.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "http/JsonInput.hpp"

#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeFormatter.h>
#include <Poco/DateTimeParser.h>
#include <Poco/JSON/Array.h>

#include <sstream>

namespace sb::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Error fieldError(const std::string& field, const std::string& problem) {
  Object::Ptr details = new Object;
  details->set("field", field);
  return unprocessable("field '" + field + "' " + problem, details);
}

std::string iso(int64_t unixMs) { return isoUtc(unixMs); }

std::string stringify(const Poco::Dynamic::Var& v) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(v, out);
  return out.str();
}

Object::Ptr optionalObject(const Object::Ptr& body, const std::string& field) {
  if (!body->has(field) || body->isNull(field)) return nullptr;
  auto object = body->getObject(field);
  if (!object) throw fieldError(field, "must be an object");
  return object;
}

}  // namespace

int64_t parseTimestamp(const Poco::Dynamic::Var& value, const std::string& field) {
  if (value.isInteger()) return value.convert<Poco::Int64>();
  if (value.isString()) {
    Poco::DateTime parsed;
    int tz = 0;
    if (Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FRAC_FORMAT, value.extract<std::string>(), parsed, tz) ||
        Poco::DateTimeParser::tryParse(Poco::DateTimeFormat::ISO8601_FORMAT, value.extract<std::string>(), parsed, tz)) {
      parsed.makeUTC(tz);
      return parsed.timestamp().epochMicroseconds() / 1000;
    }
  }
  throw fieldError(field, "must be Unix milliseconds or an ISO 8601 time such as 2026-11-23T18:00:00Z");
}

notify::NotificationRequest parseNotificationRequest(const Object::Ptr& body) {
  notify::NotificationRequest r;
  r.user_id = requireString(body, "user_id");
  if (body->has("template") && !body->isNull("template")) {
    auto t = body->get("template");
    if (t.isString()) {
      r.template_key = t.extract<std::string>();
    } else if (auto object = body->getObject("template")) {
      r.template_key = requireString(object, "key");
      if (auto v = optionalInt(object, "version")) r.template_version = static_cast<int>(*v);
    } else {
      throw fieldError("template", "must be a template key or {\"key\", \"version\"}");
    }
  }
  if (auto v = optionalInt(body, "template_version")) r.template_version = static_cast<int>(*v);
  r.data = optionalObject(body, "data");
  if (auto content = optionalObject(body, "content")) {
    notify::InlineContent c;
    c.subject = optionalString(content, "subject").value_or("");
    c.text = optionalString(content, "text").value_or("");
    c.html = optionalString(content, "html").value_or("");
    if (auto data = optionalObject(content, "data")) c.data_json = stringify(data);
    if (c.subject.empty() && c.text.empty() && c.html.empty()) throw fieldError("content", "needs subject, text or html");
    r.content = c;
  }
  if (r.template_key.empty() == !r.content) throw fieldError("template", "give either a template or inline content");
  if (body->has("channels") && !body->isNull("channels")) {
    auto list = body->getArray("channels");
    if (!list) throw fieldError("channels", "must be a list of channel names");
    for (const auto& c : *list) {
      if (!c.isString()) throw fieldError("channels", "must be a list of channel names");
      std::string name = c.extract<std::string>();
      if (std::find(r.channels.begin(), r.channels.end(), name) == r.channels.end()) r.channels.push_back(name);
    }
  }
  r.category = optionalString(body, "category").value_or("");
  if (auto p = optionalString(body, "priority")) {
    auto priority = notify::parsePriority(*p);
    if (!priority) throw fieldError("priority", "must be urgent, high, normal or low");
    r.priority = *priority;
  }
  if (body->has("send_at") && !body->isNull("send_at")) r.send_at = parseTimestamp(body->get("send_at"), "send_at");
  if (body->has("expires_at") && !body->isNull("expires_at"))
    r.expires_at = parseTimestamp(body->get("expires_at"), "expires_at");
  r.locale = optionalString(body, "locale").value_or("");
  return r;
}

Object::Ptr acceptResultJson(const notify::AcceptResult& result) {
  Object::Ptr out = new Object;
  out->set("id", result.id);
  out->set("status", std::string("accepted"));
  out->set("duplicate", result.duplicate);
  Array::Ptr deliveries = new Array;
  for (const auto& d : result.deliveries) {
    Object::Ptr item = new Object;
    item->set("channel", d.channel);
    item->set("status", std::string(notify::statusName(d.status)));
    if (!d.reason.empty()) item->set("reason", d.reason);
    item->set("due_at", iso(d.due_at));
    deliveries->add(item);
  }
  out->set("deliveries", deliveries);
  return out;
}

Object::Ptr notificationJson(const notify::NotificationView& v, bool withAttempts) {
  Object::Ptr out = new Object;
  out->set("id", v.id);
  out->set("user_id", v.user_id);
  if (!v.template_key.empty()) {
    Object::Ptr t = new Object;
    t->set("key", v.template_key);
    t->set("version", v.template_version);
    out->set("template", t);
  }
  if (!v.category.empty()) out->set("category", v.category);
  out->set("priority", std::string(notify::priorityName(v.priority)));
  out->set("status", v.overallStatus());
  out->set("send_at", iso(v.send_at));
  if (v.expires_at) out->set("expires_at", iso(*v.expires_at));
  out->set("created_at", iso(v.created_at));
  Array::Ptr deliveries = new Array;
  for (const auto& d : v.deliveries) {
    Object::Ptr item = new Object;
    item->set("id", d.id);
    item->set("channel", d.channel);
    item->set("recipient", d.recipient);
    item->set("status", std::string(notify::statusName(d.status)));
    if (!d.reason.empty()) item->set("reason", d.reason);
    item->set("attempts", d.attempts);
    item->set("due_at", iso(d.due_at));
    if (!d.provider.empty()) item->set("provider", d.provider);
    if (!d.provider_message_id.empty()) item->set("provider_message_id", d.provider_message_id);
    if (!d.last_error.empty()) item->set("last_error", d.last_error);
    item->set("updated_at", iso(d.updated_at));
    if (withAttempts) {
      Array::Ptr log = new Array;
      for (const auto& a : d.attempt_log) {
        Object::Ptr entry = new Object;
        entry->set("attempt", a.attempt);
        entry->set("provider", a.provider);
        entry->set("started_at", iso(a.started_at));
        entry->set("latency_ms", a.latency_ms);
        entry->set("result", a.result);
        if (!a.error.empty()) entry->set("error", a.error);
        log->add(entry);
      }
      item->set("attempt_log", log);
    }
    deliveries->add(item);
  }
  out->set("deliveries", deliveries);
  return out;
}

}  // namespace sb::http
