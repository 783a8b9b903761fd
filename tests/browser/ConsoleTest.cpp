// The admin console end to end: the real binary serves /console, a headless Chromium opens it
// with the operator's admin key, and the page shows what the REST API knows — plugin health,
// a dead letter it can retry, failures, deliveries, model versions, experiments — and keeps
// up without a reload. Screenshots go to <build>/test-artifacts/console/.
#include "browser/WebDriver.hpp"
#include "integration/SwitchboardServer.hpp"
#include "support/FreePort.hpp"
#include "support/PostgresServer.hpp"

#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <memory>
#include <set>
#include <thread>

namespace sb::test {
namespace {

using Poco::JSON::Object;
using namespace std::chrono_literals;

// A webhook to a port nobody listens on fails (retryable) at once; with one attempt allowed
// its deliveries go dead. The console channel refuses mallory's address for good (failed).
std::string pluginsYaml(int closedPort) {
  return "  instances:\n"
         "    - name: console\n      plugin: console\n"
         "      config: {fail_recipients: [\"mallory@example.com\"]}\n"
         "    - name: crm-hook\n      plugin: webhook\n"
         "      config: {url: \"http://127.0.0.1:" + std::to_string(closedPort) + "/hook\", secret: s3cret, timeout: 2s}\n"
         "    - {name: popular, plugin: popularity}\n";
}

constexpr const char* kNotificationsAndRecommendations = R"(notifications:
  workers: 2
  max_attempts: 1
  breaker_failures: 1000
  routes:
    - {channel: email, providers: [console]}
    - {channel: webhook, providers: [crm-hook]}
recommendations:
  recommenders:
    - {name: popular}
  pipelines:
    - {name: default, recommender: popular}
    - {name: popular-again, recommender: popular}
  experiments:
    - name: home
      variants:
        - {name: a, weight: 1, pipeline: default}
        - {name: b, weight: 1, pipeline: popular-again}
)";

std::string artifactDir() { return std::string(SB_BINARY_DIR) + "/test-artifacts/console"; }

// The number a counter shows ("1,234" -> 1234), or -1 while it shows none ("–").
double counterValue(std::string text) {
  text.erase(std::remove(text.begin(), text.end(), ','), text.end());
  try {
    return std::stod(text);
  } catch (const std::exception&) {
    return -1;
  }
}

bool isPng(const std::string& bytes) { return bytes.size() > 1000 && bytes.rfind("\x89PNG\r\n\x1a\n", 0) == 0; }

std::string fileBytes(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

class ConsoleTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    ServerOptions o;
    o.plugins_yaml = pluginsYaml(freeTcpPort());
    o.extra_yaml = kNotificationsAndRecommendations;
    server_ = new SwitchboardServer(o);
    admin_ = server_->adminKey();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
  }

  void TearDown() override {
    if (HasFailure() && browser) {
      for (const auto& line : browser->browserLog()) std::cerr << "browser: " << line << "\n";
      try {
        browser->saveScreenshot(artifactDir() + "/failure-" +
                                ::testing::UnitTest::GetInstance()->current_test_info()->name() + ".png");
      } catch (const std::exception& e) {
        std::cerr << "no failure screenshot: " << e.what() << "\n";
      }
      std::string log = server().output();
      std::cerr << "server log (tail):\n" << log.substr(log.size() > 6000 ? log.size() - 6000 : 0) << "\n";
    }
  }

  SwitchboardServer& server() { return *server_; }

