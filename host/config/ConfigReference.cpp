#include "config/ConfigReference.hpp"

#include "config/SettingsSchema.hpp"

#include <map>

namespace sb::config {
namespace {

// One line under each section heading; sections are the first component of a key.
const std::map<std::string, std::string>& sectionIntros() {
  static const std::map<std::string, std::string> intros{
      {"server", "The HTTP and WebSocket listener."},
      {"log", "Where the log goes and how it looks."},
      {"store", "The database: SQLite for a single process, PostgreSQL for several instances."},
      {"auth", "API keys and bearer tokens (JWT)."},
      {"plugins", "Where plugin libraries are found and which plugin instances run."},
  };
  return intros;
}

std::string cell(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '|') out += '\\';
    out += c;
  }
  return out;
}

std::string row(const std::string& key, const SettingInfo& info) {
  std::string type = describeType(info);
  if (info.secret) type += ", **secret**";
  const std::string defaultText =
      info.required ? "*required*" : "`" + formatSettingValue(info, info.default_value) + "`";
  return "| `" + key + "` | " + cell(type) + " | " + cell(defaultText) + " | " + cell(info.description) + " |\n";
}

std::string sectionOf(const std::string& key) { return key.substr(0, key.find('.')); }

}  // namespace

std::string configurationReferenceMarkdown() {
  std::string out =
      "<!-- Generated from host/config/SettingsSchema.cpp: edit the schema, then run\n"
      "     build/bin/sb_config_reference --update docs/configuration.md -->\n";
  std::string currentSection;
  for (const auto& spec : settingsSchema()) {
    if (const std::string section = sectionOf(spec.key); section != currentSection) {
      currentSection = section;
      out += "\n### `" + section + "`\n\n";
      if (auto intro = sectionIntros().find(section); intro != sectionIntros().end()) {
        out += intro->second + "\n\n";
      }
      out += "| Key | Type | Default | Description |\n|---|---|---|---|\n";
    }
    out += row(spec.key, spec);
    if (spec.type == SettingType::PluginInstances) {
      for (const auto& item : pluginInstanceSchema()) out += row(spec.key + "[]." + item.key, item);
    }
  }
  return out;
}

std::optional<std::string> extractGeneratedReference(std::string_view document) {
  const std::size_t begin = document.find(kReferenceBegin);
  if (begin == std::string_view::npos) return std::nullopt;
  const std::size_t start = document.find('\n', begin);
  const std::size_t end = document.find(kReferenceEnd, begin);
  if (start == std::string_view::npos || end == std::string_view::npos || end < start) return std::nullopt;
  return std::string(document.substr(start + 1, end - start - 1));
}

std::optional<std::string> replaceGeneratedReference(std::string_view document, std::string_view reference) {
  const auto current = extractGeneratedReference(document);
  if (!current) return std::nullopt;
  const std::size_t start = document.find('\n', document.find(kReferenceBegin)) + 1;
  std::string out(document.substr(0, start));
  out += reference;
  out += document.substr(start + current->size());
  return out;
}

}  // namespace sb::config
