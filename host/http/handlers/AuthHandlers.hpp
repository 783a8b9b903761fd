// AuthHandlers: API keys (/api/v1/keys), tenants (/api/v1/tenants), end-user tokens
// (/api/v1/tokens) and the caller's own identity (/api/v1/me).
#pragma once

#include "http/Router.hpp"

namespace sb::auth {
class ApiKeyService;
class JwtIssuer;
}  // namespace sb::auth

namespace sb::http {

void addAuthRoutes(Router& router, auth::ApiKeyService& keys, const auth::JwtIssuer& issuer,
                   int64_t maxTokenTtlSeconds);

}  // namespace sb::http
