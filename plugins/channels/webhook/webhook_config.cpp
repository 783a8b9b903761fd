#include "webhook_config.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/ParseHandler.h>
#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <string_view>

namespace webhook {
namespace {

using switchboard::InvalidConfig;

bool isHttpUrl(std::string_view url) {
  return (url.rfind("http://", 0) == 0 && url.size() > 7) || (url.rfind("https://", 0) == 0 && url.size() > 8);
}

// RFC 9110 token characters: anything else in a header name breaks the request.
bool isHeaderName(std::string_view name) {
  static constexpr std::string_view kSpecials = "!#$%&'*+-.^_`|~";
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
           kSpecials.find(c) != std::string_view::npos;
  });
}

bool sameName(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           auto lower = [](char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; };
           return lower(x) == lower(y);
         });
}

std::vector<std::pair<std::string, std::string>> parseHeaders(const std::string& json,
                                                              const std::string& signature_header) {
  Poco::JSON::Object::Ptr object;
  try {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));  // keep the operator's order
    object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {  // Poco::Exception or BadCastException: not an object
    throw InvalidConfig("headers must be a map of header names to values, e.g. {Authorization: \"Bearer ...\"}");
  }
  // Headers the plugin sets itself: an override would break the body or its signature.
  const std::string_view reserved[] = {"Content-Type",     "Content-Length", "Host",      "Transfer-Encoding",
                                       "Connection",       signature_header, kNotificationIdHeader};
  std::vector<std::pair<std::string, std::string>> headers;
  for (const std::string& name : object->getNames()) {
    if (!isHeaderName(name)) throw InvalidConfig("headers: '" + name + "' is not a valid header name");
    for (std::string_view r : reserved)
      if (sameName(name, r)) throw InvalidConfig("headers: '" + name + "' is set by the plugin and cannot be overridden");
    Poco::Dynamic::Var value = object->get(name);
    if (value.isEmpty() || value.isArray() || value.isStruct() ||
        value.type() == typeid(Poco::JSON::Object::Ptr) || value.type() == typeid(Poco::JSON::Array::Ptr))
      throw InvalidConfig("headers: the value of '" + name + "' must be a string");
    std::string text = value.convert<std::string>();
    // CR or LF would let a value smuggle further headers into the request.
    if (text.find_first_of("\r\n", 0) != std::string::npos || text.find('\0') != std::string::npos)
      throw InvalidConfig("headers: the value of '" + name + "' contains a line break");
    headers.emplace_back(name, std::move(text));
  }
  return headers;
}

}  // namespace

Settings readSettings(const switchboard::Config& config) {
  Settings s;
  s.url = config.string("url");
  s.secret = config.string("secret");
  s.signature_header = config.string("signature_header");
  s.timeout = config.duration("timeout");
  if (!isHttpUrl(s.url)) throw InvalidConfig("url must be an http:// or https:// URL, got '" + s.url + "'");
  // An empty key would make every signature forgeable.
  if (s.secret.empty()) throw InvalidConfig("secret must not be empty");
  if (!isHeaderName(s.signature_header))
    throw InvalidConfig("signature_header '" + s.signature_header + "' is not a valid header name");
  if (s.timeout.count() <= 0) throw InvalidConfig("timeout must be positive");
  s.headers = parseHeaders(config.json("headers"), s.signature_header);
  return s;
}

}  // namespace webhook
