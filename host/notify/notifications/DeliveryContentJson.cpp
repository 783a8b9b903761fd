#include "notify/notifications/DeliveryContentJson.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <sstream>

namespace sb::notify {

std::string deliveryContentToJson(const DeliveryContent& c) {
  Poco::JSON::Object o;
  o.set("subject", c.subject);
  o.set("text", c.text);
  o.set("html", c.html);
  o.set("data", c.data_json);
  o.set("locale", c.locale);
  std::ostringstream out;
  o.stringify(out);
  return out.str();
}

DeliveryContent deliveryContentFromJson(const std::string& json) {
  DeliveryContent c;
  if (json.empty()) return c;
  Poco::JSON::Parser parser;
  auto o = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  c.subject = o->optValue<std::string>("subject", "");
  c.text = o->optValue<std::string>("text", "");
  c.html = o->optValue<std::string>("html", "");
  c.data_json = o->optValue<std::string>("data", "");
  c.locale = o->optValue<std::string>("locale", "");
  return c;
}

}  // namespace sb::notify
