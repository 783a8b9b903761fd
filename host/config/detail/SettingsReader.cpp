#include "config/detail/SettingsReader.hpp"

#include "config/Duration.hpp"
#include "config/SettingsSchema.hpp"
#include "config/detail/PluginConfigReader.hpp"
#include "config/detail/ScalarParsing.hpp"

#include <algorithm>
#include <limits>
#include <map>
#include <set>

#include <yaml-cpp/yaml.h>

namespace sb::config::detail {
namespace {

// How a node looks to a person, for "expected X, got Y".
std::string describeNode(const YAML::Node& node) {
  switch (node.Type()) {
    case YAML::NodeType::Sequence: return "a list";
    case YAML::NodeType::Map: return "a map";
    case YAML::NodeType::Scalar: return "\"" + node.Scalar() + "\"";
    default: return "nothing";
  }
}

std::string quote(const std::string& text) { return "\"" + text + "\""; }

std::string join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : ", ") + item;
  return out;
}

std::string expectation(const SettingInfo& info) {
  switch (info.type) {
    case SettingType::Integer: return "an integer";
    case SettingType::Number: return "a number";
    case SettingType::Boolean: return "true or false";
    case SettingType::Duration: return "a duration with a unit (250ms, 5s, 2m, 1h, 1d)";
    case SettingType::Enum: return "one of " + join(info.choices);
    case SettingType::String: return "a string";
    case SettingType::StringList: return "a list of strings";
    case SettingType::PluginInstances: return "a list of plugin instances";
    case SettingType::PluginConfig: return "a map";
    case SettingType::ChannelRoutes: return "a list of {channel, providers} maps";
    case SettingType::DeliveryCaps: return "a list of {channel, scope, limit, window, action} maps";
    case SettingType::Recommenders: return "a list of {name, fallback, train_every, exclude_consumed, blend} maps";
    case SettingType::Pipelines: return "a list of {name, recommender, rules, candidates} maps";
    case SettingType::Experiments: return "a list of {name, variants, click_window} maps";
    case SettingType::Variants: return "a list of {name, weight, pipeline} maps";
  }
  return {};
}

