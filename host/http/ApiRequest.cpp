#include "http/ApiRequest.hpp"

#include "core/Error.hpp"

#include <Poco/JSON/JSONException.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <sstream>

namespace sb::http {

const std::string& ApiRequest::param(const std::string& name) const {
  auto it = params.find(name);
  if (it == params.end()) throw Error(ErrorKind::Internal, "internal", "route has no parameter " + name);
  return it->second;
}

std::optional<std::string> ApiRequest::queryParam(std::string_view name) const {
  for (const auto& [k, v] : query)
    if (k == name) return v;
  return std::nullopt;
}

std::optional<std::string> ApiRequest::header(std::string_view lowerCaseName) const {
  for (const auto& [k, v] : headers)
    if (k == lowerCaseName) return v;
  return std::nullopt;
}

Poco::JSON::Object::Ptr ApiRequest::jsonObject() const {
  auto type = header("content-type");
  if (type && type->rfind("application/json", 0) != 0) {
    throw Error(ErrorKind::UnsupportedMedia, "unsupported_media_type",
                "expected Content-Type application/json, got " + *type);
  }
  if (body.empty()) throw invalidInput("request body must be a JSON object");
  try {
    Poco::JSON::Parser parser;
    auto value = parser.parse(body);
    auto object = value.extract<Poco::JSON::Object::Ptr>();
    if (!object) throw invalidInput("request body must be a JSON object");
    return object;
  } catch (const Poco::BadCastException&) {
    throw invalidInput("request body must be a JSON object");
  } catch (const Poco::Exception& e) {
    auto details = new Poco::JSON::Object;
    details->set("parser", e.message());
    throw Error(ErrorKind::InvalidInput, "invalid_json", "request body is not valid JSON", details);
  }
}

const auth::Principal& ApiRequest::caller() const {
  if (!principal) throw Error(ErrorKind::Unauthenticated, "unauthenticated", "a credential is required");
  return *principal;
}

ApiResponse ApiResponse::json(int status, const Poco::JSON::Object::Ptr& object) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(object, out);
  return ApiResponse{status, out.str(), "application/json", {}};
}

ApiResponse ApiResponse::json(int status, const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return ApiResponse{status, out.str(), "application/json", {}};
}

ApiResponse ApiResponse::text(int status, std::string body, std::string contentType) {
  return ApiResponse{status, std::move(body), std::move(contentType), {}};
}

ApiResponse ApiResponse::noContent() { return ApiResponse{204, "", "", {}}; }

}  // namespace sb::http
