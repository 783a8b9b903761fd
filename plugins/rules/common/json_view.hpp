// json_view.hpp — reads the top-level members of a small JSON object (item attributes,
// user attributes, request context) in one pass, without building a document.
//
// Rules run on every recommendation request over every candidate, so each candidate's
// attributes are scanned once, allocation-free, instead of being parsed into a DOM. The
// scanner checks the whole text against the JSON grammar; a caller uses what it saw only
// when forEachMember() returns true, so malformed text reads as "no attributes".
#pragma once

#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>

namespace rules {

// One JSON value, as the raw text it was written with (borrowed from the scanned text).
class JsonValue {
 public:
  enum class Kind { Null, Bool, Number, String, Array, Object };

  JsonValue(Kind kind, std::string_view raw) noexcept : kind_(kind), raw_(raw) {}

  Kind kind() const noexcept { return kind_; }
  std::string_view raw() const noexcept { return raw_; }

  std::optional<bool> asBool() const noexcept {
    if (kind_ != Kind::Bool) return std::nullopt;
    return raw_ == "true";
  }
  std::optional<double> asNumber() const noexcept {
    if (kind_ != Kind::Number) return std::nullopt;
    double value = 0;
    auto [end, ec] = std::from_chars(raw_.data(), raw_.data() + raw_.size(), value);
    if (ec != std::errc() || end != raw_.data() + raw_.size()) return std::nullopt;  // out of range
    return value;
  }
  // The decoded string; escapes are resolved (\uXXXX to UTF-8).
  std::optional<std::string> asString() const;
  // Calls f(std::string) for each string element of an array; other elements are skipped.
  // Returns false when this is not an array.
  template <class F>
  bool forEachString(F&& f) const;
  // Calls f(key, JsonValue) for each member of an object. False when not an object.
  template <class F>
  bool forEachMember(F&& f) const;

 private:
  Kind kind_;
  std::string_view raw_;
};

namespace detail {

// A strict, bounds-checked JSON scanner over one text. Nesting is limited, so hostile input
// cannot exhaust the stack.
class JsonScanner {
 public:
  static constexpr int kMaxDepth = 64;

  explicit JsonScanner(std::string_view text) noexcept : text_(text) {}

  bool atEnd() noexcept {
    skipSpace();
    return pos_ == text_.size();
  }
  bool consume(char c) noexcept {
    skipSpace();
    if (pos_ < text_.size() && text_[pos_] == c) {
      ++pos_;
      return true;
    }
    return false;
  }
  // Scans one value; on success sets `out` to its kind and raw text.
  bool value(JsonValue::Kind& kind, std::string_view& raw, int depth = 0) noexcept {
    skipSpace();
    if (pos_ >= text_.size() || depth > kMaxDepth) return false;
    std::size_t start = pos_;
    bool ok = false;
    switch (text_[pos_]) {
      case '{': kind = JsonValue::Kind::Object; ok = object(depth); break;
      case '[': kind = JsonValue::Kind::Array; ok = array(depth); break;
      case '"': kind = JsonValue::Kind::String; ok = string(); break;
      case 't': kind = JsonValue::Kind::Bool; ok = literal("true"); break;
      case 'f': kind = JsonValue::Kind::Bool; ok = literal("false"); break;
      case 'n': kind = JsonValue::Kind::Null; ok = literal("null"); break;
      default: kind = JsonValue::Kind::Number; ok = number(); break;
    }
    if (ok) raw = text_.substr(start, pos_ - start);
    return ok;
  }
  // Scans a string at the current position; `raw` gets its text between the quotes.
  bool key(std::string_view& raw) noexcept {
    skipSpace();
    std::size_t start = pos_;
    if (!string()) return false;
    raw = text_.substr(start + 1, pos_ - start - 2);
    return true;
  }

 private:
  void skipSpace() noexcept {
    while (pos_ < text_.size() &&
           (text_[pos_] == ' ' || text_[pos_] == '\t' || text_[pos_] == '\n' || text_[pos_] == '\r'))
      ++pos_;
  }
  bool literal(std::string_view word) noexcept {
    if (text_.substr(pos_, word.size()) != word) return false;
    pos_ += word.size();
    return true;
  }
  static bool isDigit(char c) noexcept { return c >= '0' && c <= '9'; }
  static bool isHex(char c) noexcept {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }
  std::size_t digits() noexcept {
    std::size_t start = pos_;
    while (pos_ < text_.size() && isDigit(text_[pos_])) ++pos_;
    return pos_ - start;
  }
  // -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
  bool number() noexcept {
    if (pos_ < text_.size() && text_[pos_] == '-') ++pos_;
    if (pos_ >= text_.size() || !isDigit(text_[pos_])) return false;
    if (text_[pos_] == '0') ++pos_;
    else digits();
    if (pos_ < text_.size() && text_[pos_] == '.') {
      ++pos_;
      if (digits() == 0) return false;
    }
    if (pos_ < text_.size() && (text_[pos_] == 'e' || text_[pos_] == 'E')) {
      ++pos_;
      if (pos_ < text_.size() && (text_[pos_] == '+' || text_[pos_] == '-')) ++pos_;
      if (digits() == 0) return false;
    }
    return true;
  }
  bool string() noexcept {
    if (pos_ >= text_.size() || text_[pos_] != '"') return false;
    ++pos_;
    while (pos_ < text_.size()) {
      char c = text_[pos_++];
      if (c == '"') return true;
      if (static_cast<unsigned char>(c) < 0x20) return false;
      if (c != '\\') continue;
      if (pos_ >= text_.size()) return false;
      char e = text_[pos_++];
      if (e == 'u') {
        if (text_.size() - pos_ < 4) return false;
        for (int i = 0; i < 4; ++i)
          if (!isHex(text_[pos_++])) return false;
      } else if (std::string_view("\"\\/bfnrt").find(e) == std::string_view::npos) {
        return false;
      }
    }
    return false;
  }
  bool array(int depth) noexcept {
    ++pos_;  // '['
    if (consume(']')) return true;
    for (;;) {
      JsonValue::Kind kind;
      std::string_view raw;
      if (!value(kind, raw, depth + 1)) return false;
      if (consume(']')) return true;
      if (!consume(',')) return false;
    }
  }
  bool object(int depth) noexcept {
    ++pos_;  // '{'
    if (consume('}')) return true;
    for (;;) {
      std::string_view name;
      JsonValue::Kind kind;
      std::string_view raw;
      if (!key(name) || !consume(':') || !value(kind, raw, depth + 1)) return false;
      if (consume('}')) return true;
      if (!consume(',')) return false;
    }
  }

