// The OpenAPI document and the server agree: the real Switchboard is built in-process (SQLite in
// a temp folder, every optional route switched on) and each registered route must be
// documented with its method and access, and each documented operation must be a route.
#include "app/Switchboard.hpp"
#include "config/ConfigLoader.hpp"
#include "http/WebSocketEndpoint.hpp"
#include "http/openapi/OpenApiDocument.hpp"
#include "support/TempDir.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <string>

namespace sb {
namespace {

using Poco::JSON::Object;

const std::set<std::string> kMethods = {"get", "put", "post", "delete", "patch", "options", "head", "trace"};

struct Documented {
  std::string access;         // x-access
  bool own_security = false;  // the operation lists a non-empty `security` of its own
};

// The document may be narrower than the router where the handler checks more: `operator` on an
// admin route (the handler wants the operator tenant), or a credential on a public route whose
// handler authenticates itself (it then lists its `security`, as GET /metrics does).
bool accessAgrees(const Documented& documented, const std::string& registered) {
  if (documented.access == registered) return true;
  if (registered == "admin") return documented.access == "operator";
  if (registered == "public") return documented.access != "public" && documented.own_security;
  return false;
}

class OpenApiSync : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    spdlog::set_level(spdlog::level::warn);  // the server's start-up lines are noise here
    folder_ = new test::TempDir("sb-openapi-sync");
    // Every switch that registers optional routes is on here.
    const std::string yaml = "server:\n  host: 127.0.0.1\n  demo_pages: true\n"
                             "log:\n  level: warn\n  access_log: false\n"
                             "store:\n  url: sqlite:" + folder_->file("switchboard.db") + "\n"
                             "auth:\n  admin_key_file: " + folder_->file("admin.key") + "\n"
                             "plugins:\n  paths: []\n"
                             "metrics:\n  enabled: true\n";
    auto settings = config::loadConfigString(yaml, "<openapi-sync-test>");
    settings.server.port = 0;  // any free port: the server binds but is never started
    server_ = new app::Switchboard(std::move(settings));
  }
  static void TearDownTestSuite() {
    delete server_;
    delete folder_;
  }

  // "METHOD pattern" -> what the document says about who may call it.
  static std::map<std::string, Documented> documentedOperations() {
    std::map<std::string, Documented> out;
    auto paths = http::openapi::openApiDocument()->getObject("paths");
    for (const auto& [path, item] : *paths) {
      auto pathItem = item.extract<Object::Ptr>();
      for (const auto& [key, op] : *pathItem) {
        if (kMethods.count(key) == 0) continue;
        auto operation = op.extract<Object::Ptr>();
        std::string method = key;
        std::transform(method.begin(), method.end(), method.begin(), [](unsigned char c) { return std::toupper(c); });
        auto security = operation->getArray("security");
        out[method + " " + path] = {operation->optValue<std::string>("x-access", ""), security && security->size() > 0};
      }
    }
    return out;
  }

  static test::TempDir* folder_;
  static app::Switchboard* server_;
};

test::TempDir* OpenApiSync::folder_ = nullptr;
app::Switchboard* OpenApiSync::server_ = nullptr;

TEST_F(OpenApiSync, EveryRegisteredRouteIsDocumentedWithItsMethodAndAccess) {
  const auto documented = documentedOperations();
  const auto routes = server_->routes();
  ASSERT_GT(routes.size(), 50u);
  for (const auto& route : routes) {
    const std::string operation = route.method + " " + route.pattern;
    auto it = documented.find(operation);
    if (it == documented.end()) {
      ADD_FAILURE() << operation << " is registered but missing from host/http/openapi/openapi.yaml";
      continue;
    }
    EXPECT_TRUE(accessAgrees(it->second, route.access))
        << operation << ": the document says x-access " << it->second.access << ", the route requires " << route.access;
  }
}

TEST_F(OpenApiSync, EveryDocumentedOperationIsARegisteredRouteOrTheWebSocket) {
  std::set<std::string> registered;
  for (const auto& route : server_->routes()) registered.insert(route.method + " " + route.pattern);
  // The WebSocket upgrade is served by its own handler before routing (it owns the socket),
  // so it is not in the router; it is documented as GET on its path.
  const std::string webSocket = std::string("GET ") + http::kWebSocketPath;
  const auto documented = documentedOperations();
  ASSERT_EQ(documented.count(webSocket), 1u) << "the WebSocket endpoint must be documented";
  EXPECT_EQ(documented.at(webSocket).access, "user");
  for (const auto& [operation, access] : documented) {
    if (operation == webSocket) continue;
    EXPECT_EQ(registered.count(operation), 1u)
        << operation << " is documented in host/http/openapi/openapi.yaml but no route serves it";
  }
}

TEST_F(OpenApiSync, TheDocumentItselfAndTheReferencePageAreRoutes) {
  std::map<std::string, std::string> access;
  for (const auto& route : server_->routes()) access[route.method + " " + route.pattern] = route.access;
  EXPECT_EQ(access["GET /api/v1/openapi.json"], "any");
  EXPECT_EQ(access["GET /docs"], "public");
}

}  // namespace
}  // namespace sb
