// SettingsSchema: every setting declared once — key, type, default, checks, description —
// read by the loader, the reference generator and the tests alike.
#pragma once

#include "config/Settings.hpp"

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace sb::config {

enum class SettingType {
  String,
  Integer,
  Number,           // a double (weights, factors); minimum/maximum do not apply
  Boolean,
  Duration,
  Enum,             // a string out of `choices`
  StringList,
  PluginInstances,  // plugins.instances: a list of maps read with pluginInstanceSchema()
  PluginConfig,     // plugins.instances[].config: kept raw, the plugin's own schema applies
  ChannelRoutes,    // notifications.routes: a list of maps read with channelRouteSchema()
  DeliveryCaps,     // notifications.caps: a list of maps read with deliveryCapSchema()
  Recommenders,     // recommendations.recommenders: read with recommenderSchema()
  Pipelines,        // recommendations.pipelines: read with pipelineSchema()
  Experiments,      // recommendations.experiments: read with experimentSchema()
  Variants,         // recommendations.experiments[].variants: read with variantSchema()
};

// One typed value; integers of every width travel as int64.
using SettingValue =
    std::variant<std::string, std::int64_t, double, bool, Millis, std::vector<std::string>,
                 std::vector<PluginInstanceSettings>, std::vector<PluginConfigEntry>,
                 std::vector<ChannelRouteSettings>, std::vector<DeliveryCapSettings>,
                 std::vector<RecommenderSettings>, std::vector<PipelineSettings>, std::vector<ExperimentSettings>,
                 std::vector<ExperimentVariantSettings>>;

// What a setting is, independent of the struct that stores it.
struct SettingInfo {
  std::string key;  // dotted path within its table: "server.port", "auth.jwt.leeway", "name"
  SettingType type = SettingType::String;
  std::string description;  // one sentence for docs/configuration.md
  bool required = false;
  bool secret = false;  // never echoed in error messages; redacted wherever values are shown
  std::vector<std::string> choices;               // Enum
  std::int64_t minimum = 0, maximum = 0;          // Integer, inclusive
  // A rule beyond the type (URL scheme, name pattern): the problem message, or nullopt.
  std::function<std::optional<std::string>(const SettingValue&)> check;
  SettingValue default_value;  // read from a default-constructed target, never written twice
};

template <class Target>
struct SettingSpec : SettingInfo {
  std::function<SettingValue(const Target&)> get;
  std::function<void(Target&, SettingValue)> set;
};

// The host settings: the keys of switchboard.yaml, in documentation order.
const std::vector<SettingSpec<Settings>>& settingsSchema();

// The keys of one item of `plugins.instances`.
const std::vector<SettingSpec<PluginInstanceSettings>>& pluginInstanceSchema();

// The keys of one item of `notifications.routes` / `notifications.caps`.
const std::vector<SettingSpec<ChannelRouteSettings>>& channelRouteSchema();
const std::vector<SettingSpec<RecommenderSettings>>& recommenderSchema();
const std::vector<SettingSpec<PipelineSettings>>& pipelineSchema();
const std::vector<SettingSpec<ExperimentSettings>>& experimentSchema();
const std::vector<SettingSpec<ExperimentVariantSettings>>& variantSchema();
const std::vector<SettingSpec<DeliveryCapSettings>>& deliveryCapSchema();

// The value as it would be written in YAML: 8080, 15s, "", [build/plugins], true.
std::string formatSettingValue(const SettingInfo& info, const SettingValue& value);

// The type for humans: "integer (1..65535)", "duration", "enum (console, json)".
std::string describeType(const SettingInfo& info);

}  // namespace sb::config
