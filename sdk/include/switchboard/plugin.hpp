// switchboard/plugin.hpp — header-only C++17 wrapper over the C ABI in plugin.h:
// a plugin author writes one class and one macro line.
//
//   class Console final : public switchboard::ChannelPlugin {
//    public:
//     static constexpr const char* id = "console";
//     static constexpr const char* version = "0.1.0";
//     static constexpr const char* description = "Writes messages into the host log.";
//     static constexpr uint32_t threading = SB_THREADING_REENTRANT;
//     static constexpr sb_config_field schema[] = {
//         switchboard::option::string("prefix", "Put before each line.").withDefault("[console]")};
//
//     Console(const switchboard::Host& host, const switchboard::Config& config);
//     switchboard::SendResult send(const switchboard::Message& message) override;
//   };
//   SWITCHBOARD_PLUGIN(Console);
//
// Errors: throw Retry / Permanent / InvalidConfig / Unsupported; any other exception
// becomes SB_INTERNAL with its what(). Nothing ever unwinds into the host: every
// function the host calls is noexcept and catches everything.
//
// Ownership: everything handed to your methods (Message, WebhookRequest, Dataset,
// RecommendRequest, RuleInput and their string_views) is borrowed for that call only;
// copy what you keep. Config copies its values, so keeping a Config is safe. The Host
// outlives your object, so keeping a `const Host&` is safe.
//
// Threading: this wrapper adds no locks. With SB_THREADING_REENTRANT the host may call
// one object from several threads at once, so your methods must be thread-safe; with
// SB_THREADING_SERIALIZED (the default) calls on one object never overlap.
//
// Nothing here runs in a static constructor: descriptors and tables are constexpr.
#ifndef SWITCHBOARD_PLUGIN_HPP
#define SWITCHBOARD_PLUGIN_HPP

#include <switchboard/plugin.h>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <initializer_list>
#include <iterator>
#include <new>
#include <stdexcept>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

// The lowest host ABI minor this library needs; define it before including this header
// when you use something a later 1.x minor added.
#ifndef SWITCHBOARD_MIN_HOST_MINOR
#define SWITCHBOARD_MIN_HOST_MINOR 0
#endif

// SB_HAS_FIELD without C casts, so that plugins built with strict warnings
// (-Wold-style-cast) stay quiet.
#define SWITCHBOARD_DETAIL_HAS_FIELD(ptr, type, field) \
  ((ptr) != nullptr && (ptr)->struct_size >= offsetof(type, field) + sizeof(type::field))

namespace switchboard {

// ============================================================== errors
// Each exception maps to one sb_status; the message becomes the call's error reason.

class Error : public std::runtime_error {
 public:
  Error(sb_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  sb_status status() const noexcept { return status_; }

 private:
  sb_status status_;
};

// Transient: the host may try again later (it owns the backoff); `after` is a floor.
class Retry : public Error {
 public:
  explicit Retry(const std::string& message,
                 std::chrono::milliseconds after = std::chrono::milliseconds::zero())
      : Error(SB_RETRY, message), after_(after) {}
  std::chrono::milliseconds after() const noexcept { return after_; }

 private:
  std::chrono::milliseconds after_;
};

// What a permanent send failure is about (see SB_FAILURE_* in plugin.h).
enum class Failure : int32_t {
  Provider = SB_FAILURE_PROVIDER,                     // this provider cannot deliver: try the next one
  Recipient = SB_FAILURE_RECIPIENT,                   // the address is invalid: no provider can deliver
  RecipientGone = SB_FAILURE_RECIPIENT_GONE,          // the address no longer exists: remove it
  RecipientOptedOut = SB_FAILURE_RECIPIENT_OPTED_OUT  // the recipient opted out at the provider
};

// Will never succeed for this input (bad address, rejected by the provider). In a
// channel's send(), say whose fault it is: Permanent("bad number", Failure::Recipient).
class Permanent : public Error {
 public:
  explicit Permanent(const std::string& message, Failure failure = Failure::Provider)
      : Error(SB_PERMANENT, message), failure_(failure) {}
  Failure failure() const noexcept { return failure_; }

