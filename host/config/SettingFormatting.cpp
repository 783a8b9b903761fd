// How settings are shown to people: a value as YAML would write it, and a type in words
// (the configuration reference and error messages use both).
#include "config/SettingsSchema.hpp"

#include "config/Duration.hpp"

#include <limits>
#include <regex>
#include <sstream>
#include <type_traits>

namespace sb::config {
namespace {

// Plain YAML scalars that would read back as something else (a number, a bool, null) or
// that start with an indicator character must be quoted.
bool needsQuotes(const std::string& text) {
  static const std::regex special(
      R"(|[-?:,\[\]{}#&*!|>'"%@`\s].*|.*\s|.*: .*|.* #.*|[-+]?[0-9.].*|(?:true|false|yes|no|on|off|null|~))",
      std::regex::icase);
  return std::regex_match(text, special);
}

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + '"';
}

std::string formatString(const std::string& text) { return needsQuotes(text) ? quoted(text) : text; }

}  // namespace

std::string formatSettingValue(const SettingInfo& info, const SettingValue& value) {
  switch (info.type) {
    case SettingType::String:
    case SettingType::Enum:
      return formatString(std::get<std::string>(value));
    case SettingType::Integer:
      return std::to_string(std::get<std::int64_t>(value));
    case SettingType::Number: {
      std::ostringstream out;
      out << std::get<double>(value);
      return out.str();
    }
    case SettingType::Boolean:
      return std::get<bool>(value) ? "true" : "false";
    case SettingType::Duration:
      return formatDuration(std::get<Millis>(value));
    case SettingType::StringList: {
      std::string out = "[";
      for (const auto& item : std::get<std::vector<std::string>>(value)) {
        if (out.size() > 1) out += ", ";
        out += formatString(item);
      }
      return out + "]";
    }
    case SettingType::PluginInstances: {
      const auto count = std::get<std::vector<PluginInstanceSettings>>(value).size();
      return count == 0 ? "[]" : "(" + std::to_string(count) + " instances)";
    }
    case SettingType::PluginConfig: {
      const auto count = std::get<std::vector<PluginConfigEntry>>(value).size();
      return count == 0 ? "{}" : "(" + std::to_string(count) + " keys)";
    }
    case SettingType::ChannelRoutes: {
      const auto count = std::get<std::vector<ChannelRouteSettings>>(value).size();
      return count == 0 ? "[]" : "(" + std::to_string(count) + " routes)";
    }
    case SettingType::DeliveryCaps: {
      const auto count = std::get<std::vector<DeliveryCapSettings>>(value).size();
      return count == 0 ? "[]" : "(" + std::to_string(count) + " caps)";
    }
    case SettingType::Recommenders: {
      const auto count = std::get<std::vector<RecommenderSettings>>(value).size();
      return count == 0 ? "[]" : "(" + std::to_string(count) + " recommenders)";
    }
    case SettingType::Pipelines: {
      const auto count = std::get<std::vector<PipelineSettings>>(value).size();
      return count == 0 ? "[]" : "(" + std::to_string(count) + " pipelines)";
    }
    case SettingType::Experiments: {
      const auto count = std::get<std::vector<ExperimentSettings>>(value).size();
      return count == 0 ? "[]" : "(" + std::to_string(count) + " experiments)";
    }
    case SettingType::Variants: {
      const auto count = std::get<std::vector<ExperimentVariantSettings>>(value).size();
      return count == 0 ? "[]" : "(" + std::to_string(count) + " variants)";
    }
  }
  return {};
}

std::string describeType(const SettingInfo& info) {
  switch (info.type) {
    case SettingType::String:
      return "string";
    case SettingType::Enum: {
      std::string out = "enum (";
      for (std::size_t i = 0; i < info.choices.size(); ++i) out += (i ? ", " : "") + info.choices[i];
      return out + ")";
    }
    case SettingType::Integer: {
      // Bounds that are only the storage type's limits are noise in the docs.
      const bool hasMax = info.maximum < std::numeric_limits<std::int32_t>::max();
      const bool hasMin = info.minimum > std::numeric_limits<std::int32_t>::min();
      if (hasMin && hasMax) {
        return "integer (" + std::to_string(info.minimum) + ".." + std::to_string(info.maximum) + ")";
      }
      if (hasMin) return "integer (>= " + std::to_string(info.minimum) + ")";
      return "integer";
    }
    case SettingType::Number:
      return "number";
    case SettingType::Boolean:
      return "boolean";
    case SettingType::Duration:
      return "duration";
    case SettingType::StringList:
      return "list of strings";
    case SettingType::PluginInstances:
      return "list of plugin instances";
    case SettingType::PluginConfig:
      return "map";
    case SettingType::ChannelRoutes:
      return "list of {channel, providers}";
    case SettingType::DeliveryCaps:
      return "list of {channel, scope, limit, window, action}";
    case SettingType::Recommenders:
      return "list of {name, fallback, train_every, exclude_consumed, blend}";
    case SettingType::Pipelines:
      return "list of {name, recommender, rules, candidates}";
    case SettingType::Experiments:
      return "list of {name, variants, click_window}";
    case SettingType::Variants:
      return "list of {name, weight, pipeline}";
  }
  return {};
}

}  // namespace sb::config
