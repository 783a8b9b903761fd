#include "http/handlers/PluginHandlers.hpp"

#include "plugin/PluginRegistry.hpp"

#include <Poco/JSON/Array.h>

namespace sb::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

const char* stateName(plugin::InstanceState s) {
  switch (s) {
    case plugin::InstanceState::Running: return "running";
    case plugin::InstanceState::Failed: return "failed";
    case plugin::InstanceState::Disabled: return "disabled";
  }
  return "unknown";
}

Object::Ptr instanceJson(plugin::PluginInstance& instance) {
  auto health = instance.health();
  Object::Ptr h = new Object;
  h->set("state", std::string(stateName(health.state)));
  if (!health.reason.empty()) h->set("reason", health.reason);
  h->set("calls", static_cast<Poco::UInt64>(health.calls));
  h->set("errors", static_cast<Poco::UInt64>(health.errors));
  h->set("faults", static_cast<Poco::UInt64>(health.faults));
  if (health.last_health) h->set("last_check", std::string(plugin::statusName(*health.last_health)));
  Object::Ptr out = new Object;
  out->set("name", instance.name());
  out->set("config", instance.config().redacted());
  out->set("health", h);
  return out;
}

Object::Ptr schemaField(const plugin::ConfigField& f) {
  Object::Ptr out = new Object;
  out->set("key", f.key);
  out->set("type", std::string(plugin::configTypeName(f.type)));
  if (f.default_value) out->set("default", *f.default_value);
  out->set("required", f.required);
  out->set("secret", f.secret);
  out->set("description", f.description);
  return out;
}

}  // namespace

void addPluginRoutes(Router& router, plugin::PluginRegistry& registry) {
  router.add("GET", "/api/v1/plugins", Access::Admin, [&registry](const ApiRequest&) {
    auto instances = registry.instances();
    Array::Ptr plugins = new Array;
    for (const auto& p : registry.plugins()) {
      Object::Ptr item = new Object;
      item->set("id", p->id());
      item->set("version", p->version());
      item->set("kind", p->kind());
      item->set("description", p->description());
      item->set("abi_version", p->abiVersion());
      item->set("file", p->file());
      item->set("threading", std::string(p->reentrant() ? "reentrant" : "serialized"));
      item->set("blocking", p->blocking());
      Array::Ptr schema = new Array;
      for (const auto& f : p->schema()) schema->add(schemaField(f));
      item->set("config_schema", schema);
      Array::Ptr list = new Array;
      for (const auto& i : instances)
        if (i->pluginHandle() == p) list->add(instanceJson(*i));
      item->set("instances", list);
      plugins->add(item);
    }
    Array::Ptr rejected = new Array;
    for (const auto& r : registry.rejected()) {
      Object::Ptr item = new Object;
      item->set("file", r.file);
      item->set("reason", r.reason);
      rejected->add(item);
    }
    Object::Ptr root = new Object;
    root->set("plugins", plugins);
    root->set("rejected", rejected);
    return ApiResponse::json(200, root);
  });
}

}  // namespace sb::http
