// The /docs page in headless Chromium against the real binary: it refuses a bad key with the
// server's message, renders every operation of the document with an admin key, filters,
// expands an operation's schemas and error examples, and keeps the key for the tab only.
// Screenshots go to <build>/test-artifacts/docs/.
#include "browser/WebDriver.hpp"
#include "integration/SwitchboardServer.hpp"

#include <Poco/JSON/Object.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <iostream>
#include <memory>

namespace sb::test {
namespace {

using namespace std::chrono_literals;
using Poco::JSON::Object;

std::string artifactDir() { return std::string(SB_BINARY_DIR) + "/test-artifacts/docs"; }

class ApiDocsPage : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    server_ = new SwitchboardServer();
    admin_ = server_->adminKey();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }
  void TearDown() override {
    if (HasFailure()) {
      for (const auto& line : browser->browserLog()) std::cerr << "browser: " << line << "\n";
      try {
        browser->saveScreenshot(artifactDir() + "/failure-" +
                                ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".png");
      } catch (const std::exception& e) {
        std::cerr << "no failure screenshot: " << e.what() << "\n";
      }
    }
  }

  std::string pageUrl() const { return "http://127.0.0.1:" + std::to_string(server_->port()) + "/docs"; }

  // How many operations the server's document has (what the page must show).
  static int documentedOperations() {
    auto document = json(server_->get("/api/v1/openapi.json", admin_).body);
    int count = 0;
    for (const auto& [path, item] : *document->getObject("paths")) {
      auto pathItem = item.extract<Object::Ptr>();
      for (const char* method : {"get", "put", "post", "delete", "patch"}) count += pathItem->has(method) ? 1 : 0;
    }
    return count;
  }

  void signIn(const std::string& key) {
    browser->waitFor("#key").sendKeys(key);
    browser->find("#keyform button[type=submit]").click();
  }
  // Operations shown (schema entries excluded: their search text starts with "schema").
  int visibleOperations() {
    return browser
        ->execute("return [...document.querySelectorAll('section.tag:not(.hidden) details.op:not(.hidden)')]"
                  ".filter((op) => !op.dataset.search.startsWith('schema ')).length;")
        .convert<int>();
  }
  std::string storedKey() {
    auto value = browser->execute("return sessionStorage.getItem('switchboard.key');");
    return value.isEmpty() ? std::string() : value.toString();
  }

  static SwitchboardServer* server_;
  static std::string admin_;
  std::unique_ptr<WebDriver> browser = std::make_unique<WebDriver>();
};

SwitchboardServer* ApiDocsPage::server_ = nullptr;
std::string ApiDocsPage::admin_;

TEST_F(ApiDocsPage, RefusedKeyShowsTheServersMessageAndIsNotKept) {
  browser->navigate(pageUrl());
  signIn("sbk_nobody_0000");
  ASSERT_TRUE(browser->waitUntil([&] { return browser->find("#status").hasClass("bad"); }, 10s));
  const auto status = browser->find("#status").text();
  EXPECT_NE(status.find("unauthenticated"), std::string::npos) << status;
  EXPECT_EQ(storedKey(), "");
  EXPECT_TRUE(browser->findAll("details.op").empty());
}

TEST_F(ApiDocsPage, RendersEveryOperationFiltersAndExpandsOne) {
  const int expected = documentedOperations();
  ASSERT_GT(expected, 50);
  browser->setWindowSize(1400, 1800);
  browser->navigate(pageUrl());
  signIn(admin_);
  ASSERT_TRUE(browser->waitUntil([&] { return visibleOperations() == expected; }, 15s))
      << visibleOperations() << " of " << expected << " operations shown; status: " << browser->find("#status").text();
  EXPECT_EQ(browser->find("#status").text(), std::to_string(expected) + " operations");
  EXPECT_EQ(storedKey(), admin_) << "the key is kept for this tab";
  EXPECT_GE(browser->findAll("nav a").size(), 10u);
  browser->saveScreenshot(artifactDir() + "/docs-overview.png");

  // Filtering by words narrows to the matching operations.
  browser->find("#filter").sendKeys("markread");
  ASSERT_TRUE(browser->waitUntil([&] { return visibleOperations() == 1; }, 5s)) << visibleOperations();
  browser->find("#filter").clear();
  browser->find("#filter").sendKeys(" ");  // clear() fires no input event
  ASSERT_TRUE(browser->waitUntil([&] { return visibleOperations() == expected; }, 5s));

  // One operation, expanded: auth, parameters, the body's fields from $refs, error examples.
  browser->find("#sendNotification > summary").click();
  const std::string text = browser->find("#sendNotification").text();
  for (const char* part : {"An API key (admin or service role)", "Idempotency-Key", "user_id", "channels", "AcceptResult",
                           "deliveries", "429", "\"code\":\"rate_limited\"", "\"code\":\"unauthenticated\""})
    EXPECT_NE(text.find(part), std::string::npos) << "missing '" << part << "' in:\n" << text.substr(0, 3000);
  browser->execute("document.getElementById('sendNotification').scrollIntoView();");
  browser->saveScreenshot(artifactDir() + "/docs-operation.png");

  for (const auto& line : browser->browserLog()) EXPECT_EQ(line.find("SEVERE"), std::string::npos) << line;
}

TEST_F(ApiDocsPage, AKeptKeyLoadsOnReloadAndForgetClearsIt) {
  browser->navigate(pageUrl());
  signIn(admin_);
  ASSERT_TRUE(browser->waitUntil([&] { return !browser->findAll("details.op").empty(); }, 15s));
  browser->navigate(pageUrl());  // same tab: sessionStorage survives
  ASSERT_TRUE(browser->waitUntil([&] { return !browser->findAll("details.op").empty(); }, 15s))
      << "the kept key was not used: " << browser->find("#status").text();
  browser->find("#forget").click();
  EXPECT_EQ(storedKey(), "");
  EXPECT_TRUE(browser->findAll("details.op").empty());
}

}  // namespace
}  // namespace sb::test
