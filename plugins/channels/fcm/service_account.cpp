#include "service_account.hpp"

#include <switchboard/plugin.hpp>

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cerrno>
#include <cstring>
#include <fstream>
#include <sstream>

namespace fcm {

namespace {

// A string member, or "" when absent; a member of another type is a config error.
std::string stringField(const Poco::JSON::Object& o, const std::string& key, const std::string& source) {
  if (!o.has(key) || o.isNull(key)) return {};
  Poco::Dynamic::Var v = o.get(key);
  if (!v.isString()) throw switchboard::InvalidConfig(source + ": field '" + key + "' must be a string");
  return v.extract<std::string>();
}

std::string requiredField(const Poco::JSON::Object& o, const std::string& key, const std::string& source) {
  std::string value = stringField(o, key, source);
  if (value.empty())
    throw switchboard::InvalidConfig(source + " has no '" + key +
                                     "': expected a Google service-account key file (JSON)");
  return value;
}

}  // namespace

ServiceAccount parseServiceAccount(const std::string& json, const std::string& source) {
  Poco::JSON::Object::Ptr root;
  try {
    Poco::JSON::Parser parser;
    root = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    // Poco's parse errors may quote the input; the input holds a private key.
    throw switchboard::InvalidConfig(source + " is not a JSON object");
  }
  if (root.isNull()) throw switchboard::InvalidConfig(source + " is not a JSON object");

  // Other Google JSON files (OAuth client secrets, google-services.json) look similar but
  // carry no key: say so rather than complain about a missing field.
  std::string type = stringField(*root, "type", source);
  if (!type.empty() && type != "service_account")
    throw switchboard::InvalidConfig(source + " is a '" + type +
                                     "' file, not a service-account key (type \"service_account\")");

  ServiceAccount account;
  account.client_email = requiredField(*root, "client_email", source);
  account.private_key_pem = requiredField(*root, "private_key", source);
  account.token_uri = stringField(*root, "token_uri", source);
  account.project_id = stringField(*root, "project_id", source);
  return account;
}

std::string readKeyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    int err = errno;
    throw switchboard::InvalidConfig("service_account_file '" + path + "' cannot be read: " + std::strerror(err));
  }
  std::ostringstream content;
  content << in.rdbuf();
  if (in.bad()) throw switchboard::InvalidConfig("service_account_file '" + path + "' cannot be read");
  return content.str();
}

}  // namespace fcm
