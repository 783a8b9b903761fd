#include "twilio_config.hpp"

#include <algorithm>

namespace twilio {
namespace {

using switchboard::InvalidConfig;

bool isHttpUrl(std::string_view url) {
  return (url.rfind("http://", 0) == 0 && url.size() > 7) || (url.rfind("https://", 0) == 0 && url.size() > 8);
}

bool isAlphanumeric(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
  });
}

}  // namespace

Settings readSettings(const switchboard::Config& config) {
  Settings s;
  s.account_sid = config.string("account_sid");
  s.auth_token = config.string("auth_token");
  // An empty value counts as unset: `from: ${TWILIO_FROM}` with the variable empty.
  s.from = config.string("from", "");
  s.messaging_service_sid = config.string("messaging_service_sid", "");
  s.timeout = config.duration("timeout");
  s.webhook_url = config.string("webhook_url", "");
  std::string base_url = config.string("base_url");

  // The SID goes into the request path: refuse anything that could change the path.
  if (!isAlphanumeric(s.account_sid))
    throw InvalidConfig("account_sid must be a Twilio Account SID (letters and digits, AC...)");
  if (s.auth_token.empty()) throw InvalidConfig("auth_token must not be empty");
  if (!s.from.empty() && !s.messaging_service_sid.empty())
    throw InvalidConfig("set exactly one of 'from' and 'messaging_service_sid', not both");
  if (s.from.empty() && s.messaging_service_sid.empty())
    throw InvalidConfig("set one of 'from' (the sender number) or 'messaging_service_sid'");
  if (!isHttpUrl(base_url)) throw InvalidConfig("base_url must be an http:// or https:// URL, got '" + base_url + "'");
  if (!s.webhook_url.empty() && !isHttpUrl(s.webhook_url))
    throw InvalidConfig("webhook_url must be an http:// or https:// URL, got '" + s.webhook_url + "'");
  if (s.timeout.count() <= 0) throw InvalidConfig("timeout must be positive");

  while (!base_url.empty() && base_url.back() == '/') base_url.pop_back();
  s.messages_url = base_url + "/2010-04-01/Accounts/" + s.account_sid + "/Messages.json";
  return s;
}

}  // namespace twilio
