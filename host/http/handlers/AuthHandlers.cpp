#include "http/handlers/AuthHandlers.hpp"

#include "auth/ApiKeyService.hpp"
#include "auth/JwtVerifier.hpp"
#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "http/JsonInput.hpp"

#include <Poco/JSON/Array.h>

namespace sb::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr keyJson(const auth::ApiKeyRecord& k) {
  Object::Ptr out = new Object;
  out->set("id", k.id);
  out->set("tenant_id", k.tenant_id);
  out->set("name", k.name);
  out->set("role", std::string(auth::roleName(k.role)));
  out->set("created_at", static_cast<Poco::Int64>(k.created_at));
  out->set("revoked_at", k.revoked_at ? Poco::Dynamic::Var(static_cast<Poco::Int64>(*k.revoked_at)) : Poco::Dynamic::Var());
  out->set("last_used_at",
           k.last_used_at ? Poco::Dynamic::Var(static_cast<Poco::Int64>(*k.last_used_at)) : Poco::Dynamic::Var());
  return out;
}

// The only response that ever carries a key's secret: the one that creates it.
Object::Ptr issuedKeyJson(const auth::IssuedKey& issued) {
  auto out = keyJson(issued.record);
  out->set("key", issued.plaintext);
  return out;
}

void requireOperator(const ApiRequest& request) {
  if (!request.caller().operator_tenant) throw forbidden("only admin keys of the operator tenant manage tenants");
}

}  // namespace

void addAuthRoutes(Router& router, auth::ApiKeyService& keys, const auth::JwtIssuer& issuer,
                   int64_t maxTokenTtlSeconds) {
  router.add("POST", "/api/v1/keys", Access::Admin, [&keys](const ApiRequest& request) {
    auto body = request.jsonObject();
    auto name = requireString(body, "name");
    auto roleText = optionalString(body, "role").value_or("service");
    auto role = auth::parseRole(roleText);
    if (!role) throw unprocessable("field 'role' must be 'admin' or 'service'");
    return ApiResponse::json(201, issuedKeyJson(keys.createKey(request.caller().tenant_id, name, *role)));
  });
  router.add("GET", "/api/v1/keys", Access::Admin, [&keys](const ApiRequest& request) {
    Array::Ptr list = new Array;
    for (const auto& k : keys.listKeys(request.caller().tenant_id)) list->add(keyJson(k));
    Object::Ptr root = new Object;
    root->set("keys", list);
    return ApiResponse::json(200, root);
  });
  router.add("DELETE", "/api/v1/keys/{id}", Access::Admin, [&keys](const ApiRequest& request) {
    keys.revokeKey(request.caller().tenant_id, request.param("id"));
    return ApiResponse::noContent();
  });

  router.add("POST", "/api/v1/tenants", Access::Admin, [&keys](const ApiRequest& request) {
    requireOperator(request);
    auto body = request.jsonObject();
    auto id = requireString(body, "id");
    auto issued = keys.createTenant(id, optionalString(body, "name").value_or(id));
    Object::Ptr root = new Object;
    root->set("tenant_id", id);
    root->set("admin_key", issuedKeyJson(issued));
    return ApiResponse::json(201, root);
  });
  router.add("GET", "/api/v1/tenants", Access::Admin, [&keys](const ApiRequest& request) {
    requireOperator(request);
    Array::Ptr list = new Array;
    for (const auto& t : keys.listTenants()) {
      Object::Ptr item = new Object;
      item->set("id", t.id);
      item->set("name", t.name);
      item->set("operator", t.is_operator);
      item->set("created_at", static_cast<Poco::Int64>(t.created_at));
      list->add(item);
    }
    Object::Ptr root = new Object;
    root->set("tenants", list);
    return ApiResponse::json(200, root);
  });

  router.add("POST", "/api/v1/tokens", Access::Key, [&issuer, maxTokenTtlSeconds](const ApiRequest& request) {
    if (!issuer.enabled()) {
      throw Error(ErrorKind::Unavailable, "tokens_disabled", "token issuing needs auth.jwt.hs256_secret in the config");
    }
    auto body = request.jsonObject();
    auto user = requireString(body, "user_id");
    auto ttl = optionalInt(body, "ttl_seconds").value_or(3600);
    if (ttl <= 0 || ttl > maxTokenTtlSeconds) {
      throw unprocessable("field 'ttl_seconds' must be between 1 and " + std::to_string(maxTokenTtlSeconds));
    }
    int64_t now = nowUnixMs() / 1000;
    Object::Ptr root = new Object;
    root->set("token", issuer.issue(request.caller().tenant_id, user, ttl, now));
    root->set("expires_at", static_cast<Poco::Int64>(now + ttl));
    return ApiResponse::json(201, root);
  });

  router.add("GET", "/api/v1/me", Access::Any, [](const ApiRequest& request) {
    const auto& who = request.caller();
    Object::Ptr root = new Object;
    root->set("tenant_id", who.tenant_id);
    root->set("role", std::string(auth::roleName(who.role)));
    if (!who.key_id.empty()) root->set("key_id", who.key_id);
    if (!who.subject.empty()) root->set("user_id", who.subject);
    return ApiResponse::json(200, root);
  });
}

}  // namespace sb::http
