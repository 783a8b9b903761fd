#include "http/JsonInput.hpp"

#include "core/Error.hpp"

namespace sb::http {
namespace {

Error fieldError(const std::string& field, const std::string& problem) {
  Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
  details->set("field", field);
  details->set("problem", problem);
  return unprocessable("field '" + field + "' " + problem, details);
}

}  // namespace

std::optional<std::string> optionalString(const Poco::JSON::Object::Ptr& body, const std::string& field) {
  if (!body->has(field) || body->isNull(field)) return std::nullopt;
  auto value = body->get(field);
  if (!value.isString()) throw fieldError(field, "must be a string");
  return value.extract<std::string>();
}

std::string requireString(const Poco::JSON::Object::Ptr& body, const std::string& field) {
  auto value = optionalString(body, field);
  if (!value || value->empty()) throw fieldError(field, "is required");
  return *value;
}

std::optional<int64_t> optionalInt(const Poco::JSON::Object::Ptr& body, const std::string& field) {
  if (!body->has(field) || body->isNull(field)) return std::nullopt;
  auto value = body->get(field);
  if (!value.isInteger()) throw fieldError(field, "must be an integer");
  return value.convert<Poco::Int64>();
}

}  // namespace sb::http
