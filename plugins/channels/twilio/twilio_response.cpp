#include "twilio_response.hpp"


#include <Poco/Dynamic/Var.h>
#include <Poco/Exception.h>
#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>

namespace twilio {
namespace {

using switchboard::Failure;
using switchboard::Permanent;
using switchboard::Retry;

// Twilio's error body: {"code": 21211, "message": "...", "more_info": "...", "status": 400}.
struct ApiError {
  int64_t code = 0;
  std::string message;
  std::string more_info;
};

Poco::JSON::Object::Ptr parseObject(const std::string& body) {
  try {
    Poco::JSON::Parser parser;
    return parser.parse(body).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    return nullptr;
  } catch (const std::exception&) {  // e.g. a JSON array instead of an object
    return nullptr;
  }
}

std::string excerpt(const std::string& body) {
  constexpr std::size_t kLimit = 200;
  std::string out = body.substr(0, kLimit);
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return body.size() > kLimit ? out + "..." : out;
}

ApiError parseError(const std::string& body) {
  ApiError error;
  Poco::JSON::Object::Ptr object = parseObject(body);
  if (object.isNull()) {
    error.message = excerpt(body);  // not Twilio's JSON (a proxy's HTML page...): show what came
    return error;
  }
  try {
    if (object->has("code") && !object->isNull("code")) error.code = object->getValue<Poco::Int64>("code");
    if (object->has("message")) error.message = object->optValue<std::string>("message", "");
    if (object->has("more_info")) error.more_info = object->optValue<std::string>("more_info", "");
  } catch (const Poco::Exception&) {  // a field of an unexpected type: keep what we have
  }
  return error;
}

std::string describe(int status, const ApiError& error) {
  std::string out = "Twilio answered " + std::to_string(status);
  if (error.code != 0) out += ", error " + std::to_string(error.code);
  if (!error.message.empty()) out += ": " + error.message;
  if (!error.more_info.empty()) out += " (" + error.more_info + ")";
  return out;
}

}  // namespace

std::string messageSidOrThrow(const switchboard::HttpResponse& response, int64_t now_unix_ms) {
  const int status = response.status;
  if (status >= 200 && status < 300) {
    Poco::JSON::Object::Ptr object = parseObject(response.body);
    if (object.isNull()) return {};
    try {
      return object->optValue<std::string>("sid", "");
    } catch (const Poco::Exception&) {  // "sid": null or similar: accepted, id unknown
      return {};
    }
  }

  ApiError error = parseError(response.body);
  std::string reason = describe(status, error);
  if (status == 429 || status >= 500)
    throw Retry(reason, response.retryAfter(now_unix_ms));

  switch (error.code) {
    case 21211:  // invalid 'To' phone number
    case 21612:  // 'To' not reachable from this sender (carrier, region)
    case 21614:  // 'To' is not a mobile number
      throw Permanent(reason, Failure::Recipient);
    case 21610:  // the recipient replied STOP to this sender
      throw Permanent(reason, Failure::RecipientOptedOut);
    default:     // 20003 (authentication), 21606 (bad From), 3xx... : this provider's problem
      throw Permanent(reason, Failure::Provider);
  }
}

}  // namespace twilio
