#include "webhook_payload.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace webhook {
namespace {

Poco::Dynamic::Var parseData(std::string_view data_json) {
  bool blank = data_json.find_first_not_of(" \t\r\n") == std::string_view::npos;
  if (blank) return Poco::Dynamic::Var();  // stringified as null
  try {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));  // keep the sender's key order
    return parser.parse(std::string(data_json));
  } catch (const Poco::Exception& e) {
    throw switchboard::Permanent("the notification's data is not valid JSON: " + e.message());
  }
}

}  // namespace

std::string renderPayload(const switchboard::Message& message, int64_t sent_at_unix_ms) {
  Poco::JSON::Object body(Poco::JSON_PRESERVE_KEY_ORDER);
  body.set("notification_id", std::string(message.notification_id));
  body.set("channel", std::string(message.channel));
  body.set("recipient", std::string(message.recipient));
  body.set("subject", std::string(message.subject));
  body.set("text", std::string(message.text));
  body.set("html", std::string(message.html));
  body.set("data", parseData(message.data_json));
  body.set("locale", std::string(message.locale));
  body.set("category", std::string(message.category));
  body.set("priority", std::string(message.priority));
  body.set("sent_at", static_cast<Poco::Int64>(sent_at_unix_ms));
  std::ostringstream out;
  body.stringify(out);  // compact: the signature covers these exact bytes
  return out.str();
}

}  // namespace webhook
