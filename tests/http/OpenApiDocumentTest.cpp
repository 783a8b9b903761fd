// The embedded OpenAPI document is well-formed: OpenAPI 3.0.x, every operation complete,
// every $ref resolving, path parameters declared; and the routes that serve it and /docs.
#include "http/openapi/ApiDocsFiles.hpp"
#include "http/openapi/ApiDocsRoutes.hpp"
#include "http/openapi/OpenApiDocument.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <functional>
#include <regex>
#include <set>
#include <string>
#include <vector>

namespace sb::http::openapi {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

const std::vector<std::string> kMethods = {"get", "put", "post", "delete", "patch", "options", "head", "trace"};

// Every "$ref" value anywhere in the document, with where it was found.
void collectRefs(const Poco::Dynamic::Var& node, const std::string& where,
                 std::vector<std::pair<std::string, std::string>>& out) {
  if (node.type() == typeid(Object::Ptr)) {
    auto object = node.extract<Object::Ptr>();
    for (const auto& [key, value] : *object) {
      if (key == "$ref") out.emplace_back(value.toString(), where);
      else collectRefs(value, where + "/" + key, out);
    }
  } else if (node.type() == typeid(Array::Ptr)) {
    auto array = node.extract<Array::Ptr>();
    for (size_t i = 0; i < array->size(); ++i)
      collectRefs(array->get(static_cast<unsigned>(i)), where + "/" + std::to_string(i), out);
  }
}

// Follows a local JSON pointer ("#/components/schemas/User"); false when it names nothing.
bool resolves(const Object::Ptr& document, const std::string& ref) {
  if (ref.rfind("#/", 0) != 0) return false;
  Poco::Dynamic::Var node = document;
  size_t start = 2;
  while (start <= ref.size()) {
    size_t end = ref.find('/', start);
    if (end == std::string::npos) end = ref.size();
    std::string part = ref.substr(start, end - start);
    part = std::regex_replace(std::regex_replace(part, std::regex("~1"), "/"), std::regex("~0"), "~");
    if (node.type() != typeid(Object::Ptr)) return false;
    auto object = node.extract<Object::Ptr>();
    if (!object->has(part)) return false;
    node = object->get(part);
    start = end + 1;
  }
  return true;
}

// The parameter objects of an operation (path-level ones first), $refs followed.
std::vector<Object::Ptr> parametersOf(const Object::Ptr& document, const Object::Ptr& pathItem, const Object::Ptr& op) {
  std::vector<Object::Ptr> out;
  auto parameters = document->getObject("components")->getObject("parameters");
  for (const auto& list : {pathItem->getArray("parameters"), op->getArray("parameters")}) {
    if (!list) continue;
    for (size_t i = 0; i < list->size(); ++i) {
      auto p = list->getObject(static_cast<unsigned>(i));
      if (p->has("$ref")) {
        const auto ref = p->getValue<std::string>("$ref");
        p = parameters->getObject(ref.substr(ref.rfind('/') + 1));
      }
      if (p) out.push_back(p);
    }
  }
  return out;
}

class OpenApiDocument : public ::testing::Test {
 protected:
  void SetUp() override { document_ = openApiDocument(); }

  using Visit = std::function<void(const std::string& path, const std::string& method, const Object::Ptr& pathItem,
                                   const Object::Ptr& op)>;
  void forEachOperation(const Visit& visit) {
    auto paths = document_->getObject("paths");
    for (const auto& [path, item] : *paths) {
      auto pathItem = item.extract<Object::Ptr>();
      for (const auto& method : kMethods)
        if (auto op = pathItem->getObject(method)) visit(path, method, pathItem, op);
    }
  }

