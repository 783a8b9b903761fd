#include "plugin/Plugin.hpp"

#include "plugin/PluginError.hpp"

#include <cctype>
#include <cstring>

namespace sb::plugin {
namespace {

std::string text(const char* s) { return s ? std::string(s) : std::string(); }

bool validId(const std::string& id) {
  if (id.empty() || id.size() > 64) return false;
  for (char c : id)
    if (!(std::islower(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '_' ||
          c == '-' || c == '.'))
      return false;
  return true;
}

template <typename Table>
const Table* lookup(const sb_plugin_descriptor* d, const char* id, size_t minimumSize) {
  auto* table = static_cast<const Table*>(d->get_interface ? d->get_interface(id) : nullptr);
  if (table && table->struct_size < minimumSize) return nullptr;  // too old to use safely
  return table;
}

}  // namespace

const char* configTypeName(int32_t type) {
  switch (type) {
    case SB_CONFIG_STRING: return "string";
    case SB_CONFIG_INT: return "int";
    case SB_CONFIG_DOUBLE: return "double";
    case SB_CONFIG_BOOL: return "bool";
    case SB_CONFIG_DURATION_MS: return "duration";
    case SB_CONFIG_JSON: return "json";
  }
  return "unknown";
}

Plugin::Plugin(std::shared_ptr<PluginLibrary> library, const sb_plugin_descriptor* d)
    : library_(std::move(library)), descriptor_(d) {
  const std::string& file = library_->path();
  if (!d) throw PluginLoadError(file, "null plugin descriptor");
  if (d->struct_size < offsetof(sb_plugin_descriptor, get_interface) + sizeof(d->get_interface)) {
    throw PluginLoadError(file, "plugin descriptor too small (struct_size " + std::to_string(d->struct_size) + ")");
  }
  id_ = text(d->id);
  if (!validId(id_)) throw PluginLoadError(file, "invalid plugin id '" + id_ + "' (use a-z, 0-9, '_', '-', '.')");
  version_ = text(d->version);
  kind_ = text(d->kind);
  description_ = text(d->description);
  threading_ = d->threading;
  flags_ = d->flags;
  if (!d->create || !d->destroy) throw PluginLoadError(file, "plugin " + id_ + " has no create/destroy functions");
  if (d->config_field_count > 0 && !d->config_schema)
    throw PluginLoadError(file, "plugin " + id_ + " declares config fields but no schema");
  constexpr size_t kMinFieldSize = offsetof(sb_config_field, description) + sizeof(const char*);
  if (d->config_field_count > 0 && d->config_schema->struct_size < kMinFieldSize)
    throw PluginLoadError(file, "plugin " + id_ + ": config schema entries are too small");
  for (size_t i = 0; i < d->config_field_count; ++i) {
    // Stride by the plugin's struct_size: a newer 1.x SDK may have grown sb_config_field.
    const sb_config_field& f = *SB_ARRAY_AT(sb_config_field, d->config_schema, i);
    if (f.struct_size < kMinFieldSize || !f.key)
      throw PluginLoadError(file, "plugin " + id_ + ": config field " + std::to_string(i) + " is malformed");
    if (f.type < SB_CONFIG_STRING || f.type > SB_CONFIG_JSON)
      throw PluginLoadError(file, "plugin " + id_ + ": config field " + f.key + " has an unknown type");
    schema_.push_back(ConfigField{f.key, f.type, f.default_value ? std::optional<std::string>(f.default_value) : std::nullopt,
                                  f.required != 0, f.secret != 0, text(f.description)});
  }

  channel_ = lookup<sb_channel_v1>(d, SB_INTERFACE_CHANNEL_V1, offsetof(sb_channel_v1, send) + sizeof(void*));
  recommender_ = lookup<sb_recommender_v1>(d, SB_INTERFACE_RECOMMENDER_V1, offsetof(sb_recommender_v1, load) + sizeof(void*));
  rule_ = lookup<sb_rule_v1>(d, SB_INTERFACE_RULE_V1, offsetof(sb_rule_v1, apply) + sizeof(void*));
  bool ok = (kind_ == SB_KIND_CHANNEL && channel_ && channel_->send) ||
            (kind_ == SB_KIND_RECOMMENDER && recommender_ && recommender_->recommend) ||
            (kind_ == SB_KIND_RULE && rule_ && rule_->apply);
  if (!ok) {
    throw PluginLoadError(file, "plugin " + id_ + " of kind '" + kind_ +
                                    "' does not offer the matching interface (channel/1, recommender/1 or rule/1)");
  }
}

bool Plugin::hasHealth() const {
  return descriptor_->struct_size >= offsetof(sb_plugin_descriptor, health) + sizeof(void*) && descriptor_->health;
}

}  // namespace sb::plugin
