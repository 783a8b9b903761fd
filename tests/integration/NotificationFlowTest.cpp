// Notifications end to end: the real binary, real store (SQLite and PostgreSQL), real
// channel plugins (test_recorder writes what it delivers to a file the test reads).
#include "integration/SwitchboardServer.hpp"
#include "support/PostgresServer.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>
#include <thread>

namespace sb::test {
namespace {

namespace fs = std::filesystem;
using Poco::JSON::Object;



std::vector<std::string> lines(const std::string& file) {
  std::ifstream in(file);
  std::vector<std::string> out;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) out.push_back(line);
  return out;
}

enum class Backend { Sqlite, Postgres };

class NotificationFlowTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::Postgres) {
      std::string why;
      if (!PostgresServer::available(&why)) GTEST_SKIP() << why;
    }
    for (std::string name : {"test_recorder", "test_echo"})
      fs::copy_file(std::string(SB_TEST_PLUGIN_DIR) + "/" + name + ".so", plugins.file(name + ".so"));
  }

  // A server whose email and sms go to recorder instances `primary` then `backup`.
  std::unique_ptr<SwitchboardServer> start(const std::string& notificationsYaml = "") {
    ServerOptions o;
    if (GetParam() == Backend::Postgres) o.store_url = PostgresServer::shared().createDatabase();
    o.plugin_paths = {plugins.path()};
    o.plugins_yaml = "  instances:\n" + recorder("primary") + recorder("backup") +
                     "    - name: echo\n      plugin: test_echo\n      config: {greeting: hi}\n";
    o.extra_yaml =
        "notifications:\n  workers: 4\n  retry_initial: 100ms\n  retry_max: 400ms\n  breaker_failures: 100\n" +
        notificationsYaml +
        "  routes:\n"
        "    - {channel: email, providers: [primary, backup]}\n"
        "    - {channel: sms, providers: [primary]}\n"
        "    - {channel: webhook, providers: [echo]}\n";
    auto server = std::make_unique<SwitchboardServer>(o);
    key = server->adminKey();
    return server;
  }

  std::string recorder(const std::string& name) {
    return "    - name: " + name + "\n      plugin: test_recorder\n      config:\n        path: " + files.file(name + ".log") +
           "\n        mode_file: " + files.file(name + ".mode") + "\n";
  }
  void mode(const std::string& provider, const std::string& m) { std::ofstream(files.file(provider + ".mode")) << m; }
  std::vector<std::string> delivered(const std::string& provider) { return lines(files.file(provider + ".log")); }

  HttpResult put(SwitchboardServer& s, const std::string& path, const std::string& body) {
    return httpRequest(s.port(), "PUT", path, {{"Authorization", "Bearer " + key}}, body);
  }
  HttpResult send(SwitchboardServer& s, const std::string& body, const std::string& idempotencyKey = "") {
    std::vector<std::pair<std::string, std::string>> h{{"Authorization", "Bearer " + key}};
    if (!idempotencyKey.empty()) h.emplace_back("Idempotency-Key", idempotencyKey);
    return httpRequest(s.port(), "POST", "/api/v1/notifications", h, body);
  }
  Object::Ptr notification(SwitchboardServer& s, const std::string& id) {
    auto r = s.get("/api/v1/notifications/" + id, key);
    EXPECT_EQ(r.status, 200) << r.body;
    return json(r.body);
  }
  std::string statusOf(SwitchboardServer& s, const std::string& id) {
    return notification(s, id)->getValue<std::string>("status");
  }
  void createUser(SwitchboardServer& s, const std::string& id, const std::string& extra = "") {
    auto r = put(s, "/api/v1/users/" + id,
                 R"({"email":")" + id + R"(@example.com","phone":"+14155550100")" + extra + "}");
    ASSERT_LT(r.status, 300) << r.body;
  }

  TempDir plugins{"sb-nf-plugins"};
  TempDir files{"sb-nf-files"};
  std::string key;
};