 private:
  Failure failure_;
};

// The instance's configuration cannot work; throw it from your constructor.
class InvalidConfig : public Error {
 public:
  explicit InvalidConfig(const std::string& message) : Error(SB_INVALID_CONFIG, message) {}
};

// This call or option is not supported by this plugin.
class Unsupported : public Error {
 public:
  explicit Unsupported(const std::string& message) : Error(SB_UNSUPPORTED, message) {}
};

// ============================================================== strings and views

inline std::string_view view(sb_str s) noexcept {
  return s.ptr != nullptr ? std::string_view(s.ptr, s.len) : std::string_view();
}
inline std::string_view view(sb_bytes b) noexcept {
  return b.ptr != nullptr ? std::string_view(reinterpret_cast<const char*>(b.ptr), b.len)
                          : std::string_view();
}
inline sb_str str(std::string_view s) noexcept { return sb_str{s.data(), s.size()}; }
inline sb_bytes bytes(std::string_view s) noexcept {
  return sb_bytes{reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

namespace detail {
// A read-only, non-owning view of a host array, converting each element on access.
template <class Raw, class Value, Value (*Convert)(const Raw&)>
class ArrayView {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Value;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Value;
    explicit iterator(const Raw* at) noexcept : at_(at) {}
    Value operator*() const { return Convert(*at_); }
    iterator& operator++() noexcept { ++at_; return *this; }
    bool operator==(const iterator& other) const noexcept { return at_ == other.at_; }
    bool operator!=(const iterator& other) const noexcept { return at_ != other.at_; }

   private:
    const Raw* at_;
  };

  ArrayView() noexcept = default;
  ArrayView(const Raw* data, std::size_t size) noexcept
      : data_(data), size_(data != nullptr ? size : 0) {}
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  Value operator[](std::size_t i) const { return Convert(data_[i]); }
  iterator begin() const noexcept { return iterator(data_); }
  iterator end() const noexcept { return iterator(data_ + size_); }

 private:
  const Raw* data_ = nullptr;
  std::size_t size_ = 0;
};

inline std::string_view toView(const sb_str& s) { return view(s); }

inline bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}
}  // namespace detail

// A list of strings, e.g. tags or excluded item ids.
class StrList : public detail::ArrayView<sb_str, std::string_view, &detail::toView> {
 public:
  using ArrayView::ArrayView;
  bool contains(std::string_view s) const noexcept {
    for (std::string_view item : *this)
      if (item == s) return true;
    return false;
  }
};

// ============================================================== config

// The validated configuration of one instance. Every declared key with a value or a
// default is present. Copies the host's data, so it may be kept after the constructor.
class Config {
 public:
  struct Value {
    std::string key;
    int32_t type = SB_CONFIG_STRING;  // SB_CONFIG_*
    std::string text;                 // the value as written; JSON text for SB_CONFIG_JSON
    int64_t int_value = 0;            // INT, BOOL (0/1), DURATION_MS
    double double_value = 0;          // DOUBLE, INT
  };

  Config() = default;
  // For tests: a config built by hand.
  Config(std::string instance_name, std::vector<Value> values)
      : instance_name_(std::move(instance_name)), values_(std::move(values)) {}
  explicit Config(const sb_config* config) {
    if (config == nullptr) return;
    instance_name_ = std::string(view(config->instance_name));
    if (config->count == 0 || config->values == nullptr) return;
    if (!SWITCHBOARD_DETAIL_HAS_FIELD(config->values, sb_config_value, double_value))
      throw Error(SB_INTERNAL, "the host passed config values with an unexpected struct_size");
    for (std::size_t i = 0; i < config->count; ++i) {
      // SB_ARRAY_AT: step by the host's struct_size, which may exceed our sizeof.
      const auto* v = reinterpret_cast<const sb_config_value*>(reinterpret_cast<const char*>(config->values) +
                                                                i * config->values->struct_size);
      values_.push_back(Value{std::string(view(v->key)), v->type, std::string(view(v->string_value)),
                              v->int_value, v->double_value});
    }
  }

  const std::string& instanceName() const noexcept { return instance_name_; }
  bool has(std::string_view key) const noexcept { return find(key) != nullptr; }
  const std::vector<Value>& values() const noexcept { return values_; }

  // Each accessor throws InvalidConfig when the key is absent (no value, no default) or
  // was declared with an incompatible type; the overloads with a fallback only replace
  // the "absent" case.
  std::string string(std::string_view key) const { return get(key, {}, "string").text; }
  std::string string(std::string_view key, std::string_view fallback) const {
    return has(key) ? string(key) : std::string(fallback);
  }
  int64_t integer(std::string_view key) const {
    return get(key, {SB_CONFIG_INT, SB_CONFIG_BOOL, SB_CONFIG_DURATION_MS}, "integer").int_value;
  }
  int64_t integer(std::string_view key, int64_t fallback) const {
    return has(key) ? integer(key) : fallback;
  }
  double number(std::string_view key) const {
    return get(key, {SB_CONFIG_DOUBLE, SB_CONFIG_INT}, "number").double_value;
  }
  double number(std::string_view key, double fallback) const {
    return has(key) ? number(key) : fallback;
  }
  bool boolean(std::string_view key) const {
    return get(key, {SB_CONFIG_BOOL}, "boolean").int_value != 0;
  }
  bool boolean(std::string_view key, bool fallback) const {
    return has(key) ? boolean(key) : fallback;
  }
  std::chrono::milliseconds duration(std::string_view key) const {
    return std::chrono::milliseconds(get(key, {SB_CONFIG_DURATION_MS}, "duration").int_value);
  }
  std::chrono::milliseconds duration(std::string_view key, std::chrono::milliseconds fallback) const {
    return has(key) ? duration(key) : fallback;
  }
  // The raw JSON text of a list or map value.
  std::string json(std::string_view key) const { return get(key, {SB_CONFIG_JSON}, "json").text; }
  // A JSON value that must be a list of strings, e.g. ["a@example.com", "b@example.com"].
  inline std::vector<std::string> stringList(std::string_view key) const;

