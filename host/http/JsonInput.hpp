// JsonInput: small typed readers for request bodies that turn a wrong field into a 422
// naming the field, so every handler validates the same way.
#pragma once

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>

namespace sb::http {

// Required string field; 422 "field 'name' is required" / "must be a string".
std::string requireString(const Poco::JSON::Object::Ptr& body, const std::string& field);
std::optional<std::string> optionalString(const Poco::JSON::Object::Ptr& body, const std::string& field);
std::optional<int64_t> optionalInt(const Poco::JSON::Object::Ptr& body, const std::string& field);

}  // namespace sb::http
