// ApiResponseJson: reading handler answers in route tests — the body as a JSON object and
// the error envelope's code and details. Header-only (needs the host's http/ headers).
#pragma once

#include "http/ApiRequest.hpp"

#include <Poco/JSON/Parser.h>

#include <string>

namespace sb::test {

inline Poco::JSON::Object::Ptr parseObject(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

// The error envelope's details.<name> as text ("" when absent).
inline std::string errorDetail(const http::ApiResponse& response, const std::string& name) {
  auto error = parseObject(response.body)->getObject("error");
  if (!error) return {};
  auto details = error->getObject("details");
  return details && details->has(name) ? details->get(name).toString() : std::string();
}

inline std::string errorCode(const http::ApiResponse& response) {
  auto error = parseObject(response.body)->getObject("error");
  return error ? error->getValue<std::string>("code") : std::string();
}

}  // namespace sb::test