 private:
  const Value* find(std::string_view key) const noexcept {
    for (const Value& v : values_)
      if (v.key == key) return &v;
    return nullptr;
  }
  // `types` empty = any type.
  const Value& get(std::string_view key, std::initializer_list<int32_t> types, const char* wanted) const {
    const Value* v = find(key);
    if (v == nullptr) throw InvalidConfig("config key '" + std::string(key) + "' is not set");
    if (types.size() == 0) return *v;
    for (int32_t t : types)
      if (t == v->type) return *v;
    throw InvalidConfig("config key '" + std::string(key) + "' is not declared as a " + wanted);
  }

  std::string instance_name_;
  std::vector<Value> values_;
};

namespace detail {
// A strict parser for a JSON array of strings: enough for list-valued options without
// pulling a JSON library into every plugin.
class JsonStringArrayParser {
 public:
  JsonStringArrayParser(std::string_view text, std::string_view key) : text_(text), key_(key) {}

  std::vector<std::string> parse() {
    std::vector<std::string> out;
    expect('[');
    if (peek() == ']') {
      ++pos_;
    } else {
      for (;;) {
        out.push_back(parseString());
        char c = next();
        if (c == ']') break;
        if (c != ',') fail("expected ',' or ']'");
      }
    }
    skipSpace();
    if (pos_ != text_.size()) fail("unexpected text after the list");
    return out;
  }

 private:
  [[noreturn]] void fail(const std::string& why) const {
    throw InvalidConfig("config key '" + std::string(key_) + "' must be a JSON list of strings: " + why);
  }
  void skipSpace() noexcept {
    while (pos_ < text_.size() && (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' ||
                                   text_[pos_] == '\r'))
      ++pos_;
  }
  char peek() {
    skipSpace();
    if (pos_ >= text_.size()) fail("unexpected end");
    return text_[pos_];
  }
  char next() {
    char c = peek();
    ++pos_;
    return c;
  }
  void expect(char c) {
    if (next() != c) fail(std::string("expected '") + c + "'");
  }
  unsigned hex4() {
    if (text_.size() - pos_ < 4) fail("short \\u escape");
    unsigned v = 0;
    for (int i = 0; i < 4; ++i) {
      char c = text_[pos_++];
      v <<= 4;
      if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
      else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
      else if (c >= 'A' && c <= 'F') v |= static_cast<unsigned>(c - 'A' + 10);
      else fail("bad \\u escape");
    }
    return v;
  }
  static void appendUtf8(std::string& out, unsigned cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }
  void parseEscape(std::string& out) {
    if (pos_ >= text_.size()) fail("unterminated string");
    char c = text_[pos_++];
    switch (c) {
      case '"': out += '"'; break;
      case '\\': out += '\\'; break;
      case '/': out += '/'; break;
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        unsigned cp = hex4();
        if (cp >= 0xD800 && cp <= 0xDBFF) {  // a surrogate pair encodes one code point
          if (text_.substr(pos_, 2) != "\\u") fail("lone surrogate");
          pos_ += 2;
          unsigned low = hex4();
          if (low < 0xDC00 || low > 0xDFFF) fail("bad surrogate pair");
          cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
          fail("lone surrogate");
        }
        appendUtf8(out, cp);
        break;
      }
      default: fail("bad escape");
    }
  }
  std::string parseString() {
    if (next() != '"') fail("expected a string");
    std::string out;
    for (;;) {
      if (pos_ >= text_.size()) fail("unterminated string");
      char c = text_[pos_++];
      if (c == '"') return out;
      if (c == '\\') parseEscape(out);
      else if (static_cast<unsigned char>(c) < 0x20) fail("control character in string");
      else out += c;
    }
  }

  std::string_view text_;
  std::string_view key_;
  std::size_t pos_ = 0;
};
}  // namespace detail

inline std::vector<std::string> Config::stringList(std::string_view key) const {
  return detail::JsonStringArrayParser(json(key), key).parse();
}

// ============================================================== config schema
// Build the static `schema` array of your class:
//   static constexpr sb_config_field schema[] = {
//       switchboard::option::string("host", "SMTP server name.").required(),
//       switchboard::option::string("password", "SMTP password.").secret(),
//       switchboard::option::duration("timeout", "Per-message budget.").withDefault("10s")};
// Defaults are written as in YAML; the host validates them like operator values.

class Field {
 public:
  constexpr Field(const char* key, int32_t type, const char* description) noexcept
      : f_{sizeof(sb_config_field), key, type, nullptr, 0, 0, description} {}
  constexpr Field required() const noexcept { Field c = *this; c.f_.required = 1; return c; }
  constexpr Field secret() const noexcept { Field c = *this; c.f_.secret = 1; return c; }
  constexpr Field withDefault(const char* yaml) const noexcept {
    Field c = *this;
    c.f_.default_value = yaml;
    return c;
  }
  constexpr operator sb_config_field() const noexcept { return f_; }

