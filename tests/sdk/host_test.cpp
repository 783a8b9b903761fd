// switchboard::Host: services looked up once, absent ones tolerated, HTTP mapped to errors.
#include "sdk/fake_host.hpp"
#include "sdk/wrapper_plugins.hpp"

#include <gtest/gtest.h>

#include <chrono>
#include <cstddef>
#include <string>

using namespace sbtest;
using switchboard::Host;

TEST(SdkHost, AHostOfferingNothingMakesEveryServiceANoOp) {
  Host host(nullptr);
  host.info("dropped");
  host.metrics().counter("dropped");
  auto system_ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                       std::chrono::system_clock::now().time_since_epoch())
                       .count();
  EXPECT_NEAR(static_cast<double>(host.nowMs()), static_cast<double>(system_ms), 5000.0);
  EXPECT_FALSE(host.http().available());
  EXPECT_THROW(host.http().get("https://example.com"), switchboard::Unsupported);
  EXPECT_EQ(host.version(), "");
}

TEST(SdkHost, LogsMetricsAndClockReachTheHost) {
  FakeHost fake;
  Host host(&fake.raw);
  host.warn("careful");
  host.metrics().gauge("queue", 3, "shard=1");
  host.metrics().histogram("latency", 0.5);
  EXPECT_EQ(fake.logs, (std::vector<std::pair<int, std::string>>{{SB_LOG_WARN, "careful"}}));
  EXPECT_EQ(fake.metrics, (std::vector<std::string>{"gauge queue{shard=1}=3.000000", "histogram latency{}=0.500000"}));
  EXPECT_EQ(host.nowMs(), 1700000000000);
  EXPECT_EQ(host.version(), "9.8.7");
}

TEST(SdkHost, LooksUpEachServiceOnceForTheInstanceLifetime) {
  FakeHost fake;
  FakeConfig config;
  config.set("endpoint", SB_CONFIG_STRING, "x");
  Created c(switchboard::descriptorOf<Scripted>(), fake, config);
  ASSERT_EQ(c.status, SB_OK);
  for (int i = 0; i < 3; ++i) {
    FakeCall call;
    SendSink sink;
    FakeMessage m;
    sb_message raw = m.get();
    c.table<sb_channel_v1>(SB_INTERFACE_CHANNEL_V1).send(c.instance, &call.raw, &raw, &sink.raw);
  }
  EXPECT_EQ(fake.logs.size(), 3u);
  EXPECT_EQ(fake.lookups[SB_SERVICE_LOG], 1);
  EXPECT_EQ(fake.lookups[SB_SERVICE_METRICS], 1);
  EXPECT_EQ(fake.lookups[SB_SERVICE_HTTP], 1);
}

TEST(SdkHost, AServiceTableTooShortForItsFunctionsCountsAsAbsent) {
  FakeHost fake;
  fake.metrics_table.struct_size = offsetof(sb_metrics_service, gauge_set);  // has counter_add only
  fake.offer[SB_SERVICE_LOG] = false;
  Host host(&fake.raw);
  host.metrics().counter("x");
  host.info("nobody listens");
  EXPECT_TRUE(fake.metrics.empty());
  EXPECT_TRUE(fake.logs.empty());
}

TEST(SdkHttp, ReturnsStatusHeadersAndBodyAndPassesTheRequestThrough) {
  FakeHost fake;
  std::string seen;
  fake.http = [&](sb_call*, const sb_http_request* r, const sb_http_response_out* out) {
    seen = text(r->method) + " " + text(r->url) + " " + text(r->headers[0].name) + "=" + text(r->headers[0].value) +
           " " + std::string(reinterpret_cast<const char*>(r->body.ptr), r->body.len) + " tls=" +
           std::to_string(r->verify_tls) + " deadline=" + std::to_string(r->deadline_ms);
    out->on_status(out->plugin_data, 201);
    out->on_header(out->plugin_data, str("Content-Type"), str("text/plain"));
    out->on_body(out->plugin_data, sb_bytes{reinterpret_cast<const uint8_t*>("hel"), 3});
    out->on_body(out->plugin_data, sb_bytes{reinterpret_cast<const uint8_t*>("lo"), 2});
    return SB_OK;
  };
  switchboard::HttpRequest request;
  request.method = "PUT";
  request.url = "https://api.example.com/x";
  request.headers = {{"X-Key", "k"}};
  request.body = "payload";
  request.deadline = std::chrono::milliseconds(900);
  switchboard::HttpResponse response = Host(&fake.raw).http().send(request);
  EXPECT_EQ(seen, "PUT https://api.example.com/x X-Key=k payload tls=1 deadline=900");
  EXPECT_EQ(response.status, 201);
  EXPECT_EQ(response.header("content-type"), "text/plain");
  EXPECT_EQ(response.body, "hello");
}

namespace {

// Sends through Scripted's "http" path, whose HTTP call fails as `fail` says.
struct HttpThroughSend {
  FakeHost fake;
  FakeCall call;
  SendSink sink;
  int64_t deadline_seen = -1;

  sb_status run(sb_status status, const char* reason, int64_t retry_after) {
    fake.http = [this, status, reason, retry_after](sb_call* c, const sb_http_request*, const sb_http_response_out* out) {
      deadline_seen = c->deadline_unix_ms;
      if (status == SB_OK) {
        out->on_status(out->plugin_data, 200);
        return SB_OK;
      }
      c->set_error(c->host_data, str(reason));
      if (retry_after > 0) c->set_retry_after_ms(c->host_data, retry_after);
      return status;
    };
    FakeConfig config;
    config.set("endpoint", SB_CONFIG_STRING, "x");
    Created c(switchboard::descriptorOf<Scripted>(), fake, config);
    FakeMessage m;
    m.recipient = "http";
    sb_message raw = m.get();
    call.raw.deadline_unix_ms = 1234;
    return c.table<sb_channel_v1>(SB_INTERFACE_CHANNEL_V1).send(c.instance, &call.raw, &raw, &sink.raw);
  }
};

}  // namespace

TEST(SdkHttp, InheritsTheDeadlineOfTheCallInProgress) {
  HttpThroughSend h;
  EXPECT_EQ(h.run(SB_OK, "", 0), SB_OK);
  EXPECT_EQ(h.sink.provider_message_id, "http-200");
  EXPECT_EQ(h.deadline_seen, 1234);
  EXPECT_EQ(switchboard::currentDeadlineMs(), 0);  // only during the call
}

TEST(SdkHttp, TransportFailureThrowsRetryWithTheHostsReason) {
  HttpThroughSend h;
  EXPECT_EQ(h.run(SB_RETRY, "connection refused", 3000), SB_RETRY);
  EXPECT_EQ(h.call.error, "connection refused");
  EXPECT_EQ(h.call.retry_after_ms, 3000);
}

TEST(SdkHttp, FailureWithoutAReasonStillSaysWhatFailed) {
  HttpThroughSend h;
  EXPECT_EQ(h.run(SB_RETRY, "", 0), SB_RETRY);
  EXPECT_EQ(h.call.error, "HTTP request failed");
}

TEST(SdkHttp, MalformedRequestThrowsPermanent) {
  HttpThroughSend h;
  EXPECT_EQ(h.run(SB_PERMANENT, "bad url", 0), SB_PERMANENT);
  EXPECT_EQ(h.call.error, "bad url");
}
