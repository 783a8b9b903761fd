#include "http/handlers/UserHandlers.hpp"

#include "core/Error.hpp"
#include "http/JsonInput.hpp"
#include "notify/users/UserService.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace sb::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Poco::Dynamic::Var textOrNull(const std::string& s) { return s.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s); }

Object::Ptr deviceJson(const notify::Device& d) {
  Object::Ptr out = new Object;
  out->set("token", d.token);
  out->set("platform", d.platform);
  out->set("created_at", static_cast<Poco::Int64>(d.created_at));
  return out;
}

Object::Ptr userJson(const notify::Recipient& r) {
  Object::Ptr out = new Object;
  out->set("id", r.id);
  out->set("email", textOrNull(r.email));
  out->set("phone", textOrNull(r.phone));
  out->set("locale", textOrNull(r.locale));
  out->set("timezone", textOrNull(r.timezone));
  Array::Ptr devices = new Array;
  for (const auto& d : r.devices) devices->add(deviceJson(d));
  out->set("devices", devices);
  out->set("preferences", r.preferences.toJson());
  Poco::JSON::Parser parser;
  out->set("attributes", parser.parse(r.attributes_json));
  out->set("created_at", static_cast<Poco::Int64>(r.created_at));
  out->set("updated_at", static_cast<Poco::Int64>(r.updated_at));
  return out;
}

std::string requireTokenQuery(const ApiRequest& request) {
  auto token = request.queryParam("token");
  if (!token || token->empty()) {
    Object::Ptr details = new Object;
    details->set("field", "token");
    details->set("problem", "is required");
    throw unprocessable("query parameter 'token' is required", details);
  }
  return *token;
}

void removeDevice(notify::UserService& users, const ApiRequest& request, const std::string& token) {
  const auto& userId = request.param("user_id");
  if (!users.removeDevice(request.caller().tenant_id, userId, token)) {
    throw notFound("device of user " + userId);
  }
}

}  // namespace

void addUserRoutes(Router& router, notify::UserService& users) {
  router.add("PUT", "/api/v1/users/{user_id}", Access::Key, [&users](const ApiRequest& request) {
    auto input = notify::RecipientInput::fromJson(request.jsonObject());
    auto result = users.put(request.caller().tenant_id, request.param("user_id"), input);
    return ApiResponse::json(result.created ? 201 : 200, userJson(result.recipient));
  });
  router.add("GET", "/api/v1/users/{user_id}", Access::Key, [&users](const ApiRequest& request) {
    return ApiResponse::json(200, userJson(users.get(request.caller().tenant_id, request.param("user_id"))));
  });
  router.add("DELETE", "/api/v1/users/{user_id}", Access::Key, [&users](const ApiRequest& request) {
    users.remove(request.caller().tenant_id, request.param("user_id"));
    return ApiResponse::noContent();
  });

  router.add("POST", "/api/v1/users/{user_id}/devices", Access::Key, [&users](const ApiRequest& request) {
    auto body = request.jsonObject();
    notify::Device device{requireString(body, "token"), requireString(body, "platform")};
    const bool added = users.addDevice(request.caller().tenant_id, request.param("user_id"), device);
    auto user = users.get(request.caller().tenant_id, request.param("user_id"));
    for (const auto& d : user.devices) {
      if (d.token == device.token) return ApiResponse::json(added ? 201 : 200, deviceJson(d));
    }
    throw notFound("device of user " + user.id);  // removed concurrently
  });
  router.add("DELETE", "/api/v1/users/{user_id}/devices/{token}", Access::Key, [&users](const ApiRequest& request) {
    removeDevice(users, request, request.param("token"));
    return ApiResponse::noContent();
  });
  // For tokens that cannot travel in a path segment (web push endpoints hold '/').
  router.add("DELETE", "/api/v1/users/{user_id}/devices", Access::Key, [&users](const ApiRequest& request) {
    removeDevice(users, request, requireTokenQuery(request));
    return ApiResponse::noContent();
  });
}

}  // namespace sb::http
