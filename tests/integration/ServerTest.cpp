// The real switchboard binary over HTTP, against SQLite and against a real PostgreSQL.
#include "integration/SwitchboardServer.hpp"
#include "support/PostgresServer.hpp"
#include "support/Subprocess.hpp"

#include <Poco/JSON/Parser.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Net/StreamSocket.h>
#include <gtest/gtest.h>
#include <sys/stat.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>

namespace sb::test {
namespace {

namespace fs = std::filesystem;

std::string errorCode(const HttpResult& r) { return json(r.body)->getObject("error")->getValue<std::string>("code"); }

enum class Backend { Sqlite, Postgres };

class ServerTest : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    if (GetParam() == Backend::Postgres) {
      std::string why;
      if (!PostgresServer::available(&why)) GTEST_SKIP() << why;
    }
  }
  ServerOptions options() {
    ServerOptions o;
    if (GetParam() == Backend::Postgres) o.store_url = PostgresServer::shared().createDatabase();
    return o;
  }
};

TEST_P(ServerTest, AnswersHealthWithoutCredentialAndIsReady) {
  SwitchboardServer server(options());
  EXPECT_EQ(server.get("/health").status, 200);
  EXPECT_EQ(server.get("/health/live").status, 200);
  auto ready = server.get("/health/ready");
  EXPECT_EQ(ready.status, 200) << ready.body;
}

TEST_P(ServerTest, PluginListNeedsAKeyAndShowsLoadedPluginsWithTheirAbiVersion) {
  SwitchboardServer server(options());
  auto denied = server.get("/api/v1/plugins");
  EXPECT_EQ(denied.status, 401);
  EXPECT_EQ(errorCode(denied), "unauthenticated");
  EXPECT_EQ(server.get("/api/v1/plugins", "sbk_wrong_key").status, 401);

  auto listed = server.get("/api/v1/plugins", server.adminKey());
  ASSERT_EQ(listed.status, 200) << listed.body;
  auto plugins = json(listed.body)->getArray("plugins");
  ASSERT_GE(plugins->size(), 1u);
  bool console = false;
  for (size_t i = 0; i < plugins->size(); ++i) {
    auto p = plugins->getObject(static_cast<unsigned>(i));
    EXPECT_EQ(p->getValue<std::string>("abi_version"), "1.0");
    if (p->getValue<std::string>("id") == "console") {
      console = true;
      auto instances = p->getArray("instances");
      ASSERT_EQ(instances->size(), 0u);  // our test config names no instance
    }
  }
  EXPECT_TRUE(console);
}

TEST_P(ServerTest, BootstrapKeyIsWrittenOnceWithMode0600AndSurvivesRestart) {
  auto o = options();
  auto first = std::make_unique<SwitchboardServer>(o);
  std::string key = first->adminKey();
  ASSERT_EQ(key.rfind("sbk_", 0), 0u);
  struct stat st {};
  ASSERT_EQ(stat((first->folder() + "/admin.key").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600);
  EXPECT_NE(first->output().find("bootstrap admin key"), std::string::npos);
  std::string folder = first->folder();
  EXPECT_EQ(first->stop(), 0);

  SwitchboardServer second(o, folder);
  EXPECT_EQ(second.adminKey(), key);  // no new key on the same store
  EXPECT_EQ(second.get("/api/v1/keys", key).status, 200);
  second.stop();
  auto log = second.output();
  EXPECT_EQ(log.find(key), log.rfind(key)) << "the key was printed again after restart";
}

TEST_P(ServerTest, RequestIdIsHonouredOrGeneratedAndAccessLogged) {
  SwitchboardServer server(options());
  auto given = httpRequest(server.port(), "GET", "/health", {{"X-Request-Id", "trace-abc-123"}});
  EXPECT_EQ(given.headers["x-request-id"], "trace-abc-123");
  auto generated = server.get("/health");
  EXPECT_EQ(generated.headers["x-request-id"].size(), 32u);
  server.stop();
  // JSON lines: every line parses, and the access line has the fields.
  std::istringstream lines(server.output());
  std::string line;
  bool access = false;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] != '{') continue;
    auto record = json(line);
    if (record->optValue<std::string>("request_id", "") == "trace-abc-123") {
      access = true;
      EXPECT_EQ(record->getValue<std::string>("method"), "GET");
      EXPECT_EQ(record->getValue<std::string>("path"), "/health");
      EXPECT_EQ(record->getValue<int>("status"), 200);
      EXPECT_TRUE(record->has("duration_ms"));
    }
  }
  EXPECT_TRUE(access) << server.output();
}

