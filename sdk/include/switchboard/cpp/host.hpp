// switchboard/cpp/host.hpp — part of plugin.hpp (include that, not this). Host: the services the host offers a plugin (log, HTTP client, metrics, clock).
#ifndef SWITCHBOARD_CPP_HOST_HPP
#define SWITCHBOARD_CPP_HOST_HPP

#ifndef SWITCHBOARD_PLUGIN_HPP
#error "include <switchboard/plugin.hpp>, not its parts"
#endif

namespace switchboard {

// ============================================================== host services

struct HttpRequest {
  std::string method = "GET";
  std::string url;  // absolute http:// or https://
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::chrono::milliseconds connect_timeout{0};  // 0 = host default
  std::chrono::milliseconds io_timeout{0};       // 0 = host default
  std::chrono::milliseconds deadline{0};         // overall budget; 0 = host default
  bool verify_tls = true;
};

namespace detail {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's days_from_civil).
constexpr int64_t daysFromCivil(int64_t y, unsigned m, unsigned d) noexcept {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

inline int parseDigits(std::string_view s, std::size_t at, std::size_t count) noexcept {
  int value = 0;
  for (std::size_t i = at; i < at + count; ++i) {
    if (i >= s.size() || s[i] < '0' || s[i] > '9') return -1;
    value = value * 10 + (s[i] - '0');
  }
  return value;
}

}  // namespace detail

// The wait a Retry-After header value asks for (RFC 9110: delay-seconds, or an IMF-fixdate
// such as "Sun, 06 Nov 1994 08:49:37 GMT"), measured from `nowUnixMs`. Zero when absent,
// unparsable or past; capped at one day so a bogus value cannot park a message forever.
// Throw Retry(message, retryAfterHeader(...)) and the host waits at least that long.
inline std::chrono::milliseconds retryAfterHeader(std::string_view value, int64_t nowUnixMs) noexcept {
  constexpr int64_t kMaxMs = 24LL * 3600 * 1000;
  while (!value.empty() && (value.front() == ' ' || value.front() == '\t')) value.remove_prefix(1);
  while (!value.empty() && (value.back() == ' ' || value.back() == '\t')) value.remove_suffix(1);
  if (value.empty()) return std::chrono::milliseconds::zero();
  if (value.find_first_not_of("0123456789") == std::string_view::npos) {
    int64_t seconds = 0;
    for (char c : value) {
      seconds = seconds * 10 + (c - '0');
      if (seconds * 1000 >= kMaxMs) return std::chrono::milliseconds(kMaxMs);
    }
    return std::chrono::milliseconds(seconds * 1000);
  }
  // IMF-fixdate: "Sun, 06 Nov 1994 08:49:37 GMT" (fixed positions).
  static constexpr const char* kMonths = "JanFebMarAprMayJunJulAugSepOctNovDec";
  if (value.size() != 29 || value.substr(25) != " GMT") return std::chrono::milliseconds::zero();
  const int day = detail::parseDigits(value, 5, 2), year = detail::parseDigits(value, 12, 4);
  const int hh = detail::parseDigits(value, 17, 2), mm = detail::parseDigits(value, 20, 2),
            ss = detail::parseDigits(value, 23, 2);
  const std::string_view month = value.substr(8, 3);
  int monthIndex = -1;
  for (int i = 0; i < 12; ++i)
    if (month == std::string_view(kMonths + i * 3, 3)) monthIndex = i;
  if (day < 1 || year < 0 || hh < 0 || mm < 0 || ss < 0 || monthIndex < 0) return std::chrono::milliseconds::zero();
  const int64_t atMs =
      ((detail::daysFromCivil(year, static_cast<unsigned>(monthIndex + 1), static_cast<unsigned>(day)) * 24 + hh) * 60 +
           mm) * 60000 +
      static_cast<int64_t>(ss) * 1000;
  const int64_t wait = atMs - nowUnixMs;
  return std::chrono::milliseconds(wait <= 0 ? 0 : (wait > kMaxMs ? kMaxMs : wait));
}

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  // The first header with this name (case-insensitive), or "".
  std::string_view header(std::string_view name) const noexcept {
    for (const auto& h : headers)
      if (detail::equalsIgnoreCase(h.first, name)) return h.second;
    return {};
  }
  // This response's Retry-After as a wait from `nowUnixMs` (see retryAfterHeader).
  std::chrono::milliseconds retryAfter(int64_t nowUnixMs) const noexcept {
    return retryAfterHeader(header("Retry-After"), nowUnixMs);
  }
};

// The host's HTTP client (timeouts, deadline, TLS verification are the host's).
// Copyable handle; any thread; blocking.
class HttpClient {
 public:
  explicit HttpClient(const sb_http_service* service = nullptr) noexcept : service_(service) {}
  bool available() const noexcept { return service_ != nullptr; }

