// ApiDocsRoutes: the API documents itself — GET /api/v1/openapi.json (the OpenAPI document,
// any credential, as every endpoint but health) and GET /docs (a static reference page that
// holds no data: it asks for an API key and fetches the document with it).
#pragma once

#include "http/Router.hpp"

#include <string_view>

namespace sb::http {

// Converts the embedded document once, here, so a request never pays for it. Throws
// std::invalid_argument when openapi.yaml is malformed (the unit tests catch that first).
void addApiDocsRoutes(Router& router);

// The word the document's `x-access` uses for an access level: public, any, key or admin.
std::string_view accessName(Access access);

}  // namespace sb::http