 private:
  sb_config_field f_;
};

constexpr Field field(const char* key, int32_t type, const char* description) noexcept {
  return Field(key, type, description);
}

namespace option {
constexpr Field string(const char* key, const char* description) noexcept {
  return Field(key, SB_CONFIG_STRING, description);
}
constexpr Field integer(const char* key, const char* description) noexcept {
  return Field(key, SB_CONFIG_INT, description);
}
constexpr Field number(const char* key, const char* description) noexcept {
  return Field(key, SB_CONFIG_DOUBLE, description);
}
constexpr Field boolean(const char* key, const char* description) noexcept {
  return Field(key, SB_CONFIG_BOOL, description);
}
constexpr Field duration(const char* key, const char* description) noexcept {
  return Field(key, SB_CONFIG_DURATION_MS, description);
}
constexpr Field json(const char* key, const char* description) noexcept {
  return Field(key, SB_CONFIG_JSON, description);
}
}  // namespace option

// ============================================================== the current call

namespace detail {
// The host call running on this thread, so that HTTP requests a plugin makes inside
// send() inherit that call's deadline without the author passing it around.
inline const sb_call*& currentCall() noexcept {
  static thread_local const sb_call* call = nullptr;
  return call;
}
class CallScope {
 public:
  explicit CallScope(const sb_call* call) noexcept : previous_(currentCall()) { currentCall() = call; }
  ~CallScope() { currentCall() = previous_; }
  CallScope(const CallScope&) = delete;
  CallScope& operator=(const CallScope&) = delete;

 private:
  const sb_call* previous_;
};
}  // namespace detail

// Deadline of the host call in progress on this thread, Unix ms; 0 = none.
inline int64_t currentDeadlineMs() noexcept {
  const sb_call* call = detail::currentCall();
  return SWITCHBOARD_DETAIL_HAS_FIELD(call, sb_call, deadline_unix_ms) ? call->deadline_unix_ms : 0;
}

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

// ============================================================== call payloads (borrowed)

// One rendered message for one recipient; see sb_message for each field.
struct Message {
  std::string_view notification_id;  // stable across retries: the provider idempotency key
  std::string_view channel;
  std::string_view recipient;
  std::string_view subject;
  std::string_view text;
  std::string_view html;
  std::string_view data_json;
  std::string_view locale;
  std::string_view category;
  std::string_view priority;
};

struct SendResult {
  std::string provider_message_id;  // empty = the provider gave none
};

struct Header {
  std::string_view name;
  std::string_view value;
};

namespace detail {
inline Header toHeader(const sb_header& h) { return Header{view(h.name), view(h.value)}; }
}  // namespace detail

using Headers = detail::ArrayView<sb_header, Header, &detail::toHeader>;

struct WebhookRequest {
  std::string_view method;
  std::string_view url;  // the full public URL the provider called, for signature checks
  Headers headers;
  std::string_view body;

  // The first header with this name (case-insensitive), or "".
  std::string_view header(std::string_view name) const noexcept {
    for (Header h : headers)
      if (detail::equalsIgnoreCase(h.name, name)) return h.value;
    return {};
  }
};

struct DeliveryUpdate {
  std::string provider_message_id;
  std::string status;  // "delivered" | "failed" | "undelivered" | "sent"
  std::string error;
};

// What a webhook handler answers. The HTTP response is passed to the host even when the
// handler then throws (e.g. respond(403) + throw Permanent("bad signature")); delivery
// updates only when it returns normally.
class WebhookResponse {
 public:
  void respond(int http_status, std::string body = {}, std::string content_type = "text/plain") {
    responded_ = true;
    status_ = http_status;
    body_ = std::move(body);
    content_type_ = std::move(content_type);
  }
  void deliveryUpdate(std::string provider_message_id, std::string status, std::string error = {}) {
    updates_.push_back(DeliveryUpdate{std::move(provider_message_id), std::move(status), std::move(error)});
  }

  bool responded() const noexcept { return responded_; }
  int status() const noexcept { return status_; }
  const std::string& body() const noexcept { return body_; }
  const std::string& contentType() const noexcept { return content_type_; }
  const std::vector<DeliveryUpdate>& updates() const noexcept { return updates_; }