  HttpResult put(const std::string& path, const std::string& body) {
    return httpRequest(server().port(), "PUT", path, {{"Authorization", "Bearer " + admin_}}, body);
  }
  void createUser(const std::string& id) {
    auto r = put("/api/v1/users/" + id, R"({"email":")" + id + R"(@example.com"})");
    ASSERT_LT(r.status, 300) << r.body;
  }
  std::string send(const std::string& user, const std::string& channel, const std::string& text) {
    auto r = server().post("/api/v1/notifications",
                           R"({"user_id":")" + user + R"(","channels":[")" + channel +
                               R"("],"content":{"subject":"Hi","text":")" + text + R"("}})",
                           admin_);
    EXPECT_EQ(r.status, 202) << r.body;
    return r.status == 202 ? json(r.body)->getValue<std::string>("id") : "";
  }
  Object::Ptr notification(const std::string& id) {
    auto r = server().get("/api/v1/notifications/" + id, admin_);
    EXPECT_EQ(r.status, 200) << r.body;
    return json(r.body);
  }
  std::string statusOf(const std::string& id) { return notification(id)->getValue<std::string>("status"); }
  size_t attemptsLogged(const std::string& id) {
    return notification(id)->getArray("deliveries")->getObject(0)->getArray("attempt_log")->size();
  }

  void train(const std::string& recommender) {
    auto r = server().post("/api/v1/recommenders/" + recommender + "/train", "", admin_);
    ASSERT_EQ(r.status, 202) << r.body;
    std::string job = json(r.body)->getValue<std::string>("id");
    std::string status;
    ASSERT_TRUE(waitFor([&] {
      status = json(server().get("/api/v1/jobs/" + job, admin_).body)->getValue<std::string>("status");
      return status == "succeeded" || status == "failed";
    }, 60s));
    ASSERT_EQ(status, "succeeded");
  }

  std::string pageUrl() { return "http://127.0.0.1:" + std::to_string(server().port()) + "/console"; }

  void signIn(const std::string& key) {
    browser->navigate(pageUrl());
    browser->waitFor("#key").sendKeys(key);
    browser->find("#open").click();
  }
  void openConsole() {
    browser->setWindowSize(1440, 1300);
    signIn(admin_);
    bool live = browser->waitUntil([&] { return browser->find("#status").text() == "live"; }, 15s);
    ASSERT_TRUE(live) << "status '" << browser->find("#status").text() << "'; " << browser->find("#login-error").text();
  }
  // Rows are rebuilt when their data changes: look elements up afresh rather than hold them.
  std::string text(const std::string& css) { return browser->find(css).text(); }
  bool contains(const std::string& css, const std::string& part) { return text(css).find(part) != std::string::npos; }
  bool textBecomes(const std::string& css, const std::function<bool(const std::string&)>& good,
                   std::chrono::milliseconds timeout = 15s) {
    return browser->waitUntil([&] { return good(text(css)); }, timeout);
  }
  // The whole page: the window is made as tall as the document first.
  void screenshot(const std::string& name) {
    auto height = browser->execute(
        "return document.documentElement.scrollHeight + window.outerHeight - window.innerHeight;");
    browser->setWindowSize(1440, std::max(600, height.convert<int>()));
    std::string path = artifactDir() + "/" + name + ".png";
    browser->saveScreenshot(path);
    EXPECT_TRUE(isPng(fileBytes(path))) << path << " is not a PNG";
  }

  static SwitchboardServer* server_;
  static std::string admin_;
  std::unique_ptr<WebDriver> browser = std::make_unique<WebDriver>();
};

SwitchboardServer* ConsoleTest::server_ = nullptr;
std::string ConsoleTest::admin_;

TEST_F(ConsoleTest, PageIsAPublicSelfContainedShellWithoutData) {
  auto page = httpRequest(server().port(), "GET", "/console");
  ASSERT_EQ(page.status, 200) << page.body;
  EXPECT_EQ(page.headers["content-type"], "text/html; charset=utf-8");
  const auto& csp = page.headers["content-security-policy"];
  EXPECT_NE(csp.find("connect-src 'self'"), std::string::npos) << csp;
  EXPECT_NE(csp.find("frame-ancestors 'none'"), std::string::npos) << csp;
  EXPECT_EQ(page.headers["x-frame-options"], "DENY");
  EXPECT_EQ(page.headers["x-content-type-options"], "nosniff");
  EXPECT_NE(page.body.find("id=\"dead-list\""), std::string::npos);
  for (const char* external : {"http://", "https://", "//cdn", "src=\"http"})
    EXPECT_EQ(page.body.find(external), std::string::npos) << "the page must be self-contained: " << external;
  EXPECT_EQ(page.body.find(admin_), std::string::npos) << "no key in the page";
  // The data behind it needs the key.
  EXPECT_EQ(httpRequest(server().port(), "GET", "/api/v1/admin/queue").status, 401);
}