  Object::Ptr document_;
};

TEST_F(OpenApiDocument, IsOpenApi30WithInfoAndPaths) {
  const auto version = document_->getValue<std::string>("openapi");
  EXPECT_EQ(version.rfind("3.0.", 0), 0u) << version;
  auto info = document_->getObject("info");
  ASSERT_TRUE(info);
  EXPECT_FALSE(info->getValue<std::string>("title").empty());
  EXPECT_TRUE(info->get("version").isString()) << "info.version must be a string";
  ASSERT_TRUE(document_->getObject("paths"));
  EXPECT_GT(document_->getObject("paths")->size(), 40u);
}

TEST_F(OpenApiDocument, EveryOperationHasResponsesIdTagSummaryAndAccess) {
  std::set<std::string> ids;
  std::set<std::string> declaredTags;
  auto tags = document_->getArray("tags");
  ASSERT_TRUE(tags);
  for (size_t i = 0; i < tags->size(); ++i)
    declaredTags.insert(tags->getObject(static_cast<unsigned>(i))->getValue<std::string>("name"));
  const std::set<std::string> accessLevels = {"public", "any", "key", "admin", "operator", "user"};
  int operations = 0;
  forEachOperation([&](const std::string& path, const std::string& method, const Object::Ptr&, const Object::Ptr& op) {
    ++operations;
    const std::string where = method + " " + path;
    auto responses = op->getObject("responses");
    ASSERT_TRUE(responses && responses->size() > 0) << where << " has no responses";
    for (const auto& [status, response] : *responses) {
      EXPECT_TRUE(status == "default" || std::regex_match(status, std::regex("[1-5][0-9][0-9]")))
          << where << ": " << status;
      EXPECT_EQ(response.type(), typeid(Object::Ptr)) << where << " " << status;
    }
    ASSERT_TRUE(op->has("operationId")) << where;
    EXPECT_TRUE(ids.insert(op->getValue<std::string>("operationId")).second)
        << where << ": operationId " << op->getValue<std::string>("operationId") << " is used twice";
    EXPECT_TRUE(op->has("summary")) << where;
    auto opTags = op->getArray("tags");
    ASSERT_TRUE(opTags && opTags->size() > 0) << where;
    EXPECT_EQ(declaredTags.count(opTags->getElement<std::string>(0)), 1u) << where << ": undeclared tag";
    ASSERT_TRUE(op->has("x-access")) << where;
    const auto access = op->getValue<std::string>("x-access");
    EXPECT_EQ(accessLevels.count(access), 1u) << where << ": x-access " << access;
    // Public operations say so to tools too: an empty security requirement.
    auto security = op->getArray("security");
    EXPECT_EQ(access == "public", security && security->size() == 0) << where << ": x-access and security disagree";
  });
  EXPECT_GT(operations, 50);
}

TEST_F(OpenApiDocument, EveryRefResolvesToAnExistingComponent) {
  std::vector<std::pair<std::string, std::string>> refs;
  collectRefs(document_, "", refs);
  ASSERT_GT(refs.size(), 100u);
  for (const auto& [ref, where] : refs) {
    EXPECT_EQ(ref.rfind("#/components/", 0), 0u) << where << ": " << ref;
    EXPECT_TRUE(resolves(document_, ref)) << where << ": " << ref << " resolves to nothing";
  }
}

TEST_F(OpenApiDocument, EveryPathParameterIsDeclaredAndRequired) {
  forEachOperation([&](const std::string& path, const std::string& method, const Object::Ptr& pathItem,
                       const Object::Ptr& op) {
    std::set<std::string> inPath;
    static const std::regex placeholder(R"(\{([^}]+)\})");
    for (std::sregex_iterator it(path.begin(), path.end(), placeholder), end; it != end; ++it) inPath.insert((*it)[1]);
    std::set<std::string> declared;
    for (const auto& p : parametersOf(document_, pathItem, op)) {
      if (p->getValue<std::string>("in") != "path") continue;
      declared.insert(p->getValue<std::string>("name"));
      EXPECT_TRUE(p->optValue<bool>("required", false)) << method << " " << path << ": path parameter not required";
    }
    EXPECT_EQ(inPath, declared) << method << " " << path;
  });
}

TEST_F(OpenApiDocument, ErrorsShareTheEnvelopeAndRateLimitedCarriesItsHeaders) {
  auto components = document_->getObject("components");
  auto envelope = components->getObject("schemas")->getObject("ErrorEnvelope");
  ASSERT_TRUE(envelope);
  auto error = envelope->getObject("properties")->getObject("error");
  auto required = error->getArray("required");
  ASSERT_TRUE(required);
  EXPECT_EQ(required->size(), 3u);  // code, message, details

  auto limited = components->getObject("responses")->getObject("RateLimited");
  ASSERT_TRUE(limited);
  for (const char* header : {"Retry-After", "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Reset"})
    EXPECT_TRUE(limited->getObject("headers")->has(header)) << header;

  // Every authenticated /api/ operation documents 401 and 429 (the WebSocket is not limited).
  forEachOperation([&](const std::string& path, const std::string& method, const Object::Ptr&, const Object::Ptr& op) {
    if (path.rfind("/api/", 0) != 0 || path == "/api/v1/ws") return;
    auto responses = op->getObject("responses");
    EXPECT_TRUE(responses->has("401")) << method << " " << path;
    EXPECT_TRUE(responses->has("429")) << method << " " << path;
  });
}

TEST_F(OpenApiDocument, SerializesToJsonThatParsesBackToTheSameDocument) {
  const auto text = openApiJson();
  Poco::JSON::Parser parser;
  auto parsed = parser.parse(text).extract<Object::Ptr>();
  EXPECT_EQ(parsed->getValue<std::string>("openapi"), document_->getValue<std::string>("openapi"));
  EXPECT_EQ(parsed->getObject("paths")->size(), document_->getObject("paths")->size());
  // Response codes stay strings, numbers stay numbers.
  EXPECT_NE(text.find(R"("200":)"), std::string::npos);
  EXPECT_NE(text.find(R"("maximum":500)"), std::string::npos);
}

TEST(ApiDocsRoutes, ServeTheDocumentToAnyCredentialAndThePagePublicly) {
  Router router;
  addApiDocsRoutes(router);
  auto spec = router.match("GET", "/api/v1/openapi.json");
  EXPECT_EQ(spec.route->access, Access::Any);
  auto answer = spec.route->handler(ApiRequest{});
  EXPECT_EQ(answer.status, 200);
  EXPECT_EQ(answer.content_type, "application/json");
  EXPECT_EQ(answer.body, openApiJson());

  auto docs = router.match("GET", "/docs");
  EXPECT_EQ(docs.route->access, Access::Public);
  auto page = docs.route->handler(ApiRequest{});
  EXPECT_EQ(page.status, 200);
  EXPECT_EQ(page.content_type, "text/html; charset=utf-8");
  bool csp = false;
  for (const auto& [name, value] : page.headers)
    if (name == "Content-Security-Policy") csp = value.find("default-src 'none'") != std::string::npos;
  EXPECT_TRUE(csp);
}

TEST(ApiDocsPage, LoadsNothingFromElsewhereAndUsesTheSharedKeySlot) {
  const std::string page(docsPageHtml());
  EXPECT_EQ(page.find("src="), std::string::npos) << "no external scripts or images";
  EXPECT_EQ(page.find("<link"), std::string::npos) << "no external stylesheets";
  EXPECT_EQ(page.find("http://"), std::string::npos);
  EXPECT_EQ(page.find("https://"), std::string::npos);
  EXPECT_NE(page.find("\"switchboard.key\""), std::string::npos);
  EXPECT_NE(page.find("/api/v1/openapi.json"), std::string::npos);
}

TEST(ApiDocsRoutes, NamesEveryAccessLevelAsTheDocumentDoes) {
  EXPECT_EQ(accessName(Access::Public), "public");
  EXPECT_EQ(accessName(Access::Any), "any");
  EXPECT_EQ(accessName(Access::Key), "key");
  EXPECT_EQ(accessName(Access::Admin), "admin");
}

}  // namespace
}  // namespace sb::http::openapi
