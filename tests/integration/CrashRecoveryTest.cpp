// "Nothing accepted is lost": SIGKILL the server while it delivers, restart it, and every
// notification answered with 202 is delivered. Delivery is at-least-once: a delivery that
// was being sent at the kill is sent again after its lease runs out; the duplicates are
// counted and reported, never asserted away.
#include "integration/SwitchboardServer.hpp"
#include "support/PostgresServer.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <thread>

namespace sb::test {
namespace {

namespace fs = std::filesystem;

std::map<std::string, int> deliveredCounts(const std::string& file) {
  std::ifstream in(file);
  std::map<std::string, int> counts;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) counts[line.substr(0, line.find('\t'))]++;
  return counts;
}

enum class Backend { Sqlite, Postgres };

class CrashRecoveryTest : public ::testing::TestWithParam<Backend> {};

TEST_P(CrashRecoveryTest, EveryAcceptedNotificationIsDeliveredAfterSigkillAndRestart) {
  std::string storeUrl;
  if (GetParam() == Backend::Postgres) {
    std::string why;
    if (!PostgresServer::available(&why)) GTEST_SKIP() << why;
    storeUrl = PostgresServer::shared().createDatabase();
  }
  TempDir plugins("sb-crash-plugins"), files("sb-crash-files");
  fs::copy_file(std::string(SB_TEST_PLUGIN_DIR) + "/test_recorder.so", plugins.file("test_recorder.so"));
  ServerOptions o;
  o.store_url = storeUrl;
  o.plugin_paths = {plugins.path()};
  o.plugins_yaml = "  instances:\n    - name: rec\n      plugin: test_recorder\n      config:\n        path: " +
                   files.file("delivered.log") + "\n        delay: 15ms\n";
  o.extra_yaml = "notifications:\n  workers: 4\n  lease: 2s\n  routes:\n    - {channel: email, providers: [rec]}\n";

  auto server = std::make_unique<SwitchboardServer>(o);
  std::string key = server->adminKey(), folder = server->folder();
  ASSERT_EQ(httpRequest(server->port(), "PUT", "/api/v1/users/u1", {{"Authorization", "Bearer " + key}},
                        R"({"email":"u1@example.com"})").status, 201);
  std::set<std::string> accepted;
  for (int batch = 0; batch < 3; ++batch) {
    std::string body = R"({"notifications":[)";
    for (int i = 0; i < 100; ++i)
      body += std::string(i ? "," : "") + R"({"user_id":"u1","channels":["email"],"content":{"subject":"n"}})";
    body += "]}";
    HttpResult r;
    try {
      r = server->post("/api/v1/notifications/batch", body, key);
    } catch (const std::exception& e) {
      FAIL() << "batch " << batch << ": " << e.what() << "\n" << server->output();
    }
    ASSERT_EQ(r.status, 202) << r.body;
    Poco::JSON::Parser parser;
    auto results = parser.parse(r.body).extract<Poco::JSON::Object::Ptr>()->getArray("results");
    for (size_t i = 0; i < results->size(); ++i)
      accepted.insert(results->getObject(static_cast<unsigned>(i))->getValue<std::string>("id"));
  }
  ASSERT_EQ(accepted.size(), 300u);

  // Kill it mid-delivery: some sent, some in flight, most still queued.
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (deliveredCounts(files.file("delivered.log")).size() < 40 && std::chrono::steady_clock::now() < until)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  kill(server->pid(), SIGKILL);
  int code = server->stop();
  EXPECT_EQ(code, 128 + SIGKILL);
  size_t beforeRestart = deliveredCounts(files.file("delivered.log")).size();
  EXPECT_LT(beforeRestart, 300u) << "the kill came too late to test anything";

  if (GetParam() == Backend::Sqlite) {
    server = std::make_unique<SwitchboardServer>(o, folder);  // same SQLite file
  } else {
    server = std::make_unique<SwitchboardServer>(o);  // same PostgreSQL database
  }
  until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  std::map<std::string, int> counts;
  while (std::chrono::steady_clock::now() < until) {
    counts = deliveredCounts(files.file("delivered.log"));
    if (counts.size() >= accepted.size()) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  int duplicates = 0;
  for (const auto& id : accepted) {
    EXPECT_EQ(counts.count(id), 1u) << "lost: " << id;
    if (counts[id] > 1) duplicates += counts[id] - 1;
  }
  RecordProperty("delivered_before_kill", static_cast<int>(beforeRestart));
  RecordProperty("duplicates", duplicates);
  std::cout << "[crash recovery] accepted 300, delivered before SIGKILL " << beforeRestart << ", lost "
            << (accepted.size() - std::min(accepted.size(), counts.size())) << ", duplicates " << duplicates << "\n";
}

// Several instances on one PostgreSQL share the queue (FOR UPDATE SKIP LOCKED): every
// notification is delivered, by either instance, exactly once.
TEST(SharedQueue, TwoInstancesOnOnePostgresDeliverEachNotificationOnce) {
  std::string why;
  if (!PostgresServer::available(&why)) GTEST_SKIP() << why;
  TempDir plugins("sb-shared-plugins"), files("sb-shared-files");
  fs::copy_file(std::string(SB_TEST_PLUGIN_DIR) + "/test_recorder.so", plugins.file("test_recorder.so"));
  ServerOptions o;
  o.store_url = PostgresServer::shared().createDatabase();
  o.plugin_paths = {plugins.path()};
  o.plugins_yaml = "  instances:\n    - name: rec\n      plugin: test_recorder\n      config:\n        path: " +
                   files.file("delivered.log") + "\n        delay: 5ms\n";
  o.extra_yaml = "notifications:\n  workers: 4\n  poll_interval: 100ms\n  routes:\n    - {channel: email, providers: [rec]}\n";
  SwitchboardServer a(o);
  SwitchboardServer b(o);  // same database: bootstraps nothing new, migrates nothing
  std::string key = a.adminKey();
  ASSERT_EQ(httpRequest(a.port(), "PUT", "/api/v1/users/u1", {{"Authorization", "Bearer " + key}},
                        R"({"email":"u1@example.com"})").status, 201);
  std::string body = R"({"notifications":[)";
  for (int i = 0; i < 200; ++i)
    body += std::string(i ? "," : "") + R"({"user_id":"u1","channels":["email"],"content":{"subject":"n"}})";
  body += "]}";
  ASSERT_EQ(a.post("/api/v1/notifications/batch", body, key).status, 202);
  auto until = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  std::map<std::string, int> counts;
  while (std::chrono::steady_clock::now() < until) {
    counts = deliveredCounts(files.file("delivered.log"));
    if (counts.size() >= 200) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  counts = deliveredCounts(files.file("delivered.log"));
  EXPECT_EQ(counts.size(), 200u);
  for (const auto& [id, n] : counts) EXPECT_EQ(n, 1) << id << " delivered " << n << " times";
  // B serves the same tenant's data from the shared store.
  auto listed = b.get("/api/v1/notifications?limit=1", key);
  EXPECT_EQ(listed.status, 200);
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashRecoveryTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto& info) { return info.param == Backend::Sqlite ? "Sqlite" : "Postgres"; });

}  // namespace
}  // namespace sb::test
