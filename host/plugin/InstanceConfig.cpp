#include "plugin/InstanceConfig.hpp"

#include "plugin/AbiStrings.hpp"
#include "config/Duration.hpp"

#include <Poco/JSON/Parser.h>

#include <algorithm>
#include <charconv>
#include <set>

namespace sb::plugin {
namespace {

using config::PluginConfigEntry;


// Converts the YAML text of one value to the declared type; returns an error message or "".
std::string convert(int32_t type, const std::string& text, bool isScalar, int64_t& i, double& d) {
  if (type == SB_CONFIG_JSON) return "";
  if (!isScalar) return std::string("expected a ") + configTypeName(type) + ", got a list or map";
  switch (type) {
    case SB_CONFIG_STRING: return "";
    case SB_CONFIG_INT: {
      auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), i);
      if (ec != std::errc() || p != text.data() + text.size()) return "expected an integer, got \"" + text + "\"";
      d = static_cast<double>(i);
      return "";
    }
    case SB_CONFIG_DOUBLE: {
      try {
        size_t used = 0;
        d = std::stod(text, &used);
        if (used != text.size()) throw std::invalid_argument(text);
      } catch (const std::exception&) {
        return "expected a number, got \"" + text + "\"";
      }
      return "";
    }
    case SB_CONFIG_BOOL:
      if (text == "true" || text == "yes" || text == "on") { i = 1; return ""; }
      if (text == "false" || text == "no" || text == "off") { i = 0; return ""; }
      return "expected true or false, got \"" + text + "\"";
    case SB_CONFIG_DURATION_MS: {
      auto ms = config::parseDuration(text);
      if (!ms) return "expected a duration such as 500ms, 5s or 2m, got \"" + text + "\"";
      i = ms->count();
      d = static_cast<double>(i);
      return "";
    }
  }
  return "unsupported type";
}

// A JSON value for a scalar written in YAML where the schema wants JSON: keep strings quoted.
std::string scalarAsJson(const std::string& text) {
  try {
    Poco::JSON::Parser parser;
    parser.parse(text);
    return text;
  } catch (const Poco::Exception&) {
    std::string out = "\"";
    for (char c : text) {
      if (c == '"' || c == '\\') out += '\\';
      out += c;
    }
    return out + "\"";
  }
}

}  // namespace

std::unique_ptr<InstanceConfig> InstanceConfig::validate(const Plugin& plugin, const config::PluginInstanceSettings& settings,
                                        const std::string& keyPrefix, std::vector<config::ConfigProblem>& problems) {
  auto holder = std::make_unique<InstanceConfig>();
  InstanceConfig& out = *holder;
  auto problem = [&](const config::SourceMark& mark, const std::string& key, const std::string& message) {
    problems.push_back({mark.file, mark.line, mark.column, keyPrefix + ".config" + (key.empty() ? "" : "." + key),
                        message});
  };

  std::set<std::string> seen;
  for (const PluginConfigEntry& entry : settings.config) {
    auto field = std::find_if(plugin.schema().begin(), plugin.schema().end(),
                              [&](const ConfigField& f) { return f.key == entry.key; });
    if (field == plugin.schema().end()) {
      std::string known;
      for (const auto& f : plugin.schema()) known += (known.empty() ? "" : ", ") + f.key;
      problem(entry.mark, entry.key,
              "unknown key for plugin '" + plugin.id() + "'" + (known.empty() ? " (it takes no config)" : " (known: " + known + ")"));
      continue;
    }
    seen.insert(entry.key);
    if (entry.kind == PluginConfigEntry::Kind::Null) {
      if (field->required) problem(entry.mark, entry.key, "a value is required");
      continue;
    }
    bool scalar = entry.kind == PluginConfigEntry::Kind::Scalar;
    Value v{field->key, field->type, scalar ? entry.scalar : entry.json, 0, 0, field->secret};
    if (field->type == SB_CONFIG_JSON && scalar) v.text = scalarAsJson(entry.scalar);
    std::string error = convert(field->type, v.text, scalar, v.int_value, v.double_value);
    if (!error.empty()) {
      problem(entry.mark, entry.key, error);
      continue;
    }
    out.values_.push_back(std::move(v));
  }
  for (const ConfigField& field : plugin.schema()) {
    if (seen.count(field.key)) continue;
    if (field.default_value) {
      Value v{field.key, field.type, *field.default_value, 0, 0, field.secret};
      if (convert(field.type, v.text, true, v.int_value, v.double_value).empty()) out.values_.push_back(std::move(v));
    } else if (field.required) {
      problem(settings.mark, "", "missing required key '" + field.key + "' for plugin '" + plugin.id() + "'");
    }
  }
  out.seal(settings.name);
  return holder;
}

void InstanceConfig::seal(const std::string& instanceName) {
  instance_name_ = instanceName;
  c_values_.clear();
  for (const Value& v : values_) {
    sb_config_value c{};
    c.struct_size = sizeof(sb_config_value);
    c.key = toSbStr(v.key);
    c.type = v.type;
    c.string_value = toSbStr(v.text);
    c.int_value = v.int_value;
    c.double_value = v.double_value;
    c_values_.push_back(c);
  }
  view_ = sb_config{sizeof(sb_config), toSbStr(instance_name_), c_values_.data(), c_values_.size()};
}

Poco::JSON::Object::Ptr InstanceConfig::redacted() const {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  for (const Value& v : values_) {
    if (v.secret) {
      out->set(v.key, "***");
      continue;
    }
    switch (v.type) {
      case SB_CONFIG_INT: out->set(v.key, static_cast<Poco::Int64>(v.int_value)); break;
      case SB_CONFIG_DOUBLE: out->set(v.key, v.double_value); break;
      case SB_CONFIG_BOOL: out->set(v.key, v.int_value != 0); break;
      case SB_CONFIG_JSON:
        try {
          Poco::JSON::Parser parser;
          out->set(v.key, parser.parse(v.text));
        } catch (const Poco::Exception&) {
          out->set(v.key, v.text);
        }
        break;
      default: out->set(v.key, v.text);
    }
  }
  return out;
}

}  // namespace sb::plugin
