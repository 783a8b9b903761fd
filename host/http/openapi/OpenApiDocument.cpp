#include "http/openapi/OpenApiDocument.hpp"

#include "http/openapi/ApiDocsFiles.hpp"
#include "http/openapi/YamlJson.hpp"

#include <Poco/JSON/Stringifier.h>

#include <sstream>
#include <stdexcept>

namespace sb::http::openapi {

Poco::JSON::Object::Ptr openApiDocument() {
  Poco::Dynamic::Var document;
  try {
    document = yamlToJson(openApiYaml());
  } catch (const std::invalid_argument& e) {
    throw std::invalid_argument(std::string("host/http/openapi/openapi.yaml: ") + e.what());
  }
  if (document.type() != typeid(Poco::JSON::Object::Ptr))
    throw std::invalid_argument("host/http/openapi/openapi.yaml: the document must be a mapping");
  return document.extract<Poco::JSON::Object::Ptr>();
}

std::string openApiJson() {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(openApiDocument(), out);
  return out.str();
}

}  // namespace sb::http::openapi
