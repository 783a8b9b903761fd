// The real binary serves its own documentation: the OpenAPI document behind a credential
// (401 envelope without one), the reference page without one.
#include "integration/SwitchboardServer.hpp"

#include <Poco/JSON/Object.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

namespace sb::test {
namespace {

class ApiDocs : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { server_ = new SwitchboardServer(); }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  static SwitchboardServer* server_;
};

SwitchboardServer* ApiDocs::server_ = nullptr;

TEST_F(ApiDocs, TheDocumentNeedsACredential) {
  auto denied = server_->get("/api/v1/openapi.json");
  EXPECT_EQ(denied.status, 401);
  auto error = json(denied.body)->getObject("error");
  ASSERT_TRUE(error) << denied.body;
  EXPECT_EQ(error->getValue<std::string>("code"), "unauthenticated");
  EXPECT_TRUE(error->has("message"));
  EXPECT_TRUE(error->has("details"));
  EXPECT_EQ(server_->get("/api/v1/openapi.json", "sbk_wrong_key").status, 401);
}

TEST_F(ApiDocs, TheAdminKeyGetsTheDocumentAsJson) {
  auto answer = server_->get("/api/v1/openapi.json", server_->adminKey());
  ASSERT_EQ(answer.status, 200) << answer.body;
  EXPECT_EQ(answer.headers["content-type"].rfind("application/json", 0), 0u) << answer.headers["content-type"];
  auto document = json(answer.body);
  EXPECT_EQ(document->getValue<std::string>("openapi").rfind("3.0.", 0), 0u);
  auto paths = document->getObject("paths");
  ASSERT_TRUE(paths);
  EXPECT_TRUE(paths->has("/api/v1/notifications"));
  EXPECT_TRUE(paths->has("/api/v1/openapi.json"));
}

TEST_F(ApiDocs, ThePageIsPublicHtmlWithAStrictPolicy) {
  auto page = server_->get("/docs");
  ASSERT_EQ(page.status, 200);
  EXPECT_EQ(page.headers["content-type"].rfind("text/html", 0), 0u) << page.headers["content-type"];
  EXPECT_NE(page.headers["content-security-policy"].find("default-src 'none'"), std::string::npos);
  EXPECT_NE(page.body.find("Switchboard API"), std::string::npos);
  EXPECT_NE(page.body.find("/api/v1/openapi.json"), std::string::npos);
}

}  // namespace
}  // namespace sb::test
