// switchboard/cpp/config.hpp — part of plugin.hpp (include that, not this). Config: typed access to an instance's validated configuration, the schema builders, and the current call.
#ifndef SWITCHBOARD_CPP_CONFIG_HPP
#define SWITCHBOARD_CPP_CONFIG_HPP

#ifndef SWITCHBOARD_PLUGIN_HPP
#error "include <switchboard/plugin.hpp>, not its parts"
#endif

namespace switchboard {

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

}  // namespace switchboard

#endif  // SWITCHBOARD_CPP_CONFIG_HPP
