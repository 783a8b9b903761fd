// fake_host.hpp — recording stand-ins for the host side of the plugin ABI (call context,
// result sinks, services, config), to drive plugin descriptors without the host.
#pragma once

#include <switchboard/plugin.h>

#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace sbtest {

inline std::string text(sb_str s) { return s.ptr != nullptr ? std::string(s.ptr, s.len) : std::string(); }
inline sb_str str(std::string_view s) { return sb_str{s.data(), s.size()}; }

// Non-copyable: each recorder hands the plugin a pointer to itself.
struct Recorder {
  Recorder() = default;
  Recorder(const Recorder&) = delete;
  Recorder& operator=(const Recorder&) = delete;
};

struct FakeCall : Recorder {
  std::string error;
  int64_t retry_after_ms = -1;  // -1 = never set
  sb_call raw{sizeof(sb_call), this, &setError, &setRetryAfter, 0};

  static void setError(void* self, sb_str m) { static_cast<FakeCall*>(self)->error = text(m); }
  static void setRetryAfter(void* self, int64_t ms) { static_cast<FakeCall*>(self)->retry_after_ms = ms; }
};

struct SendSink : Recorder {
  std::string provider_message_id;
  int32_t failure = -1;  // -1: the plugin did not say
  sb_send_out raw{sizeof(sb_send_out), this,
                  [](void* self, sb_str id) { static_cast<SendSink*>(self)->provider_message_id = text(id); },
                  [](void* self, int32_t f) { static_cast<SendSink*>(self)->failure = f; }};
};

struct WebhookSink : Recorder {
  int status = -1;  // -1 = set_response never called
  std::string content_type, body;
  std::vector<std::vector<std::string>> updates;  // {provider id, status, error}
  sb_webhook_out raw{sizeof(sb_webhook_out), this, &setResponse, &deliveryUpdate};

  static void setResponse(void* self, int32_t s, sb_str type, sb_str b) {
    auto* sink = static_cast<WebhookSink*>(self);
    sink->status = s;
    sink->content_type = text(type);
    sink->body = text(b);
  }
  static void deliveryUpdate(void* self, sb_str id, sb_str s, sb_str e) {
    static_cast<WebhookSink*>(self)->updates.push_back({text(id), text(s), text(e)});
  }
};

struct CandidateSink : Recorder {
  std::vector<std::pair<std::string, double>> items;
  sb_candidates_out raw{sizeof(sb_candidates_out), this, [](void* self, sb_str id, double score) {
                          static_cast<CandidateSink*>(self)->items.emplace_back(text(id), score);
                        }};
};

struct BytesSink : Recorder {
  std::string data;
  sb_bytes_out raw{sizeof(sb_bytes_out), this, [](void* self, sb_bytes chunk) {
                     static_cast<BytesSink*>(self)->data.append(reinterpret_cast<const char*>(chunk.ptr), chunk.len);
                   }};
};

struct RuleSink : Recorder {
  std::vector<std::pair<size_t, double>> kept;
  sb_rule_out raw{sizeof(sb_rule_out), this, [](void* self, size_t index, double score) {
                    static_cast<RuleSink*>(self)->kept.emplace_back(index, score);
                  }};
};

// A host whose services record what plugins do. Set `offer` to choose which exist.
struct FakeHost : Recorder {
  std::vector<std::pair<int, std::string>> logs;
  std::vector<std::string> metrics;  // "counter name{labels}=value"
  std::map<std::string, int> lookups;
  std::map<std::string, bool> offer{{SB_SERVICE_LOG, true}, {SB_SERVICE_HTTP, true},
                                    {SB_SERVICE_METRICS, true}, {SB_SERVICE_CLOCK, true}};
  int64_t now_ms = 1700000000000;
  // The HTTP service delegates here; the default answers 204 with no body.
  std::function<sb_status(sb_call*, const sb_http_request*, const sb_http_response_out*)> http =
      [](sb_call*, const sb_http_request*, const sb_http_response_out* out) {
        out->on_status(out->plugin_data, 204);
        return SB_OK;
      };