  // A response of any HTTP status is returned; throws Retry on connection errors and
  // timeouts, Permanent for a malformed request, Unsupported when the host has no client.
  // Requests made inside a host call inherit that call's deadline.
  HttpResponse send(const HttpRequest& request) const {
    if (service_ == nullptr) throw Unsupported("this host offers no HTTP client (" SB_SERVICE_HTTP ")");
    std::vector<sb_header> headers;
    headers.reserve(request.headers.size());
    for (const auto& h : request.headers) headers.push_back(sb_header{str(h.first), str(h.second)});
    sb_http_request raw{};
    raw.struct_size = sizeof raw;
    raw.method = str(request.method);
    raw.url = str(request.url);
    raw.headers = headers.data();
    raw.header_count = headers.size();
    raw.body = bytes(request.body);
    raw.connect_timeout_ms = request.connect_timeout.count();
    raw.io_timeout_ms = request.io_timeout.count();
    raw.deadline_ms = request.deadline.count();
    raw.verify_tls = request.verify_tls ? 1 : 0;

    Collector collector;
    sb_http_response_out out{sizeof(sb_http_response_out), &collector, &Collector::onStatus,
                             &Collector::onHeader, &Collector::onBody};
    CallState state;
    sb_call call{sizeof(sb_call), &state, &CallState::setError, &CallState::setRetryAfter,
                 currentDeadlineMs()};
    sb_status status = service_->request(service_->ctx, &call, &raw, &out);
    if (collector.failed) throw std::bad_alloc();
    std::string reason = state.error.empty() ? std::string("HTTP request failed") : std::move(state.error);
    switch (status) {
      case SB_OK: return std::move(collector.response);
      case SB_RETRY: throw Retry(reason, std::chrono::milliseconds(state.retry_after_ms));
      case SB_PERMANENT: throw Permanent(reason);
      case SB_UNSUPPORTED: throw Unsupported(reason);
      default: throw Error(status == SB_INVALID_CONFIG ? SB_INVALID_CONFIG : SB_INTERNAL, reason);
    }
  }
  HttpResponse get(std::string url) const {
    HttpRequest r;
    r.url = std::move(url);
    return send(r);
  }
  HttpResponse post(std::string url, std::string body, std::string content_type) const {
    HttpRequest r;
    r.method = "POST";
    r.url = std::move(url);
    r.body = std::move(body);
    r.headers.emplace_back("Content-Type", std::move(content_type));
    return send(r);
  }

 private:
  // The callbacks run inside the host: they must not throw, so failures are flagged.
  struct Collector {
    HttpResponse response;
    bool failed = false;
    static void onStatus(void* self, int32_t status) {
      static_cast<Collector*>(self)->response.status = status;
    }
    static void onHeader(void* self, sb_str name, sb_str value) {
      auto* c = static_cast<Collector*>(self);
      try {
        c->response.headers.emplace_back(std::string(view(name)), std::string(view(value)));
      } catch (...) {
        c->failed = true;
      }
    }
    static void onBody(void* self, sb_bytes chunk) {
      auto* c = static_cast<Collector*>(self);
      try {
        c->response.body.append(view(chunk));
      } catch (...) {
        c->failed = true;
      }
    }
  };
  struct CallState {
    std::string error;
    int64_t retry_after_ms = 0;
    static void setError(void* self, sb_str message) {
      try {
        static_cast<CallState*>(self)->error.assign(view(message));
      } catch (...) {  // out of memory: the status alone still says what happened
      }
    }
    static void setRetryAfter(void* self, int64_t millis) {
      static_cast<CallState*>(self)->retry_after_ms = millis;
    }
  };

  const sb_http_service* service_;
};

// Counters, gauges and histograms, prefixed by the host with the plugin id. `labels` is
// "k1=v1,k2=v2" or empty. No-ops when the host offers no metrics. Any thread; cheap.
class Metrics {
 public:
  explicit Metrics(const sb_metrics_service* service = nullptr) noexcept : service_(service) {}
  void counter(std::string_view name, double delta = 1, std::string_view labels = {}) const noexcept {
    if (service_ != nullptr) service_->counter_add(service_->ctx, str(name), str(labels), delta);
  }
  void gauge(std::string_view name, double value, std::string_view labels = {}) const noexcept {
    if (service_ != nullptr) service_->gauge_set(service_->ctx, str(name), str(labels), value);
  }
  void histogram(std::string_view name, double value, std::string_view labels = {}) const noexcept {
    if (service_ != nullptr) service_->histogram_observe(service_->ctx, str(name), str(labels), value);
  }