 private:
  bool responded_ = false;
  int status_ = 200;
  std::string body_;
  std::string content_type_;
  std::vector<DeliveryUpdate> updates_;
};

struct UserEvent {
  std::string_view item_id;
  float weight;
  int64_t timestamp_ms;
};

namespace detail {
inline UserEvent toUserEvent(const sb_user_event& e) {
  return UserEvent{view(e.item_id), e.weight, e.timestamp_unix_ms};
}
}  // namespace detail

using History = detail::ArrayView<sb_user_event, UserEvent, &detail::toUserEvent>;  // newest first

struct Item {
  std::string_view id;
  std::string_view title;
  std::string_view category;
  StrList tags;
  std::string_view attributes_json;
  int64_t created_at_ms;
};

// One interaction; user and item index Dataset::users() and Dataset::items().
struct Interaction {
  uint32_t user;
  uint32_t item;
  float weight;
  int64_t timestamp_ms;
};

namespace detail {
inline Item toItem(const sb_item* const& i) {
  return Item{view(i->id),       view(i->title),           view(i->category),
              StrList(i->tags, i->tag_count), view(i->attributes_json), i->created_at_unix_ms};
}
}  // namespace detail

using Items = detail::ArrayView<const sb_item*, Item, &detail::toItem>;

// The interactions of a dataset, read with the host's stride so that a longer
// sb_interaction from a later host minor still reads correctly.
class Interactions {
 public:
  Interactions(const sb_interaction* data, std::size_t size, std::size_t stride) noexcept
      : data_(reinterpret_cast<const char*>(data)), size_(data != nullptr ? size : 0),
        stride_(stride != 0 ? stride : sizeof(sb_interaction)) {}
  std::size_t size() const noexcept { return size_; }
  Interaction operator[](std::size_t i) const noexcept {
    const auto* raw = reinterpret_cast<const sb_interaction*>(data_ + i * stride_);
    return Interaction{raw->user, raw->item, raw->weight, raw->timestamp_unix_ms};
  }
  template <class F>
  void forEach(F&& f) const {
    for (std::size_t i = 0; i < size_; ++i) f((*this)[i]);
  }

 private:
  const char* data_;
  std::size_t size_;
  std::size_t stride_;
};

// A snapshot handed to fit(); borrowed for the call.
class Dataset {
 public:
  explicit Dataset(const sb_dataset& data) noexcept : data_(data) {}
  StrList users() const noexcept { return StrList(data_.user_ids, data_.user_count); }
  Items items() const noexcept { return Items(data_.items, data_.item_count); }
  Interactions interactions() const noexcept {
    return Interactions(data_.interactions, data_.interaction_count, data_.interaction_size);
  }
  int64_t nowMs() const noexcept { return data_.now_unix_ms; }

 private:
  const sb_dataset& data_;
};

struct RecommendRequest {
  std::string_view user_id;
  uint32_t limit;
  StrList exclude;  // never return these
  History history;  // newest first
  std::string_view category;  // restrict to this category; empty = any
  std::string_view context_json;