  sb_log_service log_table{sizeof(sb_log_service), this, [](void* self, int32_t level, sb_str m) {
                             static_cast<FakeHost*>(self)->logs.emplace_back(level, text(m));
                           }};
  sb_http_service http_table{sizeof(sb_http_service), this,
                             [](void* self, sb_call* call, const sb_http_request* r, const sb_http_response_out* o) {
                               return static_cast<FakeHost*>(self)->http(call, r, o);
                             }};
  sb_metrics_service metrics_table{sizeof(sb_metrics_service), this, &counter, &gauge, &histogram};
  sb_clock_service clock_table{sizeof(sb_clock_service), this,
                               [](void* self) { return static_cast<FakeHost*>(self)->now_ms; },
                               [](void*) -> int64_t { return 42; }};
  sb_host raw{sizeof(sb_host), SB_ABI_MAJOR, SB_ABI_MINOR, "9.8.7", this, &getService,
              "https://notify.example.com/webhooks/test"};

  static const void* getService(const sb_host* host, const char* id) {
    auto* self = static_cast<FakeHost*>(host->host_data);
    std::string key(id);
    self->lookups[key]++;
    if (!self->offer[key]) return nullptr;
    if (key == SB_SERVICE_LOG) return &self->log_table;
    if (key == SB_SERVICE_HTTP) return &self->http_table;
    if (key == SB_SERVICE_METRICS) return &self->metrics_table;
    if (key == SB_SERVICE_CLOCK) return &self->clock_table;
    return nullptr;
  }
  static void record(void* self, const char* kind, sb_str name, sb_str labels, double v) {
    static_cast<FakeHost*>(self)->metrics.push_back(std::string(kind) + " " + text(name) + "{" + text(labels) +
                                                    "}=" + std::to_string(v));
  }
  static void counter(void* self, sb_str n, sb_str l, double v) { record(self, "counter", n, l, v); }
  static void gauge(void* self, sb_str n, sb_str l, double v) { record(self, "gauge", n, l, v); }
  static void histogram(void* self, sb_str n, sb_str l, double v) { record(self, "histogram", n, l, v); }
};

// Builds an sb_config the way the host would: strings owned here, values contiguous.
class FakeConfig : Recorder {
 public:
  explicit FakeConfig(std::string instance = "test-instance") : instance_(std::move(instance)) {}

  FakeConfig& set(std::string key, int32_t type, std::string text, int64_t i = 0, double d = 0) {
    const std::string& k = strings_.emplace_back(std::move(key));
    const std::string& t = strings_.emplace_back(std::move(text));
    values_.push_back(sb_config_value{sizeof(sb_config_value), str(k), type, str(t), i, d});
    return *this;
  }
  const sb_config* get() {
    raw_ = sb_config{sizeof(sb_config), str(instance_), values_.data(), values_.size()};
    return &raw_;
  }

 private:
  std::string instance_;
  std::deque<std::string> strings_;  // deque: growing it never moves the strings
  std::vector<sb_config_value> values_;
  sb_config raw_{};
};

// An sb_message whose fields are all empty except those set.
struct FakeMessage {
  std::string notification_id = "n-1", recipient = "someone@example.com", subject = "Hello", text = "Body";
  sb_message get() const {
    sb_message m{};
    m.struct_size = sizeof m;
    m.notification_id = str(notification_id);
    m.recipient = str(recipient);
    m.subject = str(subject);
    m.text = str(text);
    return m;
  }
};

}  // namespace sbtest

namespace sbtest {

// An instance created through a descriptor, as the host would; destroyed at scope end.
class Created : Recorder {
 public:
  Created(const sb_plugin_descriptor& descriptor, FakeHost& host, FakeConfig& config) : descriptor_(descriptor) {
    status = descriptor.create(&host.raw, config.get(), &create_call.raw, &instance);
  }
  ~Created() {
    if (instance != nullptr) descriptor_.destroy(instance);
  }
  template <class Table>
  const Table& table(const char* interface_id) const {
    return *static_cast<const Table*>(descriptor_.get_interface(interface_id));
  }

  sb_status status;
  void* instance = nullptr;
  FakeCall create_call;

 private:
  const sb_plugin_descriptor& descriptor_;
};

}  // namespace sbtest
