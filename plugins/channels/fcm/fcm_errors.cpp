#include "fcm_errors.hpp"

#include <Poco/DateTime.h>
#include <Poco/DateTimeFormat.h>
#include <Poco/DateTimeParser.h>
#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

#include <cctype>
#include <string>

namespace fcm {

namespace {

using switchboard::Failure;
using switchboard::Permanent;
using switchboard::Retry;

constexpr std::string_view kFcmErrorType = "type.googleapis.com/google.firebase.fcm.v1.FcmError";

std::string member(const Poco::JSON::Object& o, const std::string& key) {
  if (!o.has(key) || o.isNull(key)) return {};
  return o.get(key).convert<std::string>();
}

std::string describe(int status, const GoogleError& e) {
  std::string text = "FCM answered " + std::to_string(status);
  if (!e.status.empty()) text += " " + e.status;
  if (!e.error_code.empty() && e.error_code != e.status) text += " " + e.error_code;
  if (!e.message.empty()) text += ": " + e.message;
  return text;
}

}  // namespace

GoogleError parseGoogleError(std::string_view body) {
  GoogleError out;
  try {
    Poco::JSON::Parser parser;
    auto root = parser.parse(std::string(body)).extract<Poco::JSON::Object::Ptr>();
    Poco::JSON::Object::Ptr error = root.isNull() ? Poco::JSON::Object::Ptr() : root->getObject("error");
    if (error.isNull()) return out;
    out.parsed = true;
    out.status = member(*error, "status");
    out.message = member(*error, "message");
    if (Poco::JSON::Array::Ptr details = error->getArray("details"); !details.isNull()) {
      for (std::size_t i = 0; i < details->size(); ++i) {
        Poco::JSON::Object::Ptr detail = details->getObject(static_cast<unsigned>(i));
        if (!detail.isNull() && member(*detail, "@type") == kFcmErrorType) out.error_code = member(*detail, "errorCode");
      }
    }
  } catch (const Poco::Exception&) {
    // Not JSON (an HTML page from a proxy): the HTTP status alone must do.
  }
  return out;
}

void throwSendFailure(const switchboard::HttpResponse& response, int64_t now_ms) {
  const int status = response.status;
  const GoogleError e = parseGoogleError(response.body);
  const std::string why = describe(status, e);
  const std::string& code = e.error_code;

  // FCM's own error code is the most precise; the HTTP status is the fallback.
  if (code == "UNREGISTERED") throw Permanent(why, Failure::RecipientGone);
  if (code == "INVALID_ARGUMENT") throw Permanent(why, Failure::Recipient);
  if (code == "SENDER_ID_MISMATCH" || code == "THIRD_PARTY_AUTH_ERROR") throw Permanent(why);
  if (code == "QUOTA_EXCEEDED" || code == "UNAVAILABLE" || code == "INTERNAL")
    throw Retry(why, response.retryAfter(now_ms));

  if (status == 404) {
    // Only Google's JSON NOT_FOUND says the token is gone. A bare 404 (an HTML page) means
    // a wrong base_url or proxy, and treating it as "gone" would make the host delete
    // every user's valid device token.
    if (e.parsed) throw Permanent(why, Failure::RecipientGone);
    throw Permanent(why + " (not an FCM error: check base_url)");
  }
  if (status == 400) throw Permanent(why, Failure::Recipient);
  if (status == 429 || status >= 500) throw Retry(why, response.retryAfter(now_ms));
  // 401 after a fresh token, 403 PERMISSION_DENIED and the rest: this provider's setup.
  throw Permanent(why);
}

}  // namespace fcm
