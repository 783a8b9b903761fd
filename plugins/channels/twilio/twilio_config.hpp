// The twilio plugin's configuration (schema in twilio.cpp): the checks the types cannot
// express, and the values derived from it.
#pragma once

#include <switchboard/plugin.hpp>

#include <chrono>
#include <string>

namespace twilio {

struct Settings {
  std::string account_sid;
  std::string auth_token;
  std::string from;                   // exactly one of from /
  std::string messaging_service_sid;  // messaging_service_sid is set
  std::string messages_url;           // {base_url}/2010-04-01/Accounts/{account_sid}/Messages.json
  std::chrono::milliseconds timeout{0};
  std::string webhook_url;            // the operator's override, "" = use the request's URL
};

// Reads and checks the config; throws switchboard::InvalidConfig saying what to fix.
Settings readSettings(const switchboard::Config& config);

}  // namespace twilio
