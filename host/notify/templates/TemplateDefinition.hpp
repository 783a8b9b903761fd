// TemplateDefinition: one version of a template as stored (templates.definition) — the
// variables it needs and one Mustache variant per (channel, locale).
#pragma once

#include <Poco/JSON/Object.h>

#include <string>
#include <string_view>
#include <vector>

namespace sb::notify {

// One variant, with its fields under the names of RenderedContent:
//   email:               subject, text, html
//   sms:                 text              (JSON "text", alias "body")
//   push, inapp, webhook: subject, text, data (JSON "title", "body", "data")
struct TemplateVariant {
  std::string channel;
  std::string locale;     // canonical
  std::string subject;
  std::string text;
  std::string html;
  std::string data_json;  // a JSON object whose string values are templates; "" = none
};

struct TemplateDefinition {
  std::string key;
  std::string description;
  std::string default_locale = "en";
  std::vector<std::string> required_variables;  // dotted paths into the render data ("order.id")
  std::vector<TemplateVariant> variants;

  // Reads and validates a definition (not its Mustache: CompiledTemplate checks that).
  // `key` is the template's key from the URL or the body. Throws sb::Error Unprocessable
  // naming the field ("variants[1].locale").
  static TemplateDefinition fromJson(const Poco::JSON::Object::Ptr& json, const std::string& key);
  // Reads what toJsonString() stored. Throws sb::Error Internal when it cannot.
  static TemplateDefinition fromStored(const std::string& json);
  Poco::JSON::Object::Ptr toJson() const;
  std::string toJsonString() const;

  // 1-128 characters of A-Z a-z 0-9 . _ : -
  static bool validKey(std::string_view key);
};

// The JSON field names a variant of `channel` uses, in output order.
std::vector<std::string> variantFieldNames(std::string_view channel);

}  // namespace sb::notify
