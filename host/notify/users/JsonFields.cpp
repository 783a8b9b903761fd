#include "notify/users/JsonFields.hpp"

namespace sb::notify {
namespace {

bool absent(const Poco::JSON::Object::Ptr& object, const std::string& name) {
  return !object || !object->has(name) || object->isNull(name);
}

}  // namespace

Error fieldError(const std::string& path, const std::string& problem) {
  Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
  details->set("field", path);
  details->set("problem", problem);
  return unprocessable("field '" + path + "' " + problem, details);
}

std::string fieldPath(const std::string& prefix, const std::string& name) {
  return prefix.empty() ? name : prefix + "." + name;
}

std::optional<std::string> stringField(const Poco::JSON::Object::Ptr& object, const std::string& name,
                                       const std::string& path) {
  if (absent(object, name)) return std::nullopt;
  auto value = object->get(name);
  if (!value.isString()) throw fieldError(path, "must be a string");
  return value.extract<std::string>();
}

Poco::JSON::Object::Ptr objectField(const Poco::JSON::Object::Ptr& object, const std::string& name,
                                    const std::string& path) {
  if (absent(object, name)) return nullptr;
  auto value = object->getObject(name);
  if (!value) throw fieldError(path, "must be an object");
  return value;
}

Poco::JSON::Array::Ptr arrayField(const Poco::JSON::Object::Ptr& object, const std::string& name,
                                  const std::string& path) {
  if (absent(object, name)) return nullptr;
  auto value = object->getArray(name);
  if (!value) throw fieldError(path, "must be an array");
  return value;
}

std::optional<std::vector<std::string>> stringListField(const Poco::JSON::Object::Ptr& object,
                                                        const std::string& name, const std::string& path) {
  auto array = arrayField(object, name, path);
  if (!array) return std::nullopt;
  std::vector<std::string> out;
  for (size_t i = 0; i < array->size(); ++i) {
    auto value = array->get(static_cast<unsigned>(i));
    if (!value.isString()) throw fieldError(path + "[" + std::to_string(i) + "]", "must be a string");
    out.push_back(value.extract<std::string>());
  }
  return out;
}

Poco::JSON::Object::Ptr objectAt(const Poco::JSON::Array::Ptr& array, size_t i, const std::string& path) {
  auto value = array->getObject(static_cast<unsigned>(i));
  if (!value) throw fieldError(path + "[" + std::to_string(i) + "]", "must be an object");
  return value;
}

}  // namespace sb::notify
