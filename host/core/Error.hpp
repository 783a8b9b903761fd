// Error: the host's one exception hierarchy. Services throw these without knowing HTTP;
// the transport maps each kind to a status code in one place (http/ErrorEnvelope.cpp).
#pragma once

#include <Poco/JSON/Object.h>

#include <stdexcept>
#include <string>

namespace sb {

enum class ErrorKind {
  InvalidInput,       // malformed request (400)
  Unauthenticated,    // no or bad credential (401)
  Forbidden,          // credential lacks the right (403)
  NotFound,           // (404)
  MethodNotAllowed,   // (405)
  Conflict,           // state or idempotency conflict (409)
  PayloadTooLarge,    // (413)
  UnsupportedMedia,   // (415)
  Unprocessable,      // well-formed but semantically invalid (422)
  RateLimited,        // (429)
  Unavailable,        // dependency down, try later (503)
  Internal,           // a bug (500)
};

class Error : public std::runtime_error {
 public:
  Error(ErrorKind kind, std::string code, const std::string& message,
        Poco::JSON::Object::Ptr details = nullptr)
      : std::runtime_error(message), kind_(kind), code_(std::move(code)), details_(std::move(details)) {}

  ErrorKind kind() const { return kind_; }
  // Stable machine-readable code, e.g. "invalid_json", "not_found".
  const std::string& code() const { return code_; }
  // Optional structured details (field errors, allowed methods...); may be null.
  Poco::JSON::Object::Ptr details() const { return details_; }

 private:
  ErrorKind kind_;
  std::string code_;
  Poco::JSON::Object::Ptr details_;
};

// Shorthands for the common kinds, so call sites read as intent.
inline Error invalidInput(const std::string& message, Poco::JSON::Object::Ptr details = nullptr) {
  return Error(ErrorKind::InvalidInput, "invalid_input", message, std::move(details));
}
inline Error notFound(const std::string& what) {
  return Error(ErrorKind::NotFound, "not_found", what + " not found");
}
inline Error forbidden(const std::string& message) {
  return Error(ErrorKind::Forbidden, "forbidden", message);
}
inline Error conflict(const std::string& message) {
  return Error(ErrorKind::Conflict, "conflict", message);
}
inline Error unprocessable(const std::string& message, Poco::JSON::Object::Ptr details = nullptr) {
  return Error(ErrorKind::Unprocessable, "unprocessable", message, std::move(details));
}

}  // namespace sb