bool startsWith(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

// The first path component of `key` below `prefix` ("server.port" below "" is "server").
std::string childName(const std::string& key, const std::string& prefix) {
  const std::string rest = key.substr(prefix.size());
  return rest.substr(0, rest.find('.'));
}

std::optional<std::string> suggestion(const std::string& unknown, const std::set<std::string>& known) {
  std::optional<std::string> best;
  std::size_t bestDistance = std::max<std::size_t>(1, unknown.size() / 3) + 1;
  for (const auto& candidate : known) {
    const std::size_t distance = editDistance(unknown, candidate);
    if (distance < bestDistance) {
      bestDistance = distance;
      best = candidate;
    }
  }
  return best;
}

// Reads one target (Settings, or one plugin instance) through its table.
template <class Target>
class TableReader {
 public:
  TableReader(const std::vector<SettingSpec<Target>>& specs, LoadContext& context)
      : specs_(specs), context_(context) {}

  // `map` holds the keys below `specPrefix` ("" or "server."); problems name them with
  // `shownPrefix` ("plugins.instances[1]."), which includes list indices.
  void readMap(const YAML::Node& map, const std::string& specPrefix, const std::string& shownPrefix,
               Target& target) {
    std::set<std::string> present;
    if (map.IsMap()) {
      for (auto it = map.begin(); it != map.end(); ++it) {
        readEntry(it->first, it->second, specPrefix, shownPrefix, target, present);
      }
    }
    reportMissingRequired(map, specPrefix, shownPrefix, present);
  }

 private:
  void readEntry(const YAML::Node& keyNode, const YAML::Node& value, const std::string& specPrefix,
                 const std::string& shownPrefix, Target& target, std::set<std::string>& present) {
    const std::string name = keyNode.IsScalar() ? keyNode.Scalar() : std::string{};
    const std::string key = specPrefix + name;
    const std::string shown = shownPrefix + name;
    if (!keyNode.IsScalar()) {
      context_.report(keyNode, shownPrefix, "keys must be plain strings");
      return;
    }
    if (!present.insert(name).second) {
      context_.report(keyNode, shown, "duplicate key '" + name + "'");
      return;
    }
    if (const SettingSpec<Target>* spec = find(key)) {
      if (auto converted = convert(*spec, keyNode, value, shown)) spec->set(target, std::move(*converted));
    } else if (isSection(key)) {
      if (value.IsMap() || value.IsNull()) {
        readMap(value, key + ".", shown + ".", target);
      } else {
        context_.report(value, shown, "expected a map of settings, got " + describeNode(value));
      }
    } else {
      std::string message = "unknown key '" + name + "'";
      if (auto near = suggestion(name, childNames(specPrefix))) message += " (did you mean '" + *near + "'?)";
      context_.report(keyNode, shown, std::move(message));
    }
  }

  // Required keys of this map and of its sub-sections that are absent altogether (a
  // present sub-section reports its own). yaml-cpp cannot give a position for a missing
  // key, so the problem points at the map that should hold it.
  void reportMissingRequired(const YAML::Node& map, const std::string& specPrefix,
                             const std::string& shownPrefix, const std::set<std::string>& present) {
    for (const auto& spec : specs_) {
      if (!spec.required || !startsWith(spec.key, specPrefix)) continue;
      if (present.count(childName(spec.key, specPrefix)) != 0) continue;
      const std::string shown = shownPrefix + spec.key.substr(specPrefix.size());
      context_.report(map, shown, "missing required key '" + spec.key.substr(specPrefix.size()) + "'");
    }
  }

  const SettingSpec<Target>* find(const std::string& key) const {
    for (const auto& spec : specs_) {
      if (spec.key == key) return &spec;
    }
    return nullptr;
  }

  bool isSection(const std::string& key) const {
    for (const auto& spec : specs_) {
      if (startsWith(spec.key, key + ".")) return true;
    }
    return false;
  }

  std::set<std::string> childNames(const std::string& prefix) const {
    std::set<std::string> names;
    for (const auto& spec : specs_) {
      if (startsWith(spec.key, prefix)) names.insert(childName(spec.key, prefix));
    }
    return names;
  }

  std::optional<SettingValue> convert(const SettingInfo& info, const YAML::Node& keyNode,
                                      const YAML::Node& value, const std::string& shown);
  std::optional<SettingValue> convertScalar(const SettingInfo& info, const YAML::Node& value,
                                            const std::string& shown);
  std::optional<SettingValue> convertStringList(const YAML::Node& value, const std::string& shown);
  // A list of maps, each read through `schema`; `uniqueKey` (when not empty) must differ
  // between items.
  template <class Item>
  std::optional<SettingValue> convertItems(const YAML::Node& value, const std::string& shown,
                                           const std::vector<SettingSpec<Item>>& schema, const std::string& uniqueKey,
                                           const std::string& uniqueWhat, const std::string& itemShape);

  const std::vector<SettingSpec<Target>>& specs_;
  LoadContext& context_;
};

template <class Target>
std::optional<SettingValue> TableReader<Target>::convert(const SettingInfo& info, const YAML::Node& keyNode,
                                                         const YAML::Node& value, const std::string& shown) {
  // `key:` with nothing after it: an empty string, list or map; other types need a value.
  if (value.IsNull()) {
    switch (info.type) {
      case SettingType::String: return std::string{};
      case SettingType::StringList: return std::vector<std::string>{};
      case SettingType::PluginInstances: return std::vector<PluginInstanceSettings>{};
      case SettingType::PluginConfig: return std::vector<PluginConfigEntry>{};
      case SettingType::ChannelRoutes: return std::vector<ChannelRouteSettings>{};
      case SettingType::DeliveryCaps: return std::vector<DeliveryCapSettings>{};
      case SettingType::Recommenders: return std::vector<RecommenderSettings>{};
      case SettingType::Pipelines: return std::vector<PipelineSettings>{};
      case SettingType::Experiments: return std::vector<ExperimentSettings>{};
      case SettingType::Variants: return std::vector<ExperimentVariantSettings>{};
      default:
        // A null value's mark points past the line; the key is where the reader looks.
        context_.report(keyNode, shown, "expected " + expectation(info) + ", got nothing");
        return std::nullopt;
    }
  }
  switch (info.type) {
    case SettingType::StringList: return convertStringList(value, shown);
    case SettingType::PluginInstances:
      return convertItems(value, shown, pluginInstanceSchema(), "name", "instance name",
                          "a map with name, plugin and config");
    case SettingType::ChannelRoutes:
      return convertItems(value, shown, channelRouteSchema(), "channel", "route for channel",
                          "a map with channel and providers");
    case SettingType::DeliveryCaps:
      return convertItems(value, shown, deliveryCapSchema(), "", "", "a map with channel, scope, limit, window, action");
    case SettingType::Recommenders:
      return convertItems(value, shown, recommenderSchema(), "name", "recommender", "a map with name and fallback");
    case SettingType::Pipelines:
      return convertItems(value, shown, pipelineSchema(), "name", "pipeline", "a map with name, recommender and rules");
    case SettingType::Experiments:
      return convertItems(value, shown, experimentSchema(), "name", "experiment", "a map with name and variants");
    case SettingType::Variants:
      return convertItems(value, shown, variantSchema(), "name", "variant", "a map with name, weight and pipeline");
    case SettingType::PluginConfig:
      if (!value.IsMap()) break;
      return readPluginConfig(value, shown, context_);
    default:
      if (!value.IsScalar()) break;
      return convertScalar(info, value, shown);
  }
  context_.report(value, shown, "expected " + expectation(info) + ", got " + describeNode(value));
  return std::nullopt;
}

template <class Target>
std::optional<SettingValue> TableReader<Target>::convertScalar(const SettingInfo& info, const YAML::Node& value,
                                                               const std::string& shown) {
  const std::optional<std::string> text = context_.scalarText(value, shown);
  if (!text) return std::nullopt;
  std::optional<SettingValue> result;
  std::string problem;
  switch (info.type) {
    case SettingType::Integer:
      if (auto number = parseInteger(*text)) {
        if (*number < info.minimum || *number > info.maximum) {
          problem = info.maximum >= std::numeric_limits<int>::max()
                        ? "must be at least " + std::to_string(info.minimum) + ", got " + *text
                        : "must be between " + std::to_string(info.minimum) + " and " +
                              std::to_string(info.maximum) + ", got " + *text;
        } else {
          result = *number;
        }
      }
      break;
    case SettingType::Number:
      if (auto number = parseNumber(*text)) result = *number;
      break;
    case SettingType::Boolean:
      if (auto flag = parseBoolean(*text)) result = *flag;
      break;
    case SettingType::Duration:
      if (auto duration = parseDuration(*text)) result = *duration;
      break;
    case SettingType::Enum:
      if (std::find(info.choices.begin(), info.choices.end(), *text) != info.choices.end()) result = *text;
      break;
    default:
      result = *text;
  }
  if (result && info.check) {
    if (auto message = info.check(*result)) {
      problem = std::move(*message);
      result.reset();
    }
  }
  if (!result) {
    // The value as written helps, unless it is secret: messages end up in CI logs.
    if (problem.empty()) problem = "expected " + expectation(info) + (info.secret ? "" : ", got " + quote(*text));
    context_.report(value, shown, std::move(problem));
  }
  return result;
}

template <class Target>
std::optional<SettingValue> TableReader<Target>::convertStringList(const YAML::Node& value,
                                                                   const std::string& shown) {
  if (!value.IsSequence()) {
    context_.report(value, shown, "expected a list of strings, got " + describeNode(value));
    return std::nullopt;
  }
  std::vector<std::string> items;
  bool ok = true;
  for (std::size_t i = 0; i < value.size(); ++i) {
    const std::string itemPath = shown + "[" + std::to_string(i) + "]";
    if (!value[i].IsScalar()) {
      context_.report(value[i], itemPath, "expected a string, got " + describeNode(value[i]));
      ok = false;
    } else if (auto text = context_.scalarText(value[i], itemPath)) {
      items.push_back(std::move(*text));
    } else {
      ok = false;
    }
  }
  if (!ok) return std::nullopt;
  return items;
}

template <class Target>
template <class Item>
std::optional<SettingValue> TableReader<Target>::convertItems(const YAML::Node& value, const std::string& shown,
                                                              const std::vector<SettingSpec<Item>>& schema,
                                                              const std::string& uniqueKey,
                                                              const std::string& uniqueWhat,
                                                              const std::string& itemShape) {
  if (!value.IsSequence()) {
    context_.report(value, shown, "expected a list of maps, got " + describeNode(value));
    return std::nullopt;
  }
  std::vector<Item> items;
  std::map<std::string, SourceMark> firstByKey;
  TableReader<Item> itemReader(schema, context_);
  for (std::size_t i = 0; i < value.size(); ++i) {
    const YAML::Node node = value[i];
    const std::string itemPath = shown + "[" + std::to_string(i) + "]";
    if (!node.IsMap()) {
      context_.report(node, itemPath, "expected " + itemShape + ", got " + describeNode(node));
      continue;
    }
    Item item;
    item.mark = context_.markOf(node);
    itemReader.readMap(node, "", itemPath + ".", item);
    if (!uniqueKey.empty() && node[uniqueKey] && node[uniqueKey].IsScalar()) {
      const YAML::Node keyNode = node[uniqueKey];
      const SourceMark keyMark = context_.markOf(keyNode);
      auto [first, inserted] = firstByKey.emplace(keyNode.Scalar(), keyMark);
      if (!inserted) {
        context_.report(keyMark, itemPath + "." + uniqueKey,
                        "duplicate " + uniqueWhat + " '" + keyNode.Scalar() + "' (first declared at line " +
                            std::to_string(first->second.line) + ")");
      }
    }
    items.push_back(std::move(item));
  }
  return items;
}

}  // namespace

void readSettings(const YAML::Node& root, Settings& settings, LoadContext& context) {
  if (!root.IsMap() && !root.IsNull()) {
    context.report(root, "", "expected a map of settings at the top level, got " + describeNode(root));
    return;
  }
  TableReader<Settings>(settingsSchema(), context).readMap(root, "", "", settings);
  // Where `plugins:` is written, for the plugin loader's own messages.
  if (!root.IsMap()) return;
  for (auto it = root.begin(); it != root.end(); ++it) {
    if (it->first.IsScalar() && it->first.Scalar() == "plugins") settings.plugins.mark = context.markOf(it->first);
  }
}

}  // namespace sb::config::detail