TEST_P(ServerTest, SecretsNeverReachTheLog) {
  SwitchboardServer server(options());
  auto key = server.adminKey();
  auto token = server.post("/api/v1/tokens", R"({"user_id":"u1"})", key);
  ASSERT_EQ(token.status, 201) << token.body;
  std::string jwt = json(token.body)->getValue<std::string>("token");
  server.get("/api/v1/me?token=" + jwt, key);
  server.stop();
  // The bootstrap key is printed once on stdout, by design; no log line carries it, and
  // nothing anywhere carries the token or the JWT secret.
  std::istringstream lines(server.output());
  std::string line;
  // sbk_<id>_<secret>: the secret may itself contain '_'.
  auto secretPart = key.substr(key.find('_', 4) + 1);
  int printed = 0;
  while (std::getline(lines, line)) {
    if (line.rfind("bootstrap admin key", 0) == 0) {
      ++printed;
      continue;
    }
    EXPECT_EQ(line.find(secretPart), std::string::npos) << line;
    EXPECT_EQ(line.find(jwt), std::string::npos) << line;
    EXPECT_EQ(line.find("integration-test-secret"), std::string::npos) << line;
  }
  EXPECT_EQ(printed, 1);
}

TEST_P(ServerTest, BodyOverTheLimitIs413) {
  auto o = options();
  o.server_yaml = "  max_body_bytes: 2048\n";
  SwitchboardServer server(o);
  std::string big(8 * 1024, 'x');  // small enough to sit in socket buffers: no reset race
  auto r = server.post("/api/v1/keys", big, server.adminKey());
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(errorCode(r), "payload_too_large");
}

TEST_P(ServerTest, KeyLifecycleOverHttp) {
  SwitchboardServer server(options());
  auto admin = server.adminKey();
  auto created = server.post("/api/v1/keys", R"({"name":"worker","role":"service"})", admin);
  ASSERT_EQ(created.status, 201) << created.body;
  auto key = json(created.body)->getValue<std::string>("key");
  auto id = json(created.body)->getValue<std::string>("id");
  auto me = server.get("/api/v1/me", key);
  ASSERT_EQ(me.status, 200);
  EXPECT_EQ(json(me.body)->getValue<std::string>("role"), "service");
  EXPECT_EQ(server.get("/api/v1/keys", key).status, 403);
  EXPECT_EQ(httpRequest(server.port(), "DELETE", "/api/v1/keys/" + id, {{"Authorization", "Bearer " + admin}}).status, 204);
  // Revocation on this instance is immediate (its cache entry is dropped).
  EXPECT_EQ(server.get("/api/v1/me", key).status, 401);
  EXPECT_EQ(server.post("/api/v1/keys", R"({"role":"service"})", admin).status, 422);
}

TEST_P(ServerTest, TenantsAreIsolatedOverHttp) {
  SwitchboardServer server(options());
  auto op = server.adminKey();
  auto a = server.post("/api/v1/tenants", R"({"id":"acme"})", op);
  ASSERT_EQ(a.status, 201) << a.body;
  auto acmeKey = json(a.body)->getObject("admin_key")->getValue<std::string>("key");
  EXPECT_EQ(server.post("/api/v1/tenants", R"({"id":"acme"})", op).status, 409);
  auto keys = server.get("/api/v1/keys", acmeKey);
  ASSERT_EQ(keys.status, 200);
  EXPECT_EQ(json(keys.body)->getArray("keys")->size(), 1u);
  EXPECT_EQ(server.get("/api/v1/tenants", acmeKey).status, 403);
}

