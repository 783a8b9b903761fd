#include "token_endpoint.hpp"

#include "fcm_errors.hpp"

#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <Poco/URI.h>

namespace fcm {

namespace {

using switchboard::Permanent;
using switchboard::Retry;

std::string formValue(const std::string& value) {
  std::string encoded;
  // Everything outside the unreserved set, so '+', '&' and '=' survive form decoding.
  Poco::URI::encode(value, "!#$&'()*+,/:;=?@[]", encoded);
  return encoded;
}

Poco::JSON::Object::Ptr parseObject(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return {};
  }
}

// "invalid_grant: Invalid JWT Signature." from {"error","error_description"}.
std::string oauthReason(const std::string& body) {
  auto o = parseObject(body);
  if (o.isNull() || !o->has("error")) return {};
  std::string reason = o->get("error").convert<std::string>();
  if (o->has("error_description")) reason += ": " + o->get("error_description").convert<std::string>();
  return reason;
}

}  // namespace

AccessToken exchangeAssertion(const switchboard::HttpClient& http, const std::string& token_uri,
                              const std::string& assertion, std::chrono::milliseconds timeout, int64_t now_ms) {
  switchboard::HttpRequest request;
  request.method = "POST";
  request.url = token_uri;
  request.headers.emplace_back("Content-Type", "application/x-www-form-urlencoded");
  request.headers.emplace_back("Accept", "application/json");
  request.body = "grant_type=" + formValue("urn:ietf:params:oauth:grant-type:jwt-bearer") +
                 "&assertion=" + formValue(assertion);
  request.deadline = timeout;

  switchboard::HttpResponse response;
  try {
    response = http.send(request);
  } catch (const Retry& e) {
    throw Retry(std::string("OAuth token endpoint unreachable: ") + e.what(), e.after());
  }

  if (response.status != 200) {
    std::string why = "OAuth token endpoint answered " + std::to_string(response.status);
    std::string reason = oauthReason(response.body);
    if (!reason.empty()) why += " " + reason;
    if (response.status == 429 || response.status >= 500)
      throw Retry(why, response.retryAfter(now_ms));
    throw Permanent(why);
  }

  auto o = parseObject(response.body);
  if (o.isNull() || !o->has("access_token") || !o->get("access_token").isString())
    throw Permanent("OAuth token endpoint answered 200 without an access_token: check token_uri");
  AccessToken token;
  token.value = o->get("access_token").extract<std::string>();
  // Google always sends expires_in (3599); without it, assume its usual hour.
  int64_t lifetime = 3600;
  if (o->has("expires_in")) {
    try {
      lifetime = o->get("expires_in").convert<Poco::Int64>();
    } catch (const Poco::Exception&) {
      throw Permanent("OAuth token endpoint answered an unreadable expires_in");
    }
  }
  token.lifetime = std::chrono::seconds(lifetime);
  return token;
}

}  // namespace fcm
