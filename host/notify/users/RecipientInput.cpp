#include "notify/users/RecipientInput.hpp"

#include "notify/users/JsonFields.hpp"

#include <Poco/JSON/Stringifier.h>

#include <set>
#include <sstream>

namespace sb::notify {
namespace {

constexpr size_t kMaxAttributesBytes = 64 * 1024;

void refuseUnknown(const Poco::JSON::Object::Ptr& object, const std::set<std::string>& known, const std::string& path) {
  for (const auto& [name, value] : *object) {
    if (known.count(name) == 0) throw fieldError(fieldPath(path, name), "is not a known field");
  }
}

std::vector<Device> devicesFrom(const Poco::JSON::Array::Ptr& array) {
  std::vector<Device> out;
  for (size_t i = 0; i < array->size(); ++i) {
    const std::string path = "devices[" + std::to_string(i) + "]";
    auto item = objectAt(array, i, "devices");
    refuseUnknown(item, {"token", "platform", "created_at"}, path);
    Device d;
    d.token = stringField(item, "token", path + ".token").value_or("");
    d.platform = stringField(item, "platform", path + ".platform").value_or("");
    out.push_back(std::move(d));
  }
  return out;
}

}  // namespace

RecipientInput RecipientInput::fromJson(const Poco::JSON::Object::Ptr& body) {
  refuseUnknown(body,
                {"id", "created_at", "updated_at", "email", "phone", "locale", "timezone", "devices", "preferences",
                 "attributes"},
                "");
  RecipientInput in;
  in.email = stringField(body, "email", "email").value_or("");
  in.phone = stringField(body, "phone", "phone").value_or("");
  in.locale = stringField(body, "locale", "locale").value_or("");
  in.timezone = stringField(body, "timezone", "timezone").value_or("");
  if (auto devices = arrayField(body, "devices", "devices")) in.devices = devicesFrom(devices);
  if (body->has("preferences")) {
    in.preferences = Preferences::fromJson(objectField(body, "preferences", "preferences"), "preferences");
  }
  if (auto attributes = objectField(body, "attributes", "attributes")) {
    std::ostringstream out;
    Poco::JSON::Stringifier::stringify(attributes, out);
    in.attributes_json = out.str();
    if (in.attributes_json.size() > kMaxAttributesBytes) {
      throw fieldError("attributes", "must be at most " + std::to_string(kMaxAttributesBytes) + " bytes of JSON");
    }
  }
  return in;
}

}  // namespace sb::notify