  bool excluded(std::string_view item_id) const noexcept { return exclude.contains(item_id); }
};

struct Candidate {
  std::string item_id;
  double score;
};

struct RuleCandidate {
  std::string_view item_id;
  double score;
  std::string_view category;
  StrList tags;
  std::string_view attributes_json;
  int64_t created_at_ms;
};

namespace detail {
inline RuleCandidate toRuleCandidate(const sb_candidate* const& c) {
  return RuleCandidate{view(c->item_id), c->score, view(c->category), StrList(c->tags, c->tag_count),
                       view(c->attributes_json), c->created_at_unix_ms};
}
}  // namespace detail

using RuleCandidates = detail::ArrayView<const sb_candidate*, RuleCandidate, &detail::toRuleCandidate>;

struct RuleInput {
  std::string_view user_id;
  std::string_view user_attributes_json;
  History history;
  std::string_view context_json;
  RuleCandidates candidates;  // best first
  uint32_t limit;
  int64_t now_ms;
};

// Keep the input candidate at `index` with `score`; the output order is the new order.
struct RuleOutput {
  std::size_t index;
  double score;
};

// ============================================================== base classes

namespace detail {
class PluginBase {
 public:
  PluginBase() = default;
  PluginBase(const PluginBase&) = delete;
  PluginBase& operator=(const PluginBase&) = delete;
  // Destructors must not throw (the host's destroy() cannot fail).
  virtual ~PluginBase() = default;
  // Optional: throw when the instance cannot work (credentials rejected, peer down).
  // Only offered to the host when your class overrides it. Cheap; host thread.
  virtual void health() {}
};
}  // namespace detail

class ChannelPlugin : public detail::PluginBase {
 public:
  // Deliver one message; return the provider's message id. Blocking is fine when you
  // declare `static constexpr uint32_t flags = SB_FLAG_BLOCKING;`.
  virtual SendResult send(const Message& message) = 0;
  // Optional: verify and apply a provider callback. Only offered to the host when your
  // class overrides it.
  virtual void handleWebhook(const WebhookRequest&, WebhookResponse&) {
    throw Unsupported("this channel takes no webhooks");
  }
};

class RecommenderPlugin : public detail::PluginBase {
 public:
  // Train on a snapshot; never overlapped with another fit() on one object. With
  // REENTRANT, recommend() may run meanwhile: build the new model aside, swap it in at
  // the end under your own lock.
  virtual void fit(const Dataset& data) = 0;
  // Best first; the wrapper passes on at most request.limit. Throw Unsupported (or return
  // nothing) for a user you cannot serve, so the host takes its fallback chain.
  virtual std::vector<Candidate> recommend(const RecommendRequest& request) = 0;
  // Optional: items like `item_id`, best first. Only offered when overridden.
  virtual std::vector<Candidate> similar(std::string_view, uint32_t) {
    throw Unsupported("this recommender has no similar-items");
  }
  // The trained model as bytes (std::string as a byte buffer); the host stores them.
  virtual std::string save() { throw Unsupported("this recommender cannot save its model"); }
  // Replace the model with bytes from save(), maybe by an older version of the plugin:
  // throw Unsupported for a format you cannot read, and the host retrains.
  virtual void load(std::string_view) { throw Unsupported("this recommender cannot load a model"); }
};

class RulePlugin : public detail::PluginBase {
 public:
  // The candidates to keep, in their new order; leaving one out drops it.
  virtual std::vector<RuleOutput> apply(const RuleInput& input) = 0;
};

// ============================================================== trampolines
// Everything below turns C calls into calls on the author's class, and exceptions into
// statuses. Every function the host can reach is noexcept and catches everything.

namespace detail {

template <class T>
struct Instance {
  Host host;  // declared first: the plugin object may keep a reference to it
  T plugin;
  Instance(const sb_host* h, const Config& config) : host(h), plugin(host, config) {}
};

template <class T>
T& pluginOf(void* instance) noexcept {
  return static_cast<Instance<T>*>(instance)->plugin;
}

inline void setError(sb_call* call, const char* message) noexcept {
  if (SWITCHBOARD_DETAIL_HAS_FIELD(call, sb_call, set_error) && call->set_error != nullptr)
    call->set_error(call->host_data, sb_str{message, std::strlen(message)});
}

inline void setRetryAfter(sb_call* call, std::chrono::milliseconds after) noexcept {
  if (after.count() > 0 && SWITCHBOARD_DETAIL_HAS_FIELD(call, sb_call, set_retry_after_ms) && call->set_retry_after_ms != nullptr)
    call->set_retry_after_ms(call->host_data, after.count());
}

// Runs `body`, mapping each exception to its status and reason.
template <class F>
sb_status guarded(sb_call* call, F&& body) noexcept {
  CallScope scope(call);
  try {
    body();
    return SB_OK;
  } catch (const Retry& e) {
    setError(call, e.what());
    setRetryAfter(call, e.after());
    return SB_RETRY;
  } catch (const Error& e) {
    setError(call, e.what());
    // An "error" claiming success, or a status this ABI does not know, is a bug.
    return e.status() > SB_OK && e.status() <= SB_INTERNAL ? e.status() : SB_INTERNAL;
  } catch (const std::exception& e) {
    setError(call, e.what());
    return SB_INTERNAL;
  } catch (...) {
    setError(call, "unknown exception");
    return SB_INTERNAL;
  }
}

// ---- static metadata, with defaults for the optional members

template <class T, class = void> struct HasSchema : std::false_type {};
template <class T> struct HasSchema<T, std::void_t<decltype(T::schema)>> : std::true_type {};
template <class T, class = void> struct HasThreading : std::false_type {};
template <class T> struct HasThreading<T, std::void_t<decltype(T::threading)>> : std::true_type {};
template <class T, class = void> struct HasFlags : std::false_type {};
template <class T> struct HasFlags<T, std::void_t<decltype(T::flags)>> : std::true_type {};
template <class T, class = void> struct HasMetadata : std::false_type {};
template <class T>
struct HasMetadata<T, std::void_t<decltype(T::id), decltype(T::version), decltype(T::description)>>
    : std::true_type {};

template <class T>
constexpr const sb_config_field* schemaOf() noexcept {
  if constexpr (HasSchema<T>::value) return T::schema;
  else return nullptr;
}
template <class T>
constexpr std::size_t schemaSizeOf() noexcept {
  if constexpr (HasSchema<T>::value) return std::extent_v<decltype(T::schema)>;
  else return 0;
}
template <class T>
constexpr uint32_t threadingOf() noexcept {
  if constexpr (HasThreading<T>::value) return T::threading;
  else return SB_THREADING_SERIALIZED;  // the safe default
}
template <class T>
constexpr uint32_t flagsOf() noexcept {
  if constexpr (HasFlags<T>::value) return T::flags;
  else return 0;
}

// An overriding class declares the member itself, so &T::member names T, not the base.
template <class T>
constexpr bool overridesHealth() noexcept {
  return !std::is_same_v<decltype(&T::health), void (PluginBase::*)()>;
}
template <class T>
constexpr bool overridesWebhook() noexcept {
  return !std::is_same_v<decltype(&T::handleWebhook),
                         void (ChannelPlugin::*)(const WebhookRequest&, WebhookResponse&)>;
}
template <class T>
constexpr bool overridesSimilar() noexcept {
  return !std::is_same_v<decltype(&T::similar),
                         std::vector<Candidate> (RecommenderPlugin::*)(std::string_view, uint32_t)>;
}

template <class T>
constexpr const char* kindOf() noexcept {
  if constexpr (std::is_base_of_v<ChannelPlugin, T>) return SB_KIND_CHANNEL;
  else if constexpr (std::is_base_of_v<RecommenderPlugin, T>) return SB_KIND_RECOMMENDER;
  else return SB_KIND_RULE;
}

template <class T>
constexpr bool checkPluginClass() noexcept {
  constexpr int bases = int(std::is_base_of_v<ChannelPlugin, T>) + int(std::is_base_of_v<RecommenderPlugin, T>) +
                        int(std::is_base_of_v<RulePlugin, T>);
  static_assert(bases == 1, "a plugin class derives from exactly one of ChannelPlugin, RecommenderPlugin, RulePlugin");
  static_assert(HasMetadata<T>::value,
                "a plugin class declares static constexpr const char* id, version and description");
  static_assert(std::is_constructible_v<T, const Host&, const Config&>,
                "a plugin class has a constructor (const switchboard::Host&, const switchboard::Config&)");
  return true;
}

// ---- lifecycle

template <class T>
sb_status create(const sb_host* host, const sb_config* config, sb_call* call, void** instance) noexcept {
  if (instance == nullptr) return SB_INTERNAL;
  *instance = nullptr;
  return guarded(call, [&] {
    Config parsed(config);
    *instance = new Instance<T>(host, parsed);
  });
}

template <class T>
void destroy(void* instance) noexcept {
  delete static_cast<Instance<T>*>(instance);
}

template <class T>
sb_status health(void* instance, sb_call* call) noexcept {
  return guarded(call, [&] { pluginOf<T>(instance).health(); });
}

// ---- channel/1

inline Message toMessage(const sb_message& m) noexcept {
  return Message{view(m.notification_id), view(m.channel), view(m.recipient), view(m.subject), view(m.text),
                 view(m.html),            view(m.data_json), view(m.locale),  view(m.category), view(m.priority)};
}

template <class T>
sb_status channelSend(void* instance, sb_call* call, const sb_message* message, const sb_send_out* out) noexcept {
  return guarded(call, [&] {
    SendResult result;
    try {
      result = pluginOf<T>(instance).send(toMessage(*message));
    } catch (const Permanent& e) {
      if (SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_send_out, set_failure) && out->set_failure != nullptr)
        out->set_failure(out->host_data, static_cast<int32_t>(e.failure()));
      throw;
    }
    if (!result.provider_message_id.empty() && SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_send_out, set_provider_message_id) &&
        out->set_provider_message_id != nullptr)
      out->set_provider_message_id(out->host_data, str(result.provider_message_id));
  });
}