TEST_F(ConsoleTest, AdminEndpointsKeepTenantsApart) {
  createUser("olivia");
  std::string dead = send("olivia", "webhook", "operator tenant");
  ASSERT_TRUE(waitFor([&] { return statusOf(dead) == "dead"; }));

  auto operatorView = json(server().get("/api/v1/admin/queue", admin_).body);
  EXPECT_EQ(operatorView->getValue<std::string>("scope"), "all_tenants");
  EXPECT_GE(operatorView->getObject("totals")->getValue<int64_t>("dead"), 1);
  auto failures = json(server().get("/api/v1/admin/failures?limit=50", admin_).body)->getArray("failures");
  bool listed = false;
  for (size_t i = 0; i < failures->size(); ++i)
    listed |= failures->getObject(static_cast<unsigned>(i))->getValue<std::string>("notification_id") == dead;
  EXPECT_TRUE(listed);

  auto tenant = server().post("/api/v1/tenants", R"({"id":"acme"})", admin_);
  ASSERT_EQ(tenant.status, 201) << tenant.body;
  std::string acme = json(tenant.body)->getObject("admin_key")->getValue<std::string>("key");
  auto acmeView = server().get("/api/v1/admin/queue", acme);
  ASSERT_EQ(acmeView.status, 200) << acmeView.body;
  EXPECT_EQ(json(acmeView.body)->getValue<std::string>("scope"), "tenant");
  EXPECT_EQ(json(acmeView.body)->getValue<std::string>("tenant_id"), "acme");
  EXPECT_EQ(json(acmeView.body)->getObject("totals")->getValue<int64_t>("dead"), 0);
  EXPECT_EQ(json(server().get("/api/v1/admin/failures", acme).body)->getArray("failures")->size(), 0u);
  EXPECT_EQ(server().post("/api/v1/notifications/" + dead + "/retry", "", acme).status, 404);

  auto service = server().post("/api/v1/keys", R"({"name":"svc","role":"service"})", admin_);
  ASSERT_EQ(service.status, 201) << service.body;
  std::string serviceKey = json(service.body)->getValue<std::string>("key");
  EXPECT_EQ(server().get("/api/v1/admin/queue", serviceKey).status, 403);
  EXPECT_EQ(server().get("/api/v1/admin/failures?limit=0", admin_).status, 400);
}