TEST_P(NotificationFlowTest, AcceptedInlineNotificationIsDeliveredAndItsAttemptsAreListed) {
  auto server = start();
  createUser(*server, "alice");
  auto accepted = send(*server, R"({"user_id":"alice","channels":["email"],"content":{"subject":"Hello","text":"Hi"}})");
  ASSERT_EQ(accepted.status, 202) << accepted.body;
  std::string id = json(accepted.body)->getValue<std::string>("id");
  ASSERT_TRUE(waitFor([&] { return statusOf(*server, id) == "sent"; })) << notification(*server, id)->getArray("deliveries")->size();
  auto lines = delivered("primary");
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_NE(lines[0].find(id + "\temail\talice@example.com\tHello"), std::string::npos) << lines[0];
  auto d = notification(*server, id)->getArray("deliveries")->getObject(0);
  EXPECT_EQ(d->getValue<std::string>("provider"), "primary");
  EXPECT_EQ(d->getValue<std::string>("provider_message_id"), "rec-" + id);
  auto log = d->getArray("attempt_log");
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ(log->getObject(0)->getValue<std::string>("result"), "ok");
  EXPECT_TRUE(log->getObject(0)->has("latency_ms"));
}

TEST_P(NotificationFlowTest, TemplateIsRenderedWithDataAndItsVersionRecorded) {
  auto server = start();
  createUser(*server, "bob");
  auto t = server->post("/api/v1/templates",
                        R"({"key":"welcome","required_variables":["name"],"variants":[{"channel":"email","locale":"en","subject":"Welcome {{name}}","text":"Hi {{name}}"}]})",
                        key);
  ASSERT_EQ(t.status, 201) << t.body;
  auto missing = send(*server, R"({"user_id":"bob","template":"welcome","data":{}})");
  EXPECT_EQ(missing.status, 422) << missing.body;
  auto ok = send(*server, R"({"user_id":"bob","template":"welcome","data":{"name":"Bob"}})");
  ASSERT_EQ(ok.status, 202) << ok.body;
  std::string id = json(ok.body)->getValue<std::string>("id");
  ASSERT_TRUE(waitFor([&] { return !delivered("primary").empty(); }));
  EXPECT_NE(delivered("primary")[0].find("Welcome Bob"), std::string::npos);
  EXPECT_EQ(notification(*server, id)->getObject("template")->getValue<int>("version"), 1);
}

TEST_P(NotificationFlowTest, IdempotencyKeyReturnsTheFirstResultAndRejectsAnotherBody) {
  auto server = start();
  createUser(*server, "carol");
  std::string body = R"({"user_id":"carol","channels":["email"],"content":{"subject":"Once"}})";
  auto first = send(*server, body, "order-42");
  auto second = send(*server, body, "order-42");
  ASSERT_EQ(first.status, 202);
  ASSERT_EQ(second.status, 202);
  EXPECT_EQ(json(first.body)->getValue<std::string>("id"), json(second.body)->getValue<std::string>("id"));
  EXPECT_TRUE(json(second.body)->getValue<bool>("duplicate"));
  auto other = send(*server, R"({"user_id":"carol","channels":["email"],"content":{"subject":"Twice"}})", "order-42");
  EXPECT_EQ(other.status, 409) << other.body;
  ASSERT_TRUE(waitFor([&] { return delivered("primary").size() == 1; }));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_EQ(delivered("primary").size(), 1u);
}

TEST_P(NotificationFlowTest, ScheduledSendWaitsAndCanBeCancelled) {
  auto server = start();
  createUser(*server, "dave");
  auto now = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
  auto later = send(*server, R"({"user_id":"dave","channels":["email"],"content":{"subject":"Later"},"send_at":)" +
                                 std::to_string(now + 1500) + "}");
  auto cancelled = send(*server, R"({"user_id":"dave","channels":["email"],"content":{"subject":"Never"},"send_at":)" +
                                     std::to_string(now + 60000) + "}");
  std::string laterId = json(later.body)->getValue<std::string>("id");
  std::string cancelId = json(cancelled.body)->getValue<std::string>("id");
  EXPECT_EQ(httpRequest(server->port(), "DELETE", "/api/v1/notifications/" + cancelId, {{"Authorization", "Bearer " + key}}).status, 200);
  EXPECT_EQ(statusOf(*server, cancelId), "cancelled");
  std::this_thread::sleep_for(std::chrono::milliseconds(700));
  EXPECT_TRUE(delivered("primary").empty());  // not yet due
  ASSERT_TRUE(waitFor([&] { return statusOf(*server, laterId) == "sent"; }));
  EXPECT_EQ(delivered("primary").size(), 1u);
  EXPECT_EQ(httpRequest(server->port(), "DELETE", "/api/v1/notifications/" + laterId, {{"Authorization", "Bearer " + key}}).status, 409);
}

