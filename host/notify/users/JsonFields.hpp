// JsonFields: typed reads of JSON request fields for the notify services, each failure a 422
// naming the field by its full path ("preferences.quiet_hours.start", "variants[2].html").
#pragma once

#include "core/Error.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

namespace sb::notify {

// 422 "field '<path>' <problem>" with details {field, problem}.
Error fieldError(const std::string& path, const std::string& problem);

// "a.b" from ("a", "b"); "b" when the prefix is empty.
std::string fieldPath(const std::string& prefix, const std::string& name);

// Each returns nullopt / nullptr when the field is absent or null, and throws fieldError
// when it has another type.
std::optional<std::string> stringField(const Poco::JSON::Object::Ptr& object, const std::string& name,
                                       const std::string& path);
Poco::JSON::Object::Ptr objectField(const Poco::JSON::Object::Ptr& object, const std::string& name,
                                    const std::string& path);
Poco::JSON::Array::Ptr arrayField(const Poco::JSON::Object::Ptr& object, const std::string& name,
                                  const std::string& path);
// An array of strings ("path[i]" in errors).
std::optional<std::vector<std::string>> stringListField(const Poco::JSON::Object::Ptr& object,
                                                        const std::string& name, const std::string& path);
// Element i of an array as an object ("path[i]" in errors).
Poco::JSON::Object::Ptr objectAt(const Poco::JSON::Array::Ptr& array, size_t i, const std::string& path);

}  // namespace sb::notify