template <class T>
sb_status channelWebhook(void* instance, sb_call* call, const sb_webhook_request* request,
                         const sb_webhook_out* out) noexcept {
  WebhookResponse response;
  sb_status status = guarded(call, [&] {
    WebhookRequest r{view(request->method), view(request->url), Headers(request->headers, request->header_count),
                     view(request->body)};
    pluginOf<T>(instance).handleWebhook(r, response);
  });
  if (response.responded() && SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_webhook_out, set_response) && out->set_response != nullptr)
    out->set_response(out->host_data, response.status(), str(response.contentType()), str(response.body()));
  if (status == SB_OK && SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_webhook_out, delivery_update) && out->delivery_update != nullptr)
    for (const DeliveryUpdate& u : response.updates())
      out->delivery_update(out->host_data, str(u.provider_message_id), str(u.status), str(u.error));
  return status;
}

// ---- recommender/1

inline void emitCandidates(const std::vector<Candidate>& candidates, uint32_t limit,
                           const sb_candidates_out* out) noexcept {
  if (!SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_candidates_out, add) || out->add == nullptr) return;
  std::size_t n = limit > 0 && candidates.size() > limit ? limit : candidates.size();
  for (std::size_t i = 0; i < n; ++i) out->add(out->host_data, str(candidates[i].item_id), candidates[i].score);
}

template <class T>
sb_status recommenderFit(void* instance, sb_call* call, const sb_dataset* data) noexcept {
  return guarded(call, [&] { pluginOf<T>(instance).fit(Dataset(*data)); });
}

template <class T>
sb_status recommenderRecommend(void* instance, sb_call* call, const sb_recommend_request* request,
                               const sb_candidates_out* out) noexcept {
  return guarded(call, [&] {
    RecommendRequest r{view(request->user_id), request->limit,
                       StrList(request->exclude_item_ids, request->exclude_count),
                       History(request->history, request->history_count), view(request->category),
                       view(request->context_json)};
    emitCandidates(pluginOf<T>(instance).recommend(r), request->limit, out);
  });
}

template <class T>
sb_status recommenderSimilar(void* instance, sb_call* call, sb_str item_id, uint32_t limit,
                             const sb_candidates_out* out) noexcept {
  return guarded(call, [&] { emitCandidates(pluginOf<T>(instance).similar(view(item_id), limit), limit, out); });
}

template <class T>
sb_status recommenderSave(void* instance, sb_call* call, const sb_bytes_out* out) noexcept {
  return guarded(call, [&] {
    std::string model = pluginOf<T>(instance).save();
    if (SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_bytes_out, write) && out->write != nullptr) out->write(out->host_data, bytes(model));
  });
}

template <class T>
sb_status recommenderLoad(void* instance, sb_call* call, sb_bytes model) noexcept {
  return guarded(call, [&] { pluginOf<T>(instance).load(view(model)); });
}

// ---- rule/1

