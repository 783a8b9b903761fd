#include "http/handlers/ReloadHandlers.hpp"

#include "core/Error.hpp"

#include <Poco/JSON/Array.h>

namespace sb::http {
namespace {

Poco::JSON::Array::Ptr strings(const std::vector<std::string>& items) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const auto& i : items) out->add(i);
  return out;
}

Poco::JSON::Array::Ptr problems(const std::vector<config::ConfigProblem>& items) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const auto& p : items) {
    Poco::JSON::Object::Ptr o = new Poco::JSON::Object;
    o->set("file", p.file);
    o->set("line", p.line);
    o->set("column", p.column);
    o->set("key", p.key_path);
    o->set("message", p.message);
    o->set("text", p.format());
    out->add(o);
  }
  return out;
}

}  // namespace

void addReloadRoutes(Router& router, std::function<config::ReloadResult()> reload) {
  router.add("POST", "/api/v1/admin/reload", Access::Admin, [reload = std::move(reload)](const ApiRequest& request) {
    if (!request.caller().operator_tenant) throw forbidden("reloading affects every tenant: it needs an operator admin key");
    auto result = reload();
    if (!result.applied) {
      Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
      details->set("source", result.source);
      details->set("problems", problems(result.problems));
      throw Error(ErrorKind::Unprocessable, "config_invalid",
                  "the new configuration was refused; the running one is kept", details);
    }
    Poco::JSON::Object::Ptr body = new Poco::JSON::Object;
    body->set("status", "reloaded");
    body->set("source", result.source);
    body->set("changes", strings(result.changes));
    body->set("restart_required", strings(result.restart_required));
    return ApiResponse::json(200, body);
  });
}

}  // namespace sb::http