TEST_F(ConsoleTest, ShowsLiveDataAndRetriesADeadLetter) {
  for (const char* user : {"alice", "bob", "mallory"}) createUser(user);
  std::string sent = send("alice", "email", "hello");
  std::string dead = send("bob", "webhook", "to a closed port");
  std::string failed = send("mallory", "email", "refused");
  ASSERT_TRUE(waitFor([&] { return statusOf(sent) == "sent"; }));
  ASSERT_TRUE(waitFor([&] { return statusOf(dead) == "dead"; })) << statusOf(dead);
  ASSERT_TRUE(waitFor([&] { return statusOf(failed) == "failed"; })) << statusOf(failed);
  // Events for the recommender, one model version, and a few lists served under the experiment.
  auto events = server().post("/api/v1/events",
                              R"([{"user_id":"alice","item_id":"i1","type":"purchase"},
                                  {"user_id":"bob","item_id":"i1","type":"purchase"},
                                  {"user_id":"bob","item_id":"i2","type":"view"}])",
                              admin_);
  ASSERT_EQ(events.status, 202) << events.body;
  train("popular");
  for (const char* user : {"carol", "dave", "erin", "frank", "carol"})  // carol's second list is cached
    ASSERT_EQ(server().get(std::string("/api/v1/recommendations/") + user + "?experiment=home", admin_).status, 200);

  openConsole();
  browser->execute("window.sameDocument = true;");  // gone if the page reloaded

  // Plugins and their instances, with health.
  for (std::string instance : {"console", "crm-hook", "popular"}) {
    std::string row = "#plugin-instances tr[data-instance=\"" + instance + "\"]";
    browser->waitFor(row);
    EXPECT_TRUE(contains(row, "running")) << instance << ": " << text(row);
  }
  EXPECT_TRUE(contains("#plugin-instances tr[data-instance=\"crm-hook\"]", "webhook"));

  // The dead letter, with why it died; the failures list has it and the refused one.
  const std::string deadRow = "#dead-list tr[data-id=\"" + dead + "\"]";
  browser->waitFor(deadRow);
  EXPECT_TRUE(contains(deadRow, "webhook")) << text(deadRow);
  EXPECT_FALSE(text(deadRow + " td.err").empty()) << "the last error is shown";
  browser->waitFor("#failure-list tr[data-notification=\"" + dead + "\"]");
  const std::string failedRow = "#failure-list tr[data-notification=\"" + failed + "\"]";
  browser->waitFor(failedRow);
  EXPECT_TRUE(contains(failedRow, "failed")) << text(failedRow);
  EXPECT_TRUE(browser->findAll("#dead-list tr[data-id=\"" + sent + "\"]").empty());

  // Queue depth, recent deliveries, the model version, the experiment with its impressions.
  EXPECT_TRUE(textBecomes("#queue-dead", [](const std::string& t) { return t != "–" && t != "0"; })) << text("#queue-dead");
  EXPECT_EQ(text("#queue-scope"), "All tenants (operator view).");
  const std::string sentRow = "#delivery-list tr[data-id=\"" + sent + "\"]";
  browser->waitFor(sentRow);
  EXPECT_TRUE(contains(sentRow, "console")) << text(sentRow);
  EXPECT_EQ(text(sentRow + " td.status"), "sent");
  const std::string model = "#recommender-list tr[data-recommender=\"popular\"]";
  browser->waitFor(model);
  EXPECT_EQ(text(model + " td.active-model .pill"), "v1");
  EXPECT_TRUE(contains(model + " td.versions", "v1 (active)")) << text(model);
  auto impressionsShown = [&] {
    int64_t shown = 0;
    for (const auto& cell : browser->findAll("#experiment-list tr[data-experiment=\"home\"] td.impressions"))
      shown += std::stoll(cell.text());
    return shown;
  };
  EXPECT_TRUE(browser->waitUntil([&] { return impressionsShown() == 5; }, 15s)) << text("#experiment-list");

  // Live counters, when this server has /metrics for the admin key; otherwise the panel says so.
  bool metrics = server().get("/metrics", admin_).status == 200;
  if (metrics) {
    EXPECT_TRUE(textBecomes("#counter-accepted", [](const std::string& t) { return counterValue(t) >= 3; }))
        << text("#counter-accepted");
    EXPECT_TRUE(textBecomes("#counter-dead", [](const std::string& t) { return counterValue(t) >= 1; }));
    // Five lists served, one from the cache.
    EXPECT_TRUE(textBecomes("#counter-cache", [](const std::string& t) { return t == "20.0 %"; })) << text("#counter-cache");
  } else {
    EXPECT_TRUE(textBecomes("#counters-error", [](const std::string& t) { return t.find("metrics unavailable") == 0; }))
        << text("#counters-error");
  }
  screenshot("console-overview");

  // Retry from the page: the server tries again (a second attempt is logged), fails again
  // (the port is still closed) and the delivery is dead once more.
  ASSERT_EQ(attemptsLogged(dead), 1u);
  ASSERT_TRUE(browser->waitUntil([&] {
    browser->find(deadRow + " button.retry").click();
    return true;
  }));
  EXPECT_TRUE(textBecomes("#notice", [&](const std::string& t) { return t.find("Requeued 1") == 0; }, 10s))
      << text("#notice");
  EXPECT_TRUE(waitFor([&] { return attemptsLogged(dead) == 2 && statusOf(dead) == "dead"; }))
      << server().get("/api/v1/notifications/" + dead, admin_).body;

  // New data shows up on its own.
  double accepted = metrics ? counterValue(text("#counter-accepted")) : 0;
  std::string later = send("alice", "email", "while watching");
  const std::string laterRow = "#delivery-list tr[data-id=\"" + later + "\"]";
  browser->waitFor(laterRow, 15s);
  EXPECT_TRUE(browser->waitUntil([&] { return text(laterRow + " td.status") == "sent"; }, 15s)) << text(laterRow);
  if (metrics) {
    EXPECT_TRUE(textBecomes("#counter-accepted", [&](const std::string& t) { return counterValue(t) > accepted; }));
  }
  EXPECT_TRUE(browser->execute("return window.sameDocument === true;").convert<bool>()) << "the page reloaded";
  screenshot("console-after-retry");
}

TEST_F(ConsoleTest, KeysThatCannotAdministerAreTurnedAwayWithTheApisMessage) {
  signIn("sbk_nothere_0123456789abcdef");
  EXPECT_TRUE(textBecomes("#login-error", [](const std::string& t) { return t.find("The key was refused") == 0; }))
      << text("#login-error");
  EXPECT_FALSE(browser->find("#console").displayed());

  auto service = server().post("/api/v1/keys", R"({"name":"console-svc","role":"service"})", admin_);
  ASSERT_EQ(service.status, 201) << service.body;
  signIn(json(service.body)->getValue<std::string>("key"));
  EXPECT_TRUE(textBecomes("#login-error", [](const std::string& t) { return t.find("needs an admin API key") != std::string::npos; }))
      << text("#login-error");
  EXPECT_TRUE(browser->execute("return sessionStorage.getItem('switchboard.key');").isEmpty());
  screenshot("console-login-refused");
}

