// GET /metrics through the real binary: who may read it, and that what it serves is valid
// Prometheus text (checked with the Prometheus project's own parser, python3-prometheus-client)
// carrying the families operators alert on.
#include "integration/SwitchboardServer.hpp"
#include "support/Subprocess.hpp"
#include "support/TempDir.hpp"

#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

namespace sb::test {
namespace {

namespace fs = std::filesystem;

constexpr const char* kPython = "/usr/bin/python3";  // Debian's, with python3-prometheus-client

// Parses `text` with prometheus_client and prints "family type samples" per family; exit 0
// only when the whole exposition parses.
ProcessResult parseWithPrometheusClient(const std::string& text) {
  TempDir dir("sb-metrics-parse");
  std::ofstream(dir.file("metrics.txt")) << text;
  std::string script =
      "import sys\n"
      "from prometheus_client.parser import text_string_to_metric_families\n"
      "for f in text_string_to_metric_families(open(sys.argv[1]).read()):\n"
      "    print(f.name, f.type, len(f.samples))\n";
  return runProcess({kPython, "-c", script, dir.file("metrics.txt")});
}

bool parserAvailable(std::string* why) {
  if (!fs::exists(kPython)) {
    *why = std::string(kPython) + " not found";
    return false;
  }
  auto r = runProcess({kPython, "-c", "import prometheus_client"});
  if (r.exitCode != 0) *why = "python3-prometheus-client is not installed (scripts/install-deps installs it)";
  return r.exitCode == 0;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(MetricsTest, OnlyTheOperatorOrTheScrapeTokenMayReadMetrics) {
  ServerOptions o;
  o.extra_yaml = "metrics:\n  token: scrape-secret-123\n";
  SwitchboardServer server(o);
  auto op = server.adminKey();
  auto none = server.get("/metrics");
  EXPECT_EQ(none.status, 401) << none.body;
  EXPECT_TRUE(has(none.body, "\"error\"")) << none.body;
  auto service = server.post("/api/v1/keys", R"({"name":"svc","role":"service"})", op);
  ASSERT_EQ(service.status, 201) << service.body;
  EXPECT_EQ(server.get("/metrics", json(service.body)->getValue<std::string>("key")).status, 403);
  auto tenant = server.post("/api/v1/tenants", R"({"id":"acme"})", op);
  ASSERT_EQ(tenant.status, 201) << tenant.body;
  auto acmeAdmin = json(tenant.body)->getObject("admin_key")->getValue<std::string>("key");
  EXPECT_EQ(server.get("/metrics", acmeAdmin).status, 403);  // its series would show other tenants
  EXPECT_EQ(server.get("/metrics", "wrong-token").status, 401);
  EXPECT_EQ(server.get("/metrics", "scrape-secret-123").status, 200);
  auto byOperator = server.get("/metrics", op);
  EXPECT_EQ(byOperator.status, 200);
  EXPECT_TRUE(has(byOperator.headers["content-type"], "text/plain; version=0.0.4")) << byOperator.headers["content-type"];
  // The token never shows up anywhere it could leak.
  EXPECT_FALSE(has(server.output(), "scrape-secret-123"));
}

TEST(MetricsTest, ExpositionParsesAndCarriesTheHostFamilies) {
  std::string why;
  if (!parserAvailable(&why)) GTEST_SKIP() << why;
  TempDir plugins("sb-metrics-plugins"), files("sb-metrics-files");
  fs::copy_file(std::string(SB_TEST_PLUGIN_DIR) + "/test_recorder.so", plugins.file("test_recorder.so"));
  ServerOptions o;
  o.plugin_paths = {plugins.path()};
  o.plugins_yaml = "  instances:\n    - name: rec\n      plugin: test_recorder\n      config:\n        path: " +
                   files.file("delivered.log") + "\n";
  o.extra_yaml = "notifications:\n  routes:\n    - {channel: email, providers: [rec]}\n";
  SwitchboardServer server(o);
  auto op = server.adminKey();
  ASSERT_EQ(httpRequest(server.port(), "PUT", "/api/v1/users/u1", {{"Authorization", "Bearer " + op}},
                        R"({"email":"u1@example.com"})").status, 201);
  for (int i = 0; i < 3; ++i) {
    auto r = server.post("/api/v1/notifications", R"({"user_id":"u1","channels":["email"],"content":{"subject":"hi","text":"x"}})", op);
    ASSERT_EQ(r.status, 202) << r.body;
  }
  EXPECT_EQ(server.get("/api/v1/notifications/does-not-exist", op).status, 404);
  std::string text;
  ASSERT_TRUE(waitFor([&] {
    text = server.get("/metrics", op).body;
    // Sent, and the outcomes written back (the queue is empty again).
    return has(text, "switchboard_notifications_sent_total{channel=\"email\",provider=\"rec\"} 3") &&
           has(text, "switchboard_queue_depth 0\n");
  })) << text;

  auto parsed = parseWithPrometheusClient(text);
  ASSERT_EQ(parsed.exitCode, 0) << parsed.output << "\n---\n" << text;
  for (const char* family : {"switchboard_http_requests counter", "switchboard_http_request_duration_seconds histogram",
                             "switchboard_notifications_accepted counter", "switchboard_notifications_sent counter",
                             "switchboard_queue_depth gauge", "switchboard_queue_oldest_due_age_seconds gauge",
                             "switchboard_websocket_connections gauge", "switchboard_plugin_calls counter",
                             "switchboard_recommendation_cache_hit_ratio gauge"}) {
    EXPECT_TRUE(has(parsed.output, family)) << family << " missing from:\n" << parsed.output;
  }
  // By route pattern, never by raw path (ids would make a series per request).
  EXPECT_TRUE(has(text, "switchboard_http_requests_total{method=\"POST\",route=\"/api/v1/notifications\",status=\"202\"} 3"))
      << text;
  EXPECT_TRUE(has(text, "route=\"/api/v1/notifications/{id}\",status=\"404\"")) << text;
  EXPECT_FALSE(has(text, "does-not-exist")) << text;
  EXPECT_TRUE(has(text, "switchboard_notifications_accepted_total{channel=\"email\",status=\"queued\"} 3")) << text;
  EXPECT_TRUE(has(text, "switchboard_circuit_breaker_state{provider=\"rec\"} 0")) << text;
  // A metric the plugin registered itself, through the host's metrics service.
  EXPECT_TRUE(has(text, "switchboard_plugin_test_recorder_recorded_total{instance=\"rec\",channel=\"email\"} 3"))
      << text;
}

TEST(MetricsTest, CanBeSwitchedOff) {
  ServerOptions o;
  o.extra_yaml = "metrics:\n  enabled: false\n";
  SwitchboardServer server(o);
  EXPECT_EQ(server.get("/metrics", server.adminKey()).status, 404);
}

}  // namespace
}  // namespace sb::test
