#include "http/openapi/YamlJson.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Object.h>
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <optional>
#include <regex>
#include <set>
#include <stdexcept>
#include <string>

namespace sb::http::openapi {
namespace {

// Deep enough for any real document; stops an alias that points at its own ancestor.
constexpr int kMaxDepth = 200;

const std::string kCoreTag = "tag:yaml.org,2002:";

[[noreturn]] void fail(const YAML::Node& node, const std::string& problem) {
  const auto mark = node.Mark();
  throw std::invalid_argument("line " + std::to_string(mark.line + 1) + ", column " + std::to_string(mark.column + 1) +
                              ": " + problem);
}

bool isNullText(const std::string& s) { return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL"; }

std::optional<bool> boolFrom(const std::string& s) {
  if (s == "true" || s == "True" || s == "TRUE") return true;
  if (s == "false" || s == "False" || s == "FALSE") return false;
  return std::nullopt;
}

// Digits in `base` with an optional sign (decimal only, as the core schema has it).
std::optional<Poco::Int64> integerFrom(std::string_view digits, int base, bool negative) {
  if (digits.empty()) return std::nullopt;
  Poco::Int64 value = 0;
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), value, base);
  if (ec != std::errc() || end != digits.data() + digits.size()) return std::nullopt;
  return negative ? -value : value;
}

int digitValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return 99;
}

bool allDigits(std::string_view s, int base) {
  if (s.empty()) return false;
  for (char c : s)
    if (digitValue(c) >= base) return false;
  return true;
}

// The core schema's int: [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+. Decimal integers beyond
// int64 are read as floats (JSON numbers), as other YAML readers do.
std::optional<Poco::Dynamic::Var> integerScalar(const std::string& s) {
  std::string_view text = s;
  if (text.size() > 2 && text[0] == '0' && (text[1] == 'x' || text[1] == 'o')) {
    const int base = text[1] == 'x' ? 16 : 8;
    if (!allDigits(text.substr(2), base)) return std::nullopt;
    auto value = integerFrom(text.substr(2), base, false);
    if (!value) return std::nullopt;
    return Poco::Dynamic::Var(*value);
  }
  const bool negative = !text.empty() && text[0] == '-';
  if (!text.empty() && (text[0] == '-' || text[0] == '+')) text.remove_prefix(1);
  if (!allDigits(text, 10)) return std::nullopt;
  if (auto value = integerFrom(text, 10, negative)) return Poco::Dynamic::Var(*value);
  double big = 0;
  std::from_chars(text.data(), text.data() + text.size(), big);
  return Poco::Dynamic::Var(negative ? -big : big);
}

std::optional<double> floatFrom(const YAML::Node& node, const std::string& s) {
  static const std::regex number(R"([-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?)");
  static const std::regex special(R"([-+]?\.(inf|Inf|INF)|\.(nan|NaN|NAN))");
  if (std::regex_match(s, special)) fail(node, "'" + s + "' is not a number JSON can hold");
  if (!std::regex_match(s, number)) return std::nullopt;
  std::string_view text = s;
  if (text[0] == '+') text.remove_prefix(1);
  double value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size()) fail(node, "'" + s + "' is out of range");
  return value;
}

// A plain (unquoted) scalar, typed by the YAML 1.2 core schema.
Poco::Dynamic::Var plainScalar(const YAML::Node& node, const std::string& s) {
  if (isNullText(s)) return Poco::Dynamic::Var();
  if (auto b = boolFrom(s)) return *b;
  if (auto i = integerScalar(s)) return *i;
  if (auto f = floatFrom(node, s)) return *f;
  return s;
}

Poco::Dynamic::Var scalar(const YAML::Node& node) {
  const std::string& tag = node.Tag();
  const std::string& text = node.Scalar();
  if (tag == "?") return plainScalar(node, text);
  if (tag == "!" || tag == kCoreTag + "str") return text;  // quoted, block, or !!str
  if (tag == kCoreTag + "null") return Poco::Dynamic::Var();
  if (tag == kCoreTag + "bool") {
    if (auto b = boolFrom(text)) return *b;
    fail(node, "'" + text + "' is not a boolean");
  }
  if (tag == kCoreTag + "int") {
    if (auto i = integerScalar(text)) return *i;
    fail(node, "'" + text + "' is not an integer");
  }
  if (tag == kCoreTag + "float") {
    if (auto i = integerScalar(text)) return i->convert<double>();
    if (auto f = floatFrom(node, text)) return *f;
    fail(node, "'" + text + "' is not a number");
  }
  fail(node, "unsupported tag " + tag);
}

Poco::Dynamic::Var convert(const YAML::Node& node, int depth);

Poco::Dynamic::Var mapping(const YAML::Node& node, int depth) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object(Poco::JSON_PRESERVE_KEY_ORDER);
  std::set<std::string> seen;
  for (const auto& entry : node) {
    const YAML::Node& key = entry.first;
    if (!key.IsScalar()) fail(key, "a key must be a string, number or boolean");
    const std::string& name = key.Scalar();
    if (key.Tag() == "?" && name == "<<") fail(key, "merge keys (<<) are not supported: write the keys out");
    if (!seen.insert(name).second) fail(key, "key '" + name + "' is given twice");
    out->set(name, convert(entry.second, depth + 1));
  }
  return out;
}

Poco::Dynamic::Var sequence(const YAML::Node& node, int depth) {
  Poco::JSON::Array::Ptr out = new Poco::JSON::Array;
  for (const auto& item : node) out->add(convert(item, depth + 1));
  return out;
}

Poco::Dynamic::Var convert(const YAML::Node& node, int depth) {
  if (depth > kMaxDepth) fail(node, "nested more than " + std::to_string(kMaxDepth) + " levels deep");
  switch (node.Type()) {
    case YAML::NodeType::Map: return mapping(node, depth);
    case YAML::NodeType::Sequence: return sequence(node, depth);
    case YAML::NodeType::Scalar: return scalar(node);
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined: return Poco::Dynamic::Var();
  }
  return Poco::Dynamic::Var();
}

}  // namespace

Poco::Dynamic::Var yamlToJson(std::string_view yaml) {
  std::vector<YAML::Node> documents;
  try {
    documents = YAML::LoadAll(std::string(yaml));
  } catch (const YAML::Exception& e) {
    throw std::invalid_argument("line " + std::to_string(e.mark.line + 1) + ", column " +
                                std::to_string(e.mark.column + 1) + ": " + e.msg);
  }
  if (documents.empty()) return Poco::Dynamic::Var();
  if (documents.size() > 1) fail(documents[1], "expected one YAML document, found " + std::to_string(documents.size()));
  return convert(documents.front(), 0);
}

}  // namespace sb::http::openapi