TEST_F(ConsoleTest, TheKeyLastsForTheTabAndIsForgottenOnRequest) {
  openConsole();
  EXPECT_EQ(browser->execute("return sessionStorage.getItem('switchboard.key');").toString(), admin_);
  browser->navigate(pageUrl());  // a reload signs in again from sessionStorage
  EXPECT_TRUE(textBecomes("#status", [](const std::string& t) { return t == "live"; }));
  browser->find("#sign-out").click();
  EXPECT_TRUE(textBecomes("#status", [](const std::string& t) { return t == "signed out"; }));
  EXPECT_TRUE(browser->execute("return sessionStorage.getItem('switchboard.key');").isEmpty());
  EXPECT_TRUE(browser->find("#login").displayed());
}

// The admin endpoints' SQL on the other store: PostgreSQL (no browser needed for that).
TEST(ConsoleOnPostgres, QueueDepthAndFailuresCountTheSameWay) {
  std::string why;
  if (!PostgresServer::available(&why)) GTEST_SKIP() << why;
  ServerOptions o;
  o.store_url = PostgresServer::shared().createDatabase();
  o.plugins_yaml = pluginsYaml(freeTcpPort());
  o.extra_yaml = kNotificationsAndRecommendations;
  SwitchboardServer server(o);
  std::string key = server.adminKey();
  auto put = [&](const std::string& user) {
    return httpRequest(server.port(), "PUT", "/api/v1/users/" + user, {{"Authorization", "Bearer " + key}},
                       R"({"email":")" + user + R"(@example.com"})");
  };
  ASSERT_LT(put("bob").status, 300);
  ASSERT_LT(put("mallory").status, 300);
  auto send = [&](const std::string& body) {
    auto r = server.post("/api/v1/notifications", body, key);
    EXPECT_EQ(r.status, 202) << r.body;
    return json(r.body)->getValue<std::string>("id");
  };
  std::string dead = send(R"({"user_id":"bob","channels":["webhook"],"content":{"text":"x"}})");
  std::string failed = send(R"({"user_id":"mallory","channels":["email"],"content":{"text":"x"}})");
  // Scheduled far ahead: queued, not due.
  std::string later = send(R"({"user_id":"bob","channels":["email"],"content":{"text":"x"},"send_at":")" +
                           std::string("2999-01-01T00:00:00Z") + R"("})");
  auto statusOf = [&](const std::string& id) {
    return json(server.get("/api/v1/notifications/" + id, key).body)->getValue<std::string>("status");
  };
  ASSERT_TRUE(waitFor([&] { return statusOf(dead) == "dead" && statusOf(failed) == "failed"; }));
  EXPECT_EQ(statusOf(later), "pending");

  auto queue = server.get("/api/v1/admin/queue", key);
  ASSERT_EQ(queue.status, 200) << queue.body;
  auto q = json(queue.body);
  auto totals = q->getObject("totals");
  EXPECT_EQ(totals->getValue<int64_t>("dead"), 1) << queue.body;
  EXPECT_EQ(totals->getValue<int64_t>("failed"), 1) << queue.body;
  EXPECT_EQ(totals->getValue<int64_t>("queued"), 1) << queue.body;
  EXPECT_EQ(totals->getValue<int64_t>("due"), 0) << queue.body;
  EXPECT_EQ(q->getValue<int64_t>("waiting"), 1);
  EXPECT_TRUE(q->isNull("oldest_due_age_ms")) << queue.body;

  auto failures = server.get("/api/v1/admin/failures", key);
  ASSERT_EQ(failures.status, 200) << failures.body;
  auto list = json(failures.body)->getArray("failures");
  ASSERT_EQ(list->size(), 2u) << failures.body;
  std::set<std::string> statuses;
  for (size_t i = 0; i < list->size(); ++i) statuses.insert(list->getObject(static_cast<unsigned>(i))->getValue<std::string>("status"));
  EXPECT_EQ(statuses, (std::set<std::string>{"dead", "failed"}));
}

}  // namespace
}  // namespace sb::test