TEST_P(NotificationFlowTest, OptOutSkipsAndQuietHoursDelayButUrgentGoesThrough) {
  auto server = start();
  createUser(*server, "erin", R"(,"timezone":"UTC","preferences":{"opt_out":{"channels":["sms"]},"quiet_hours":{"start":"00:00","end":"23:59"}})");
  auto r = send(*server, R"({"user_id":"erin","channels":["email","sms"],"content":{"text":"x"}})");
  ASSERT_EQ(r.status, 202) << r.body;
  auto deliveries = json(r.body)->getArray("deliveries");
  std::map<std::string, Object::Ptr> byChannel;
  for (size_t i = 0; i < deliveries->size(); ++i) {
    auto d = deliveries->getObject(static_cast<unsigned>(i));
    byChannel[d->getValue<std::string>("channel")] = d;
  }
  EXPECT_EQ(byChannel["sms"]->getValue<std::string>("status"), "skipped");
  EXPECT_EQ(byChannel["sms"]->getValue<std::string>("reason"), "opted_out");
  EXPECT_EQ(byChannel["email"]->getValue<std::string>("status"), "queued");
  EXPECT_EQ(byChannel["email"]->getValue<std::string>("reason"), "quiet_hours");
  auto urgent = send(*server, R"({"user_id":"erin","channels":["email"],"priority":"urgent","content":{"subject":"Now"}})");
  ASSERT_TRUE(waitFor([&] { return delivered("primary").size() == 1; }));
  EXPECT_NE(delivered("primary")[0].find("Now"), std::string::npos);  // the quiet one is still waiting
}

TEST_P(NotificationFlowTest, FailsOverToTheSecondProviderWhileTheFirstIsDown) {
  auto server = start();
  createUser(*server, "frank");
  mode("primary", "retry");
  auto r = send(*server, R"({"user_id":"frank","channels":["email"],"content":{"subject":"Failover"}})");
  std::string id = json(r.body)->getValue<std::string>("id");
  ASSERT_TRUE(waitFor([&] { return statusOf(*server, id) == "sent"; }));
  auto d = notification(*server, id)->getArray("deliveries")->getObject(0);
  EXPECT_EQ(d->getValue<std::string>("provider"), "backup");
  auto log = d->getArray("attempt_log");
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ(log->getObject(0)->getValue<std::string>("provider"), "primary");
  EXPECT_EQ(log->getObject(0)->getValue<std::string>("result"), "retry");
  EXPECT_EQ(delivered("backup").size(), 1u);
}

TEST_P(NotificationFlowTest, RetriesThenSucceedsAndDeadLettersAfterMaxAttemptsThenRetriesByApi) {
  auto server = start("  max_attempts: 3\n");
  createUser(*server, "gina");
  mode("primary", "retry");
  auto r = send(*server, R"({"user_id":"gina","channels":["sms"],"content":{"text":"dead soon"}})");
  std::string id = json(r.body)->getValue<std::string>("id");
  ASSERT_TRUE(waitFor([&] { return statusOf(*server, id) == "dead"; }));
  auto d = notification(*server, id)->getArray("deliveries")->getObject(0);
  EXPECT_EQ(d->getValue<std::string>("reason"), "max_attempts");
  EXPECT_EQ(d->getValue<int>("attempts"), 3);
  auto dead = server->get("/api/v1/notifications?status=dead", key);
  EXPECT_EQ(json(dead.body)->getArray("notifications")->size(), 1u);
  mode("primary", "ok");
  auto requeued = server->post("/api/v1/notifications/" + id + "/retry", "", key);
  EXPECT_EQ(requeued.status, 202) << requeued.body;
  ASSERT_TRUE(waitFor([&] { return statusOf(*server, id) == "sent"; }))
      << server->get("/api/v1/notifications/" + id, key).body;
  EXPECT_EQ(server->post("/api/v1/notifications/" + id + "/retry", "", key).status, 409);
}

