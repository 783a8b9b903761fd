#include "http/ErrorEnvelope.hpp"

#include <Poco/JSON/Array.h>

namespace sb::http {

int httpStatusFor(ErrorKind kind) {
  switch (kind) {
    case ErrorKind::InvalidInput: return 400;
    case ErrorKind::Unauthenticated: return 401;
    case ErrorKind::Forbidden: return 403;
    case ErrorKind::NotFound: return 404;
    case ErrorKind::MethodNotAllowed: return 405;
    case ErrorKind::Conflict: return 409;
    case ErrorKind::PayloadTooLarge: return 413;
    case ErrorKind::UnsupportedMedia: return 415;
    case ErrorKind::Unprocessable: return 422;
    case ErrorKind::RateLimited: return 429;
    case ErrorKind::Unavailable: return 503;
    case ErrorKind::Internal: return 500;
  }
  return 500;
}

namespace {

ApiResponse envelope(int status, const std::string& code, const std::string& message,
                     Poco::JSON::Object::Ptr details) {
  Poco::JSON::Object::Ptr error = new Poco::JSON::Object;
  error->set("code", code);
  error->set("message", message);
  error->set("details", details ? details : Poco::JSON::Object::Ptr(new Poco::JSON::Object));
  Poco::JSON::Object::Ptr root = new Poco::JSON::Object;
  root->set("error", error);
  return ApiResponse::json(status, root);
}

}  // namespace

ApiResponse errorResponse(const Error& error) {
  auto response = envelope(httpStatusFor(error.kind()), error.code(), error.what(), error.details());
  if (error.kind() == ErrorKind::MethodNotAllowed && error.details() && error.details()->has("allowed")) {
    std::string allow;
    for (const auto& m : *error.details()->getArray("allowed")) {
      if (!allow.empty()) allow += ", ";
      allow += m.toString();
    }
    response.headers.emplace_back("Allow", allow);
  }
  if (error.kind() == ErrorKind::Unauthenticated) {
    response.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"switchboard\"");
  }
  return response;
}

ApiResponse errorResponse(int status, const std::string& code, const std::string& message) {
  return envelope(status, code, message, nullptr);
}

}  // namespace sb::http
