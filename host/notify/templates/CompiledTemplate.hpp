// CompiledTemplate: one template version with every variant's Mustache parsed once, ready to
// render many times (Mustache stays out of this header: it is heavy to compile).
#pragma once

#include "notify/templates/TemplateDefinition.hpp"

#include <Poco/JSON/Object.h>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace sb::notify {

struct RenderedContent;  // TemplateService.hpp

// Immutable after compile(); render() may run on many threads at once.
class CompiledTemplate {
 public:
  // Parses every variant's Mustache (subject, text, html and the string values of data).
  // Throws sb::Error Unprocessable naming the first invalid field ("variants[1].html",
  // details.variant = {channel, locale}) with the parser's message.
  static std::shared_ptr<const CompiledTemplate> compile(TemplateDefinition definition);
  ~CompiledTemplate();
  CompiledTemplate(const CompiledTemplate&) = delete;
  CompiledTemplate& operator=(const CompiledTemplate&) = delete;

  const TemplateDefinition& definition() const;

  // The variant for `channel` by locale fallback: the locale, then its shorter prefixes
  // (pt-BR, pt), then the default locale and its prefixes. nullptr when none matches.
  const TemplateVariant* chooseVariant(std::string_view channel, std::string_view locale) const;
  bool hasChannel(std::string_view channel) const;

  // The required variables that `data` lacks (absent or null), in declaration order.
  std::vector<std::string> missingVariables(const Poco::JSON::Object::Ptr& data) const;

  // Renders one of this template's variants (from chooseVariant). `data` may be null. Only
  // html escapes {{var}} for HTML; subject, text and data values are rendered verbatim.
  // Throws sb::Error Unprocessable when data is nested deeper than 32 levels.
  RenderedContent render(const TemplateVariant& variant, const Poco::JSON::Object::Ptr& data) const;

 private:
  struct Impl;
  explicit CompiledTemplate(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace sb::notify