 private:
  const sb_metrics_service* service_;
};

// The host, as seen by one instance. Each service is looked up once, here; a service
// the host does not offer (or offers in a too-short table) is treated as absent.
// Host(nullptr) is a host that offers nothing — handy in unit tests.
class Host {
 public:
  explicit Host(const sb_host* host = nullptr) noexcept
      : host_(host),
        log_(lookup<sb_log_service>(SB_SERVICE_LOG, offsetof(sb_log_service, log) + sizeof(sb_log_service::log))),
        http_(lookup<sb_http_service>(SB_SERVICE_HTTP,
                                      offsetof(sb_http_service, request) + sizeof(sb_http_service::request))),
        metrics_(lookup<sb_metrics_service>(SB_SERVICE_METRICS, offsetof(sb_metrics_service, histogram_observe) +
                                                                    sizeof(sb_metrics_service::histogram_observe))),
        clock_(lookup<sb_clock_service>(SB_SERVICE_CLOCK, offsetof(sb_clock_service, monotonic_ns) +
                                                              sizeof(sb_clock_service::monotonic_ns))) {
    // A table with a NULL function counts as absent, so callers only test the table.
    if (log_ != nullptr && log_->log == nullptr) log_ = nullptr;
    if (http_ != nullptr && http_->request == nullptr) http_ = nullptr;
    if (metrics_ != nullptr &&
        (metrics_->counter_add == nullptr || metrics_->gauge_set == nullptr || metrics_->histogram_observe == nullptr))
      metrics_ = nullptr;
    if (clock_ != nullptr && clock_->now_unix_ms == nullptr) clock_ = nullptr;
  }

  // Into the host's log, tagged with the plugin and instance. Never log secrets.
  void log(int32_t level, std::string_view message) const noexcept {
    if (log_ != nullptr) log_->log(log_->ctx, level, str(message));
  }
  void debug(std::string_view message) const noexcept { log(SB_LOG_DEBUG, message); }
  void info(std::string_view message) const noexcept { log(SB_LOG_INFO, message); }
  void warn(std::string_view message) const noexcept { log(SB_LOG_WARN, message); }
  void error(std::string_view message) const noexcept { log(SB_LOG_ERROR, message); }

  // This instance's public webhook URL ("" when the host has none; see sb_host).
  std::string webhookUrl() const {
    if (host_ == nullptr || !SWITCHBOARD_DETAIL_HAS_FIELD(host_, sb_host, webhook_url) || host_->webhook_url == nullptr)
      return std::string();
    return std::string(host_->webhook_url);
  }

  HttpClient http() const noexcept { return HttpClient(http_); }
  Metrics metrics() const noexcept { return Metrics(metrics_); }

  // Wall clock, Unix ms: the host's clock (which tests may fake), else the system's.
  int64_t nowMs() const noexcept {
    if (clock_ != nullptr) return clock_->now_unix_ms(clock_->ctx);
    return std::chrono::duration_cast<std::chrono::milliseconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
  }

  std::string_view version() const noexcept {
    return SWITCHBOARD_DETAIL_HAS_FIELD(host_, sb_host, host_version) && host_->host_version != nullptr
               ? std::string_view(host_->host_version)
               : std::string_view();
  }
  uint16_t abiMinor() const noexcept { return SWITCHBOARD_DETAIL_HAS_FIELD(host_, sb_host, abi_minor) ? host_->abi_minor : 0; }
  // For services newer than this wrapper; check the table's struct_size yourself.
  const void* service(const char* id) const noexcept {
    if (!SWITCHBOARD_DETAIL_HAS_FIELD(host_, sb_host, get_service) || host_->get_service == nullptr) return nullptr;
    return host_->get_service(host_, id);
  }
  const sb_host* raw() const noexcept { return host_; }

 private:
  template <class Table>
  const Table* lookup(const char* id, std::size_t needed) const noexcept {
    const auto* table = static_cast<const Table*>(service(id));
    return table != nullptr && table->struct_size >= needed ? table : nullptr;
  }

  const sb_host* host_;
  const sb_log_service* log_;
  const sb_http_service* http_;
  const sb_metrics_service* metrics_;
  const sb_clock_service* clock_;
};

}  // namespace switchboard

#endif  // SWITCHBOARD_CPP_HOST_HPP
