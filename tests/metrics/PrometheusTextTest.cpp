// The Prometheus text exposition the /metrics endpoint serves.
#include "metrics/MetricsRegistry.hpp"
#include "metrics/PrometheusText.hpp"

#include <gtest/gtest.h>

namespace sb::metrics {
namespace {

bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

TEST(PrometheusText, CountersAndGaugesWithHelpTypeAndLabels) {
  MetricsRegistry r;
  r.describe("sb_requests_total", "Requests.");
  r.counterAdd("sb_requests_total", "route=/a,status=200", 2);
  r.counterAdd("sb_requests_total", "route=/a,status=200", 1);
  r.counterAdd("sb_requests_total", "route=/b,status=404", 1);
  r.gaugeSet("sb_depth", "", 7);
  auto text = renderPrometheus(r.snapshot());
  EXPECT_TRUE(contains(text, "# HELP sb_requests_total Requests.\n# TYPE sb_requests_total counter\n")) << text;
  EXPECT_TRUE(contains(text, "sb_requests_total{route=\"/a\",status=\"200\"} 3\n")) << text;
  EXPECT_TRUE(contains(text, "sb_requests_total{route=\"/b\",status=\"404\"} 1\n")) << text;
  EXPECT_TRUE(contains(text, "# TYPE sb_depth gauge\nsb_depth 7\n")) << text;
  // One TYPE line per family, however many series it has.
  EXPECT_EQ(text.find("# TYPE sb_requests_total"), text.rfind("# TYPE sb_requests_total"));
}

TEST(PrometheusText, HistogramsAreCumulativeWithInfSumAndCount) {
  MetricsRegistry r;
  r.histogramObserve("sb_latency_seconds", "route=/x", 0.002);
  r.histogramObserve("sb_latency_seconds", "route=/x", 0.02);
  r.histogramObserve("sb_latency_seconds", "route=/x", 50);
  auto text = renderPrometheus(r.snapshot());
  EXPECT_TRUE(contains(text, "# TYPE sb_latency_seconds histogram\n")) << text;
  EXPECT_TRUE(contains(text, "sb_latency_seconds_bucket{route=\"/x\",le=\"0.001\"} 0\n")) << text;
  EXPECT_TRUE(contains(text, "sb_latency_seconds_bucket{route=\"/x\",le=\"0.0025\"} 1\n")) << text;
  EXPECT_TRUE(contains(text, "sb_latency_seconds_bucket{route=\"/x\",le=\"0.025\"} 2\n")) << text;
  EXPECT_TRUE(contains(text, "sb_latency_seconds_bucket{route=\"/x\",le=\"10\"} 2\n")) << text;
  EXPECT_TRUE(contains(text, "sb_latency_seconds_bucket{route=\"/x\",le=\"+Inf\"} 3\n")) << text;
  EXPECT_TRUE(contains(text, "sb_latency_seconds_count{route=\"/x\"} 3\n")) << text;
  EXPECT_TRUE(contains(text, "sb_latency_seconds_sum{route=\"/x\"} 50.022")) << text;
}

TEST(PrometheusText, EscapesLabelValuesAndSanitizesNames) {
  EXPECT_EQ(renderLabels("msg=say \"hi\"\\now"), "{msg=\"say \\\"hi\\\"\\\\now\"}");
  EXPECT_EQ(renderLabels("bad-key=1,=dropped,novalue"), "{bad_key=\"1\"}");
  EXPECT_EQ(renderLabels(""), "");
  EXPECT_EQ(sanitizeMetricName("plugin.calls-total"), "plugin_calls_total");
  EXPECT_EQ(sanitizeMetricName("9lives"), "_9lives");
  MetricsRegistry r;
  r.counterAdd("my plugin.sends", "", 1);
  EXPECT_TRUE(contains(renderPrometheus(r.snapshot()), "my_plugin_sends 1\n"));
}

TEST(PrometheusText, CollectorsRunAtScrapeAndReplaceDropsStaleSeries) {
  MetricsRegistry r;
  int scrapes = 0;
  std::vector<std::pair<std::string, double>> states = {{"provider=a", 0}, {"provider=b", 2}};
  r.addCollector([&](MetricsRegistry& m) {
    ++scrapes;
    m.gaugeReplace("sb_breaker", states);
  });
  auto first = renderPrometheus(r.collect());
  EXPECT_TRUE(contains(first, "sb_breaker{provider=\"b\"} 2\n")) << first;
  states = {{"provider=a", 1}};  // b was removed by a reload
  auto second = renderPrometheus(r.collect());
  EXPECT_EQ(scrapes, 2);
  EXPECT_TRUE(contains(second, "sb_breaker{provider=\"a\"} 1\n")) << second;
  EXPECT_FALSE(contains(second, "provider=\"b\"")) << second;
}

}  // namespace
}  // namespace sb::metrics
