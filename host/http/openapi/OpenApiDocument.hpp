// OpenApiDocument: the API's OpenAPI 3 document — openapi.yaml as built into the binary,
// converted to JSON.
#pragma once

#include <Poco/JSON/Object.h>

#include <string>

namespace sb::http::openapi {

// The embedded document as a JSON object (a new one on each call). Throws
// std::invalid_argument when the YAML is malformed or not a mapping.
Poco::JSON::Object::Ptr openApiDocument();
// The same, serialized: what GET /api/v1/openapi.json answers.
std::string openApiJson();

}  // namespace sb::http::openapi