TEST_P(ServerTest, SigtermLetsAnInFlightRequestFinishThenExitsZero) {
  SwitchboardServer server(options());
  // Send the head of a request and half its body, then SIGTERM, then the rest.
  std::string body = R"({"name":"late-worker","role":"service"})";
  Poco::Net::StreamSocket socket(Poco::Net::SocketAddress("127.0.0.1", static_cast<Poco::UInt16>(server.port())));
  std::string head = "POST /api/v1/keys HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + server.adminKey() +
                     "\r\nContent-Type: application/json\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n";
  socket.sendBytes(head.data(), static_cast<int>(head.size()));
  socket.sendBytes(body.data(), 10);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the request is being read
  kill(server.pid(), SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  socket.sendBytes(body.data() + 10, static_cast<int>(body.size() - 10));
  char buffer[4096];
  int n = socket.receiveBytes(buffer, sizeof buffer);
  std::string reply(buffer, n > 0 ? static_cast<size_t>(n) : 0);
  EXPECT_EQ(reply.rfind("HTTP/1.1 201", 0), 0u) << reply;
  EXPECT_EQ(server.stop(), 0) << server.output();
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerTest, ::testing::Values(Backend::Sqlite, Backend::Postgres),
                         [](const auto& info) { return info.param == Backend::Sqlite ? "Sqlite" : "Postgres"; });

// --- plugins dropped into a folder -----------------------------------------------------

class PluginFolderTest : public ::testing::Test {
 protected:
  void copy(const std::string& name) {
    fs::copy_file(std::string(SB_TEST_PLUGIN_DIR) + "/" + name + ".so", dir.file(name + ".so"));
  }
  TempDir dir{"sb-plugin-folder"};
};

TEST_F(PluginFolderTest, APluginDroppedIntoAConfiguredFolderLoadsAndIsListedWithSecretsRedacted) {
  copy("test_echo");
  ServerOptions o;
  o.plugin_paths = {dir.path()};
  o.plugins_yaml =
      "  instances:\n"
      "    - name: echo-one\n      plugin: test_echo\n      config:\n        greeting: hello\n        token: ${ECHO_TOKEN}\n";
  o.env = {{"ECHO_TOKEN", "tok-very-secret"}};
  SwitchboardServer server(o);
  auto listed = server.get("/api/v1/plugins", server.adminKey());
  ASSERT_EQ(listed.status, 200);
  EXPECT_EQ(listed.body.find("tok-very-secret"), std::string::npos);
  auto plugin = json(listed.body)->getArray("plugins")->getObject(0);
  EXPECT_EQ(plugin->getValue<std::string>("id"), "test_echo");
  EXPECT_EQ(plugin->getValue<std::string>("version"), "1.2.3");
  auto instance = plugin->getArray("instances")->getObject(0);
  EXPECT_EQ(instance->getValue<std::string>("name"), "echo-one");
  EXPECT_EQ(instance->getObject("config")->getValue<std::string>("token"), "***");
  EXPECT_EQ(instance->getObject("config")->getValue<std::string>("greeting"), "hello");
  server.stop();
  EXPECT_EQ(server.output().find("tok-very-secret"), std::string::npos);
}

TEST_F(PluginFolderTest, ARefusedLibraryIsReportedAndTheHostServesAnyway) {
  copy("test_newer_major");
  copy("test_throwing");
  ServerOptions o;
  o.plugin_paths = {dir.path()};
  o.plugins_yaml =
      "  health_interval: 100ms\n  faults_before_disable: 2\n"
      "  instances:\n    - name: faulty\n      plugin: test_throwing\n";
  SwitchboardServer server(o);
  // Its health() throws on every check: after two faults the host disables it and serves on.
  std::string state;
  for (int i = 0; i < 50 && state != "disabled"; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    auto body = json(server.get("/api/v1/plugins", server.adminKey()).body);
    for (const auto& p : *body->getArray("plugins")) {
      auto plugin = p.extract<Poco::JSON::Object::Ptr>();
      if (plugin->getValue<std::string>("id") == "test_throwing")
        state = plugin->getArray("instances")->getObject(0)->getObject("health")->getValue<std::string>("state");
    }
  }
  EXPECT_EQ(state, "disabled");
  auto listed = server.get("/api/v1/plugins", server.adminKey());
  ASSERT_EQ(listed.status, 200);
  auto rejected = json(listed.body)->getArray("rejected");
  ASSERT_EQ(rejected->size(), 1u);
  EXPECT_NE(rejected->getObject(0)->getValue<std::string>("reason").find("host ABI 1.0"), std::string::npos);
  EXPECT_EQ(server.get("/health").status, 200);
}

// --- configuration errors ----------------------------------------------------------------

TEST(ConfigCheck, WrongTypeOnLine7IsReportedWithFileLineColumnAndExitsNonZero) {
  std::string file = std::string(SB_SOURCE_DIR) + "/tests/config/bad_type_line7.yaml";
  auto result = runProcess({switchboardBinary(), "--check-config", "--config", file});
  EXPECT_NE(result.exitCode, 0);
  EXPECT_NE(result.output.find("bad_type_line7.yaml:7:"), std::string::npos) << result.output;
}

TEST(PluginInfo, PrintsWhatALibraryDeclaresAndRefusesWhatIsNotOne) {
  auto info = runProcess({switchboardBinary(), "plugin-info", std::string(SB_BINARY_DIR) + "/plugins/console.so"});
  EXPECT_EQ(info.exitCode, 0) << info.output;
  EXPECT_NE(info.output.find("plugin:      console"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("kind:        channel"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("ABI:         1.0"), std::string::npos) << info.output;
  EXPECT_NE(info.output.find("prefix"), std::string::npos) << info.output;  // a config key of the schema
  auto refused = runProcess({switchboardBinary(), "plugin-info", std::string(SB_SOURCE_DIR) + "/README.md"});
  EXPECT_EQ(refused.exitCode, 1);
  EXPECT_NE(refused.output.find("README.md"), std::string::npos) << refused.output;
  EXPECT_EQ(runProcess({switchboardBinary(), "plugin-info"}).exitCode, 64);
}

TEST(ConfigCheck, AGoodConfigPasses) {
  TempDir dir("sb-check");
  std::ofstream(dir.file("ok.yaml")) << "plugins:\n  paths: [" << SB_BINARY_DIR << "/plugins]\n"
                                     << "  instances:\n    - name: console\n      plugin: console\n";
  auto result = runProcess({switchboardBinary(), "--check-config", "--config", dir.file("ok.yaml")});
  EXPECT_EQ(result.exitCode, 0) << result.output;
}

TEST(ConfigCheck, PluginConfigErrorsAndRefusedLibrariesAreAllPrinted) {
  TempDir dir("sb-check");
  fs::copy_file(std::string(SB_TEST_PLUGIN_DIR) + "/test_echo.so", dir.file("test_echo.so"));
  fs::copy_file(std::string(SB_TEST_PLUGIN_DIR) + "/test_no_entry.so", dir.file("test_no_entry.so"));
  std::ofstream(dir.file("c.yaml")) << "plugins:\n  paths: [" << dir.path() << "]\n"
                                    << "  instances:\n    - name: e\n      plugin: test_echo\n      config:\n"
                                    << "        max: many\n";
  auto result = runProcess({switchboardBinary(), "--check-config", "--config", dir.file("c.yaml")});
  EXPECT_NE(result.exitCode, 0);
  EXPECT_NE(result.output.find("c.yaml:7:14: plugins.instances[0].config.max"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("greeting"), std::string::npos) << result.output;
  EXPECT_NE(result.output.find("test_no_entry.so"), std::string::npos) << result.output;
}

TEST(ConfigCheck, AnUnknownKeyStopsTheServerBeforeItListens) {
  TempDir dir("sb-bad");
  std::ofstream(dir.file("bad.yaml")) << "server:\n  prot: 8080\n";
  auto result = runProcess({switchboardBinary(), "--config", dir.file("bad.yaml")});
  EXPECT_EQ(result.exitCode, 78);
  EXPECT_NE(result.output.find("bad.yaml:2:3: server.prot"), std::string::npos) << result.output;
  EXPECT_EQ(result.output.find("listening"), std::string::npos);
}

TEST(CommandLine, VersionAndHelp) {
  auto version = runProcess({switchboardBinary(), "--version"});
  EXPECT_EQ(version.exitCode, 0);
  EXPECT_NE(version.output.find("plugin ABI 1.0"), std::string::npos);
  auto help = runProcess({switchboardBinary(), "--help"});
  EXPECT_EQ(help.exitCode, 0);
  EXPECT_NE(help.output.find("--check-config"), std::string::npos);
}

TEST(CommandLine, MigrateOnlyAppliesMigrationsAndExits) {
  TempDir dir("sb-migrate");
  std::ofstream(dir.file("m.yaml")) << "store:\n  url: sqlite:" << dir.file("m.db") << "\n";
  auto result = runProcess({switchboardBinary(), "--migrate-only", "--config", dir.file("m.yaml")});
  EXPECT_EQ(result.exitCode, 0) << result.output;
  EXPECT_NE(result.output.find("schema version"), std::string::npos);
  EXPECT_TRUE(fs::exists(dir.file("m.db")));
}

}  // namespace
}  // namespace sb::test
