#include "fcm_message.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace fcm {

namespace {

using Poco::JSON::Object;

bool isUrgent(std::string_view priority) { return priority == "urgent" || priority == "high"; }

// FCM accepts only string values in "data": other JSON values travel as their JSON text
// (42 -> "42", true -> "true", {"a":1} -> "{\"a\":1}").
Object::Ptr dataObject(std::string_view data_json) {
  Object::Ptr in;
  try {
    Poco::JSON::Parser parser;
    in = parser.parse(std::string(data_json)).extract<Object::Ptr>();
  } catch (const Poco::Exception&) {
    in = nullptr;
  }
  if (in.isNull())
    throw switchboard::Permanent("the message's data is not a JSON object", switchboard::Failure::Recipient);
  Object::Ptr out = new Object;
  for (const auto& [key, value] : *in) {
    if (value.isString()) {
      out->set(key, value.extract<std::string>());
    } else {
      std::ostringstream text;
      Poco::JSON::Stringifier::condense(value, text);
      out->set(key, text.str());
    }
  }
  return out;
}

}  // namespace

std::string buildSendBody(const switchboard::Message& m, bool validate_only) {
  Object::Ptr message = new Object;
  message->set("token", std::string(m.recipient));

  const bool has_notification = !m.subject.empty() || !m.text.empty();
  if (has_notification) {
    Object::Ptr notification = new Object;
    if (!m.subject.empty()) notification->set("title", std::string(m.subject));
    if (!m.text.empty()) notification->set("body", std::string(m.text));
    message->set("notification", notification);
  }
  if (!m.data_json.empty()) message->set("data", dataObject(m.data_json));

  Object::Ptr android = new Object;
  android->set("priority", std::string(isUrgent(m.priority) ? "high" : "normal"));
  message->set("android", android);

  // APNs: 10 = deliver now, 5 = when convenient for the device. Apple refuses 10 for a
  // message without an alert (a background push), so a data-only message always gets 5.
  Object::Ptr apns_headers = new Object;
  apns_headers->set("apns-priority", std::string(has_notification && isUrgent(m.priority) ? "10" : "5"));
  Object::Ptr apns = new Object;
  apns->set("headers", apns_headers);
  message->set("apns", apns);

  Object body;
  body.set("message", message);
  if (validate_only) body.set("validate_only", true);
  std::ostringstream out;
  body.stringify(out);
  return out.str();
}

std::string messageName(std::string_view body) {
  try {
    Poco::JSON::Parser parser;
    auto o = parser.parse(std::string(body)).extract<Object::Ptr>();
    if (!o.isNull() && o->has("name") && o->get("name").isString()) return o->get("name").extract<std::string>();
  } catch (const Poco::Exception&) {
    // FCM accepted the message; a body we cannot read only costs the message id.
  }
  return {};
}

}  // namespace fcm