template <class T>
sb_status ruleApply(void* instance, sb_call* call, const sb_rule_input* input, const sb_rule_out* out) noexcept {
  return guarded(call, [&] {
    RuleInput r{view(input->user_id), view(input->user_attributes_json),
                History(input->history, input->history_count), view(input->context_json),
                RuleCandidates(input->candidates, input->candidate_count), input->limit, input->now_unix_ms};
    std::vector<RuleOutput> kept = pluginOf<T>(instance).apply(r);
    // Check everything before emitting anything, so a bad index fails the call cleanly.
    for (const RuleOutput& k : kept)
      if (k.index >= input->candidate_count) throw std::out_of_range("rule emitted a candidate index out of range");
    if (!SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_rule_out, emit) || out->emit == nullptr) return;
    for (const RuleOutput& k : kept) out->emit(out->host_data, k.index, k.score);
  });
}

// ---- interface tables and descriptors: constexpr, so in static storage with no
// static constructor.

template <class T>
inline constexpr sb_channel_v1 kChannelTable = {sizeof(sb_channel_v1), &channelSend<T>,
                                                overridesWebhook<T>() ? &channelWebhook<T> : nullptr};

template <class T>
inline constexpr sb_recommender_v1 kRecommenderTable = {
    sizeof(sb_recommender_v1), &recommenderFit<T>, &recommenderRecommend<T>,
    overridesSimilar<T>() ? &recommenderSimilar<T> : nullptr, &recommenderSave<T>, &recommenderLoad<T>};

template <class T>
inline constexpr sb_rule_v1 kRuleTable = {sizeof(sb_rule_v1), &ruleApply<T>};

template <class T>
const void* getInterface(const char* interface_id) noexcept {
  if (interface_id == nullptr) return nullptr;
  if constexpr (std::is_base_of_v<ChannelPlugin, T>) {
    if (std::strcmp(interface_id, SB_INTERFACE_CHANNEL_V1) == 0) return &kChannelTable<T>;
  } else if constexpr (std::is_base_of_v<RecommenderPlugin, T>) {
    if (std::strcmp(interface_id, SB_INTERFACE_RECOMMENDER_V1) == 0) return &kRecommenderTable<T>;
  } else {
    if (std::strcmp(interface_id, SB_INTERFACE_RULE_V1) == 0) return &kRuleTable<T>;
  }
  return nullptr;
}

template <class T>
inline constexpr sb_plugin_descriptor kDescriptor = {
    sizeof(sb_plugin_descriptor),
    (static_cast<void>(checkPluginClass<T>()), T::id),
    T::version,
    kindOf<T>(),
    T::description,
    schemaOf<T>(),
    schemaSizeOf<T>(),
    threadingOf<T>(),
    flagsOf<T>(),
    &create<T>,
    &destroy<T>,
    &getInterface<T>,
    overridesHealth<T>() ? &health<T> : nullptr,
};

constexpr bool sameId(const char* a, const char* b) noexcept {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

template <class... Ts>
constexpr bool distinctIds() noexcept {
  const char* ids[] = {Ts::id...};
  for (std::size_t i = 0; i < sizeof...(Ts); ++i)
    for (std::size_t j = i + 1; j < sizeof...(Ts); ++j)
      if (sameId(ids[i], ids[j])) return false;
  return true;
}

template <class... Ts>
struct Library {
  static_assert(SWITCHBOARD_MIN_HOST_MINOR <= SB_ABI_MINOR,
                "SWITCHBOARD_MIN_HOST_MINOR is newer than the plugin.h this library is built with");
  static_assert(distinctIds<Ts...>(), "two plugins in one library share an id");
  static constexpr const sb_plugin_descriptor* plugins[] = {&kDescriptor<Ts>...};
  static constexpr sb_library library = {sizeof(sb_library), SB_ABI_MAJOR, SB_ABI_MINOR,
                                         static_cast<uint16_t>(SWITCHBOARD_MIN_HOST_MINOR), 0,
                                         plugins, sizeof...(Ts)};
};

}  // namespace detail

// The descriptor of a plugin class, as the host sees it: handy for driving a plugin in
// unit tests without a host (see docs/plugin-guide.md).
template <class T>
constexpr const sb_plugin_descriptor& descriptorOf() noexcept {
  return detail::kDescriptor<T>;
}

}  // namespace switchboard

// Defines the library's one exported entry point. Use exactly once per library, at
// namespace scope, followed by a semicolon:
//   SWITCHBOARD_PLUGIN(Console);
//   SWITCHBOARD_PLUGINS(Popular, Boost);
// The host version is not checked here: the host refuses what it cannot load, naming
// both versions, which is a clearer message than a plugin that silently declines.
#define SWITCHBOARD_PLUGINS(...)                                                              \
  extern "C" SB_EXPORT const sb_library* switchboard_plugin_library_v1(uint16_t, uint16_t) noexcept { \
    return &::switchboard::detail::Library<__VA_ARGS__>::library;                            \
  }                                                                                           \
  static_assert(true, "")

#define SWITCHBOARD_PLUGIN(PluginClass) SWITCHBOARD_PLUGINS(PluginClass)

#endif  // SWITCHBOARD_PLUGIN_HPP