TEST_P(NotificationFlowTest, RecipientSideFailureFailsAtOnce) {
  auto server = start();
  createUser(*server, "hank");
  mode("primary", "invalid");
  auto r = send(*server, R"({"user_id":"hank","channels":["email"],"content":{"text":"x"}})");
  std::string id = json(r.body)->getValue<std::string>("id");
  ASSERT_TRUE(waitFor([&] { return statusOf(*server, id) == "failed"; }));
  EXPECT_EQ(notification(*server, id)->getArray("deliveries")->getObject(0)->getValue<std::string>("reason"),
            "invalid_recipient");
  EXPECT_TRUE(delivered("backup").empty());
}

TEST_P(NotificationFlowTest, ProviderReceiptMarksTheDeliveryDelivered) {
  auto server = start();
  createUser(*server, "ivy");
  auto r = send(*server, R"({"user_id":"ivy","channels":["webhook"],"content":{"text":"x"}})");
  std::string id = json(r.body)->getValue<std::string>("id");
  ASSERT_TRUE(waitFor([&] { return statusOf(*server, id) == "sent"; }));
  // test_echo's handler reports the message id in the body as delivered.
  auto receipt = httpRequest(server->port(), "POST", "/webhooks/echo", {{"Content-Type", "text/plain"}}, "echo-" + id);
  EXPECT_EQ(receipt.status, 200);
  EXPECT_TRUE(waitFor([&] { return statusOf(*server, id) == "delivered"; }));
  EXPECT_EQ(httpRequest(server->port(), "POST", "/webhooks/nobody", {}, "x").status, 404);
}

TEST_P(NotificationFlowTest, BatchAcceptsValidItemsAndReportsEachInvalidOne) {
  auto server = start();
  createUser(*server, "jack");
  auto r = server->post("/api/v1/notifications/batch",
                        R"({"notifications":[
                          {"user_id":"jack","channels":["email"],"content":{"subject":"one"}},
                          {"user_id":"nobody","channels":["email"],"content":{"subject":"two"}},
                          {"user_id":"jack","priority":"whenever","content":{"subject":"three"}},
                          {"user_id":"jack","channels":["email"],"content":{"subject":"four"}}]})",
                        key);
  ASSERT_EQ(r.status, 202) << r.body;
  auto body = json(r.body);
  EXPECT_EQ(body->getValue<int>("accepted"), 2);
  auto results = body->getArray("results");
  EXPECT_EQ(results->getObject(1)->getValue<int>("status"), 422);
  EXPECT_EQ(results->getObject(1)->getObject("error")->getValue<std::string>("code"), "unknown_user");
  EXPECT_EQ(results->getObject(2)->getValue<int>("status"), 422);
  ASSERT_TRUE(waitFor([&] { return delivered("primary").size() == 2; }));
}

TEST_P(NotificationFlowTest, CapsSkipBeyondTheLimit) {
  auto server = start("  caps:\n    - {channel: sms, scope: user, limit: 2, window: 1h, action: skip}\n");
  createUser(*server, "kim");
  std::vector<std::string> statuses;
  for (int i = 0; i < 3; ++i) {
    auto r = send(*server, R"({"user_id":"kim","channels":["sms"],"content":{"text":"x"}})");
    statuses.push_back(json(r.body)->getArray("deliveries")->getObject(0)->getValue<std::string>("status"));
  }
  EXPECT_EQ(statuses, (std::vector<std::string>{"queued", "queued", "skipped"}));
}

TEST_P(NotificationFlowTest, TenantsNeverSeeEachOthersNotifications) {
  auto server = start();
  createUser(*server, "lee");
  auto r = send(*server, R"({"user_id":"lee","channels":["email"],"content":{"text":"x"}})");
  std::string id = json(r.body)->getValue<std::string>("id");
  auto tenant = server->post("/api/v1/tenants", R"({"id":"other"})", key);
  auto otherKey = json(tenant.body)->getObject("admin_key")->getValue<std::string>("key");
  EXPECT_EQ(server->get("/api/v1/notifications/" + id, otherKey).status, 404);
  EXPECT_EQ(json(server->get("/api/v1/notifications", otherKey).body)->getArray("notifications")->size(), 0u);
  EXPECT_EQ(httpRequest(server->port(), "DELETE", "/api/v1/notifications/" + id, {{"Authorization", "Bearer " + otherKey}}).status, 404);
}

INSTANTIATE_TEST_SUITE_P(Backends, NotificationFlowTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto& info) { return info.param == Backend::Sqlite ? "Sqlite" : "Postgres"; });

}  // namespace
}  // namespace sb::test
