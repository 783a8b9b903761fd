#include "notify/templates/TemplateDefinition.hpp"

#include "core/Error.hpp"
#include "notify/templates/Channel.hpp"
#include "notify/users/JsonFields.hpp"
#include "notify/users/Locale.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <cctype>
#include <set>
#include <sstream>

namespace sb::notify {
namespace {

constexpr size_t kMaxVariants = 200;
constexpr size_t kMaxDescription = 1000;

bool validVariableName(const std::string& name) {
  if (name.empty() || name.size() > 128 || name.front() == '.' || name.back() == '.') return false;
  return std::all_of(name.begin(), name.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '_' || c == '-' || c == '.';
  });
}

std::string stringify(const Poco::Dynamic::Var& value) {
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(value, out);
  return out.str();
}

std::string canonicalLocaleOrThrow(const std::string& text, const std::string& path) {
  auto locale = canonicalLocale(text);
  if (!locale) throw fieldError(path, "must be a language tag such as 'en' or 'pt-BR'");
  return *locale;
}

TemplateVariant variantFrom(const Poco::JSON::Object::Ptr& json, const std::string& path,
                            const std::string& defaultLocale) {
  TemplateVariant v;
  auto channel = stringField(json, "channel", path + ".channel");
  if (!channel || channel->empty()) throw fieldError(path + ".channel", "is required");
  if (!isKnownChannel(*channel)) throw fieldError(path + ".channel", "must be one of " + channelList());
  v.channel = *channel;
  auto locale = stringField(json, "locale", path + ".locale").value_or("");
  v.locale = locale.empty() ? defaultLocale : canonicalLocaleOrThrow(locale, path + ".locale");

  auto allowed = variantFieldNames(v.channel);
  if (v.channel == "sms") allowed.push_back("body");
  for (const auto& [name, value] : *json) {
    if (name == "channel" || name == "locale") continue;
    if (std::find(allowed.begin(), allowed.end(), name) == allowed.end()) {
      throw fieldError(path + "." + name, "is not used by " + v.channel + " variants");
    }
  }
  auto text = [&](const std::string& name) { return stringField(json, name, path + "." + name).value_or(""); };
  if (v.channel == "email") {
    v.subject = text("subject");
    v.text = text("text");
    v.html = text("html");
    if (v.subject.empty()) throw fieldError(path + ".subject", "is required for email");
    if (v.text.empty() && v.html.empty()) throw fieldError(path + ".text", "or html is required for email");
  } else if (v.channel == "sms") {
    v.text = text("text");
    if (v.text.empty()) v.text = text("body");
    if (v.text.empty()) throw fieldError(path + ".text", "is required for sms");
  } else {
    v.subject = text("title");
    v.text = text("body");
    if (auto data = objectField(json, "data", path + ".data")) v.data_json = stringify(data);
    if (v.subject.empty() && v.text.empty() && v.data_json.empty()) {
      throw fieldError(path + ".body", "or title or data is required for " + v.channel);
    }
  }
  return v;
}

}  // namespace

std::vector<std::string> variantFieldNames(std::string_view channel) {
  if (channel == "email") return {"subject", "text", "html"};
  if (channel == "sms") return {"text"};
  return {"title", "body", "data"};
}

bool TemplateDefinition::validKey(std::string_view key) {
  if (key.empty() || key.size() > 128) return false;
  return std::all_of(key.begin(), key.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '-';
  });
}

TemplateDefinition TemplateDefinition::fromJson(const Poco::JSON::Object::Ptr& json, const std::string& key) {
  for (const auto& [name, value] : *json) {
    static const std::set<std::string> kKnown = {"key",       "description", "default_locale", "required_variables",
                                                 "variants", "version",     "created_at"};
    if (kKnown.count(name) == 0) throw fieldError(name, "is not a known field");
  }
  TemplateDefinition d;
  if (!validKey(key)) throw fieldError("key", "must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':', '-'");
  if (auto bodyKey = stringField(json, "key", "key"); bodyKey && *bodyKey != key) {
    throw fieldError("key", "must match the key in the URL");
  }
  d.key = key;
  d.description = stringField(json, "description", "description").value_or("");
  if (d.description.size() > kMaxDescription) {
    throw fieldError("description", "must be at most " + std::to_string(kMaxDescription) + " bytes");
  }
  auto defaultLocale = stringField(json, "default_locale", "default_locale").value_or("");
  d.default_locale = defaultLocale.empty() ? "en" : canonicalLocaleOrThrow(defaultLocale, "default_locale");

  auto required = stringListField(json, "required_variables", "required_variables").value_or(std::vector<std::string>{});
  for (size_t i = 0; i < required.size(); ++i) {
    if (!validVariableName(required[i])) {
      throw fieldError("required_variables[" + std::to_string(i) + "]",
                       "must be a variable name or dotted path of A-Z, a-z, 0-9, '_', '-'");
    }
    if (std::find(d.required_variables.begin(), d.required_variables.end(), required[i]) == d.required_variables.end())
      d.required_variables.push_back(required[i]);
  }

  auto variants = arrayField(json, "variants", "variants");
  if (!variants || variants->size() == 0) throw fieldError("variants", "needs at least one variant");
  if (variants->size() > kMaxVariants) {
    throw fieldError("variants", "must have at most " + std::to_string(kMaxVariants) + " variants");
  }
  for (size_t i = 0; i < variants->size(); ++i) {
    const std::string path = "variants[" + std::to_string(i) + "]";
    auto variant = variantFrom(objectAt(variants, i, "variants"), path, d.default_locale);
    for (const auto& other : d.variants) {
      if (other.channel == variant.channel && other.locale == variant.locale) {
        throw fieldError(path, "repeats channel " + variant.channel + " and locale " + variant.locale);
      }
    }
    d.variants.push_back(std::move(variant));
  }
  return d;
}

TemplateDefinition TemplateDefinition::fromStored(const std::string& json) {
  try {
    Poco::JSON::Parser parser;
    auto object = parser.parse(json).extract<Poco::JSON::Object::Ptr>();
    return fromJson(object, object->getValue<std::string>("key"));
  } catch (const std::exception& e) {
    throw Error(ErrorKind::Internal, "internal", std::string("stored template is unreadable: ") + e.what());
  }
}

Poco::JSON::Object::Ptr TemplateDefinition::toJson() const {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  out->set("key", key);
  out->set("description", description);
  out->set("default_locale", default_locale);
  Poco::JSON::Array::Ptr required = new Poco::JSON::Array;
  for (const auto& name : required_variables) required->add(name);
  out->set("required_variables", required);
  Poco::JSON::Array::Ptr list = new Poco::JSON::Array;
  for (const auto& v : variants) {
    Poco::JSON::Object::Ptr item = new Poco::JSON::Object;
    item->set("channel", v.channel);
    item->set("locale", v.locale);
    auto names = variantFieldNames(v.channel);
    const std::string* values[] = {&v.subject, &v.text, &v.html};
    if (v.channel == "sms") values[0] = &v.text;
    for (size_t i = 0; i < names.size(); ++i) {
      if (names[i] == "data") {
        if (!v.data_json.empty()) {
          Poco::JSON::Parser parser;
          item->set("data", parser.parse(v.data_json));
        }
      } else if (!values[i]->empty()) {
        item->set(names[i], *values[i]);
      }
    }
    list->add(item);
  }
  out->set("variants", list);
  return out;
}

std::string TemplateDefinition::toJsonString() const { return stringify(toJson()); }

}  // namespace sb::notify