  std::string_view text_;
  std::size_t pos_ = 0;
};

inline void appendUtf8(std::string& out, unsigned cp) {
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

inline unsigned hex4(std::string_view s) noexcept {
  unsigned v = 0;
  for (char c : s.substr(0, 4)) {
    v <<= 4;
    if (c >= '0' && c <= '9') v |= static_cast<unsigned>(c - '0');
    else if (c >= 'a' && c <= 'f') v |= static_cast<unsigned>(c - 'a' + 10);
    else v |= static_cast<unsigned>(c - 'A' + 10);
  }
  return v;
}

// Decodes the body of a string the scanner accepted (the text between the quotes).
// A lone surrogate becomes U+FFFD.
inline std::string unescape(std::string_view body) {
  std::string out;
  out.reserve(body.size());
  for (std::size_t i = 0; i < body.size(); ++i) {
    char c = body[i];
    if (c != '\\') {
      out += c;
      continue;
    }
    char e = body[++i];
    switch (e) {
      case 'b': out += '\b'; break;
      case 'f': out += '\f'; break;
      case 'n': out += '\n'; break;
      case 'r': out += '\r'; break;
      case 't': out += '\t'; break;
      case 'u': {
        unsigned cp = hex4(body.substr(i + 1));
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF && body.substr(i + 1, 2) == "\\u") {
          unsigned low = hex4(body.substr(i + 3));
          if (low >= 0xDC00 && low <= 0xDFFF) {
            cp = 0x10000 + ((cp - 0xD800) << 10) + (low - 0xDC00);
            i += 6;
          }
        }
        if (cp >= 0xD800 && cp <= 0xDFFF) cp = 0xFFFD;
        appendUtf8(out, cp);
        break;
      }
      default: out += e; break;  // " \ /
    }
  }
  return out;
}

// Visits the members of the object `text`. Shared by forEachMember() and JsonValue.
template <class F>
bool visitObject(std::string_view text, F& f) {
  JsonScanner scan(text);
  if (!scan.consume('{')) return false;
  if (scan.consume('}')) return scan.atEnd();
  for (;;) {
    std::string_view rawKey;
    JsonValue::Kind kind;
    std::string_view raw;
    if (!scan.key(rawKey) || !scan.consume(':') || !scan.value(kind, raw)) return false;
    if (rawKey.find('\\') == std::string_view::npos) {
      f(rawKey, JsonValue(kind, raw));
    } else {
      std::string decoded = unescape(rawKey);
      f(std::string_view(decoded), JsonValue(kind, raw));
    }
    if (scan.consume('}')) return scan.atEnd();
    if (!scan.consume(',')) return false;
  }
}

}  // namespace detail

// Calls f(std::string_view key, JsonValue value) for each top-level member of the JSON
// object `text`, in order (a repeated key is seen twice: the last one wins if the caller
// simply assigns). Returns true when `text` is a well-formed object or empty/blank (no
// members). On false, f may have seen some members before the error: discard them.
template <class F>
bool forEachMember(std::string_view text, F&& f) {
  detail::JsonScanner blank(text);
  if (blank.atEnd()) return true;
  return detail::visitObject(text, f);
}

inline std::optional<std::string> JsonValue::asString() const {
  if (kind_ != Kind::String) return std::nullopt;
  std::string_view body = raw_.substr(1, raw_.size() - 2);
  if (body.find('\\') == std::string_view::npos) return std::string(body);
  return detail::unescape(body);
}

template <class F>
bool JsonValue::forEachString(F&& f) const {
  if (kind_ != Kind::Array) return false;
  detail::JsonScanner scan(raw_);  // already validated by the enclosing scan
  scan.consume('[');
  if (scan.consume(']')) return true;
  for (;;) {
    Kind kind;
    std::string_view raw;
    if (!scan.value(kind, raw)) return false;
    if (kind == Kind::String) f(*JsonValue(kind, raw).asString());
    if (scan.consume(']')) return true;
    if (!scan.consume(',')) return false;
  }
}

template <class F>
bool JsonValue::forEachMember(F&& f) const {
  if (kind_ != Kind::Object) return false;
  return detail::visitObject(raw_, f);
}

}  // namespace rules
