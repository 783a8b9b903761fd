// Plugin: one plugin a library exports — its identity, declared config schema, threading,
// and the interface tables it offers — copied into host types after checking struct sizes.
#pragma once

#include "plugin/PluginLibrary.hpp"

#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace sb::plugin {

struct ConfigField {
  std::string key;
  int32_t type = SB_CONFIG_STRING;
  std::optional<std::string> default_value;
  bool required = false;
  bool secret = false;
  std::string description;
};

const char* configTypeName(int32_t type);

class Plugin {
 public:
  // Throws PluginLoadError when the descriptor is malformed (too small, no id, unknown
  // kind, missing create/destroy, kind without its interface).
  Plugin(std::shared_ptr<PluginLibrary> library, const sb_plugin_descriptor* descriptor);

  const std::string& id() const { return id_; }
  const std::string& version() const { return version_; }
  const std::string& kind() const { return kind_; }
  const std::string& description() const { return description_; }
  const std::vector<ConfigField>& schema() const { return schema_; }
  bool reentrant() const { return threading_ == SB_THREADING_REENTRANT; }
  bool blocking() const { return (flags_ & SB_FLAG_BLOCKING) != 0; }
  const std::string& file() const { return library_->path(); }
  const FileStamp& stamp() const { return library_->stamp(); }
  std::string abiVersion() const { return library_->abiVersion(); }

  const sb_plugin_descriptor& descriptor() const { return *descriptor_; }
  const sb_channel_v1* channel() const { return channel_; }
  const sb_recommender_v1* recommender() const { return recommender_; }
  const sb_rule_v1* rule() const { return rule_; }
  bool hasHealth() const;

 private:
  std::shared_ptr<PluginLibrary> library_;  // keeps the code mapped while this lives
  const sb_plugin_descriptor* descriptor_;
  std::string id_, version_, kind_, description_;
  std::vector<ConfigField> schema_;
  uint32_t threading_ = SB_THREADING_SERIALIZED;
  uint32_t flags_ = 0;
  const sb_channel_v1* channel_ = nullptr;
  const sb_recommender_v1* recommender_ = nullptr;
  const sb_rule_v1* rule_ = nullptr;
};

}  // namespace sb::plugin
