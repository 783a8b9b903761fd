#include "config/detail/PluginConfigReader.hpp"

#include "core/JsonEscape.hpp"

#include <cstdio>
#include <regex>
#include <set>

#include <yaml-cpp/yaml.h>

namespace sb::config::detail {
namespace {

std::string jsonString(const std::string& text) { return jsonQuoted(text); }

// A plain (unquoted) scalar keeps its YAML meaning in JSON: 3 is a number, true a bool.
// A quoted one ("3") stays a string, as the author asked.
std::string jsonScalar(const YAML::Node& node, const std::string& text) {
  static const std::regex number(R"(-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?)");
  static const std::regex boolean("true|True|TRUE|false|False|FALSE");
  if (node.Tag() == "?") {
    if (std::regex_match(text, number)) return text;
    if (std::regex_match(text, boolean)) return text[0] == 't' || text[0] == 'T' ? "true" : "false";
  }
  return jsonString(text);
}

// nullopt when a nested scalar's ${VAR} could not be resolved (already reported).
std::optional<std::string> toJson(const YAML::Node& node, const std::string& keyPath, LoadContext& context) {
  switch (node.Type()) {
    case YAML::NodeType::Scalar: {
      auto text = context.scalarText(node, keyPath);
      if (!text) return std::nullopt;
      return jsonScalar(node, *text);
    }
    case YAML::NodeType::Sequence: {
      std::string out = "[";
      bool ok = true;
      for (std::size_t i = 0; i < node.size(); ++i) {
        auto item = toJson(node[i], keyPath + "[" + std::to_string(i) + "]", context);
        ok = ok && item.has_value();
        if (i > 0) out += ',';
        out += item.value_or("null");
      }
      if (!ok) return std::nullopt;
      return out + ']';
    }
    case YAML::NodeType::Map: {
      std::string out = "{";
      bool ok = true;
      for (auto it = node.begin(); it != node.end(); ++it) {
        const std::string key = it->first.Scalar();
        auto value = toJson(it->second, keyPath + "." + key, context);
        ok = ok && value.has_value();
        if (out.size() > 1) out += ',';
        out += jsonString(key) + ':' + value.value_or("null");
      }
      if (!ok) return std::nullopt;
      return out + '}';
    }
    case YAML::NodeType::Null:
    case YAML::NodeType::Undefined:
      break;
  }
  return "null";
}

}  // namespace

std::vector<PluginConfigEntry> readPluginConfig(const YAML::Node& map, const std::string& keyPath,
                                                LoadContext& context) {
  std::vector<PluginConfigEntry> entries;
  std::set<std::string> seen;
  if (map.IsNull()) return entries;
  for (auto it = map.begin(); it != map.end(); ++it) {
    // Copies: yaml-cpp's iterator hands out a temporary pair, references would dangle.
    const YAML::Node keyNode = it->first;
    const YAML::Node value = it->second;
    if (!keyNode.IsScalar()) {
      context.report(keyNode, keyPath, "keys of a plugin config must be plain strings");
      continue;
    }
    PluginConfigEntry entry;
    entry.key = keyNode.Scalar();
    const std::string path = keyPath + "." + entry.key;
    if (!seen.insert(entry.key).second) {
      context.report(keyNode, path, "duplicate key '" + entry.key + "'");
      continue;
    }
    // A null value's own mark points past the line; its key is where the reader looks.
    entry.mark = context.markOf(value.IsNull() ? keyNode : value);
    switch (value.Type()) {
      case YAML::NodeType::Scalar: {
        auto text = context.scalarText(value, path);
        if (!text) continue;
        entry.kind = PluginConfigEntry::Kind::Scalar;
        entry.scalar = std::move(*text);
        break;
      }
      case YAML::NodeType::Sequence:
      case YAML::NodeType::Map: {
        auto json = toJson(value, path, context);
        if (!json) continue;
        entry.kind = value.IsMap() ? PluginConfigEntry::Kind::Map : PluginConfigEntry::Kind::Sequence;
        entry.json = std::move(*json);
        break;
      }
      case YAML::NodeType::Null:
      case YAML::NodeType::Undefined:
        entry.kind = PluginConfigEntry::Kind::Null;
        break;
    }
    entries.push_back(std::move(entry));
  }
  return entries;
}

}  // namespace sb::config::detail
