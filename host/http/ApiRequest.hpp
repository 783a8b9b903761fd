// ApiRequest / ApiResponse: the transport-neutral shapes handlers work with, so a handler
// can be called in a unit test without sockets and stays a thin adapter over a service.
#pragma once

#include "auth/Principal.hpp"

#include <Poco/JSON/Object.h>

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sb::http {

struct ApiRequest {
  std::string method;
  std::string path;  // decoded path, no query
  std::string uri;   // path and query exactly as sent (signature checks need the raw form)
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::map<std::string, std::string> params;                 // from the route pattern
  std::string route;                                         // the matched pattern, "" when none
  std::string body;
  std::string request_id;
  std::string remote;
  std::optional<auth::Principal> principal;

  const std::string& param(const std::string& name) const;
  std::optional<std::string> queryParam(std::string_view name) const;
  std::optional<std::string> header(std::string_view lowerCaseName) const;
  // The body parsed as a JSON object; throws sb::Error (415 wrong content type,
  // 400 malformed JSON or not an object).
  Poco::JSON::Object::Ptr jsonObject() const;
  // The authenticated principal; the dispatcher guarantees one on protected routes.
  const auth::Principal& caller() const;
};

struct ApiResponse {
  int status = 200;
  std::string body;
  std::string content_type = "application/json";
  std::vector<std::pair<std::string, std::string>> headers;

  static ApiResponse json(int status, const Poco::JSON::Object::Ptr& object);
  static ApiResponse json(int status, const Poco::Dynamic::Var& value);
  static ApiResponse text(int status, std::string body, std::string contentType = "text/plain; charset=utf-8");
  static ApiResponse noContent();
};

}  // namespace sb::http
