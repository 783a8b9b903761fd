// Hot reload through the real binary: SIGHUP and POST /api/v1/admin/reload re-read the
// config file and the plugin folder. A bad config is refused with file:line:column and the
// running one kept; a new instance appears; a plugin's .so replaced under load is swapped
// in without a failed request or a lost delivery.
#include "integration/SwitchboardServer.hpp"
#include "support/TempDir.hpp"

#include <Poco/JSON/Array.h>
#include <gtest/gtest.h>
#include <signal.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

namespace sb::test {
namespace {

namespace fs = std::filesystem;

std::string readFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::set<std::string> deliveredIds(const std::string& file) {
  std::ifstream in(file);
  std::set<std::string> ids;
  for (std::string line; std::getline(in, line);)
    if (!line.empty()) ids.insert(line.substr(0, line.find('\t')));
  return ids;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

class ReloadTest : public ::testing::Test {
 protected:
  void SetUp() override {
    fs::copy_file(std::string(SB_TEST_PLUGIN_DIR) + "/test_recorder.so", plugins.file("test_recorder.so"));
    fs::copy_file(std::string(SB_BINARY_DIR) + "/plugins/console.so", plugins.file("console.so"));
    ServerOptions o;
    o.plugin_paths = {plugins.path()};
    o.plugins_yaml = "  instances:\n    - name: rec\n      plugin: test_recorder\n      config:\n        path: " +
                     files.file("delivered.log") + "\n        delay: 2ms\n";
    // The load test sends as fast as the machine allows: that is not what rate limits are
    // tested with here (RateLimitTest), so they are off.
    o.extra_yaml = "notifications:\n  workers: 4\n  poll_interval: 100ms\n  routes:\n"
                   "    - {channel: email, providers: [rec]}\n"
                   "rate_limits:\n  enabled: false\n";
    server = std::make_unique<SwitchboardServer>(o);
    key = server->adminKey();
    original = readFile(server->configPath());
    auto user = httpRequest(server->port(), "PUT", "/api/v1/users/u1", {{"Authorization", "Bearer " + key}},
                            R"({"email":"u1@example.com"})");
    ASSERT_EQ(user.status, 201) << user.body;
  }

  // The config with `lines` added to plugins.instances.
  void writeConfigWithInstance(const std::string& lines) {
    std::string text = original;
    auto at = text.find("  instances:\n");
    ASSERT_NE(at, std::string::npos);
    text.insert(at + std::string("  instances:\n").size(), lines);
    std::ofstream(server->configPath()) << text;
  }
  HttpResult reload() { return server->post("/api/v1/admin/reload", "{}", key); }
  std::set<std::string> instanceNames() {
    std::set<std::string> names;
    auto r = server->get("/api/v1/plugins", key);
    auto plugins = json(r.body)->getArray("plugins");
    for (size_t i = 0; i < plugins->size(); ++i) {
      auto instances = plugins->getObject(static_cast<unsigned>(i))->getArray("instances");
      for (size_t j = 0; instances && j < instances->size(); ++j)
        names.insert(instances->getObject(static_cast<unsigned>(j))->getValue<std::string>("name"));
    }
    return names;
  }
  // Replaces the recorder's .so the way package managers do: a new file renamed over the old.
  void replaceRecorderLibrary() {
    fs::copy_file(std::string(SB_TEST_PLUGIN_DIR) + "/test_recorder.so", plugins.file("incoming.tmp"),
                  fs::copy_options::overwrite_existing);
    fs::rename(plugins.file("incoming.tmp"), plugins.file("test_recorder.so"));
  }

  TempDir plugins{"sb-reload-plugins"}, files{"sb-reload-files"};
  std::unique_ptr<SwitchboardServer> server;
  std::string key, original;
};

TEST_F(ReloadTest, AnUnchangedConfigReloadsWithNoChanges) {
  auto r = reload();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(json(r.body)->getValue<std::string>("status"), "reloaded");
  EXPECT_EQ(json(r.body)->getArray("changes")->size(), 0u) << r.body;
}

TEST_F(ReloadTest, ABadConfigIsRefusedWithItsLocationAndTheRunningOneKept) {
  writeConfigWithInstance("    - name: ghost\n      plugin: no_such_plugin\n");
  auto r = reload();
  ASSERT_EQ(r.status, 422) << r.body;
  auto error = json(r.body)->getObject("error");
  EXPECT_EQ(error->getValue<std::string>("code"), "config_invalid");
  auto problem = error->getObject("details")->getArray("problems")->getObject(0);
  EXPECT_TRUE(has(problem->getValue<std::string>("text"), server->configPath() + ":")) << r.body;
  EXPECT_TRUE(has(problem->getValue<std::string>("message"), "no_such_plugin")) << r.body;
  EXPECT_EQ(instanceNames(), (std::set<std::string>{"rec"}));

  // The same through SIGHUP: logged, and the server carries on.
  kill(server->pid(), SIGHUP);
  EXPECT_TRUE(waitFor([&] { return has(server->output(), "refused; the running configuration is kept"); }))
      << server->output();
  EXPECT_TRUE(server->running());
  auto sent = server->post("/api/v1/notifications", R"({"user_id":"u1","channels":["email"],"content":{"subject":"s"}})", key);
  EXPECT_EQ(sent.status, 202) << sent.body;

  // A syntax error is refused the same way.
  std::ofstream(server->configPath()) << original << "notifications: [unclosed\n";
  EXPECT_EQ(reload().status, 422);
}

TEST_F(ReloadTest, SighupLoadsANewInstance) {
  writeConfigWithInstance("    - name: console-2\n      plugin: console\n");
  kill(server->pid(), SIGHUP);
  EXPECT_TRUE(waitFor([&] { return instanceNames().count("console-2") == 1; })) << server->output();
  EXPECT_EQ(instanceNames().count("rec"), 1u);
}

TEST_F(ReloadTest, NotificationRoutesApplyLiveAndOtherSectionsWaitForARestart) {
  // A new provider instance, put first in the email route; and a restart-only change.
  std::string text = original;
  text.insert(text.find("  instances:\n") + std::string("  instances:\n").size(),
              "    - name: rec2\n      plugin: test_recorder\n      config:\n        path: " +
                  files.file("delivered2.log") + "\n");
  auto route = text.find("providers: [rec]");
  ASSERT_NE(route, std::string::npos);
  text.replace(route, std::string("providers: [rec]").size(), "providers: [rec2, rec]");
  text.replace(text.find("workers: 4"), std::string("workers: 4").size(), "workers: 2");
  std::ofstream(server->configPath()) << text;

  auto r = reload();
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(has(r.body, "instance rec2: created")) << r.body;
  EXPECT_TRUE(has(r.body, "notifications.routes applied")) << r.body;
  EXPECT_TRUE(has(r.body, "notifications (besides routes) changed; it applies on restart")) << r.body;

  auto sent = server->post("/api/v1/notifications", R"({"user_id":"u1","channels":["email"],"content":{"subject":"s"}})", key);
  ASSERT_EQ(sent.status, 202) << sent.body;
  auto id = json(sent.body)->getValue<std::string>("id");
  EXPECT_TRUE(waitFor([&] { return deliveredIds(files.file("delivered2.log")).count(id) == 1; })) << server->output();
  EXPECT_EQ(deliveredIds(files.file("delivered.log")).count(id), 0u);
}

TEST_F(ReloadTest, OnlyOperatorAdminsMayReload) {
  auto tenant = server->post("/api/v1/tenants", R"({"id":"acme"})", key);
  ASSERT_EQ(tenant.status, 201) << tenant.body;
  auto acmeAdmin = json(tenant.body)->getObject("admin_key")->getValue<std::string>("key");
  EXPECT_EQ(server->post("/api/v1/admin/reload", "{}", acmeAdmin).status, 403);
  EXPECT_EQ(server->post("/api/v1/admin/reload", "{}").status, 401);
}

TEST_F(ReloadTest, ReplacingAPluginUnderLoadDropsNoRequestAndNoDelivery) {
  std::atomic<bool> stop{false};
  std::atomic<int> requests{0};
  std::mutex mutex;
  std::vector<std::string> failures;
  std::set<std::string> accepted;
  auto fail = [&](std::string what) {
    std::lock_guard lock(mutex);
    if (failures.size() < 20) failures.push_back(std::move(what));
  };
  std::vector<std::thread> load;
  for (int t = 0; t < 3; ++t) {
    load.emplace_back([&, t] {
      while (!stop) {
        try {
          if (t == 2) {
            auto r = server->get("/api/v1/plugins", key);
            if (r.status != 200) fail("GET /api/v1/plugins " + std::to_string(r.status) + " " + r.body);
          } else {
            auto r = server->post("/api/v1/notifications",
                                  R"({"user_id":"u1","channels":["email"],"content":{"subject":"load"}})", key);
            if (r.status != 202) {
              fail("POST " + std::to_string(r.status) + " " + r.body);
            } else {
              std::lock_guard lock(mutex);
              accepted.insert(json(r.body)->getValue<std::string>("id"));
            }
          }
          ++requests;
        } catch (const std::exception& e) {
          fail(std::string("exception: ") + e.what());
        }
      }
    });
  }
  std::vector<std::string> replies;
  for (int round = 0; round < 6; ++round) {
    std::this_thread::sleep_for(std::chrono::milliseconds(250));
    replaceRecorderLibrary();
    if (round % 2 == 0) {
      kill(server->pid(), SIGHUP);
    } else {
      auto r = reload();
      replies.push_back(std::to_string(r.status) + " " + r.body);
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  stop = true;
  for (auto& t : load) t.join();

  EXPECT_TRUE(failures.empty()) << failures.size() << " failures, first: " << failures.front();
  EXPECT_GT(requests.load(), 50);
  for (const auto& reply : replies) {
    EXPECT_TRUE(has(reply, "200 ")) << reply;
    EXPECT_TRUE(has(reply, "instance rec: replaced (its plugin's library changed)")) << reply;
  }
  // Every accepted notification is delivered, by whichever copy of the plugin was current.
  ASSERT_FALSE(accepted.empty());
  std::set<std::string> missing;
  waitFor([&] {
    auto delivered = deliveredIds(files.file("delivered.log"));
    missing.clear();
    for (const auto& id : accepted)
      if (!delivered.count(id)) missing.insert(id);
    return missing.empty();
  }, std::chrono::seconds(30));
  EXPECT_TRUE(missing.empty()) << missing.size() << " of " << accepted.size() << " accepted were not delivered";
  EXPECT_TRUE(server->running());
}

}  // namespace
}  // namespace sb::test
