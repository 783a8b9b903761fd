// TemplateService: versioned templates per tenant — create, change, delete (each a new
// version), and rendering with locale fallback for the notification engine and previews.
#pragma once

#include "notify/templates/TemplateCache.hpp"
#include "notify/templates/TemplateDefinition.hpp"
#include "notify/templates/TemplateRepository.hpp"

#include <Poco/JSON/Object.h>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb::notify {

// subject = email subject / push or in-app title; text = email text / SMS body / push or
// in-app body; html = email HTML; data_json = the rendered data object ("" when none).
struct RenderedContent {
  std::string subject;
  std::string text;
  std::string html;
  std::string data_json;
};

// The version and the variant locale used.
struct RenderResult {
  RenderedContent content;
  int version = 0;
  std::string locale;
};

struct StoredTemplate {
  TemplateDefinition definition;
  int version = 0;
  int64_t created_at = 0;  // when this version was written
};

struct TemplatePage {
  std::vector<StoredTemplate> templates;
  std::string next_cursor;  // "" on the last page
};

// Thread-safe. Compiled versions are cached in memory (bounded, LRU); only the number of the
// latest version is read from the store per render without an explicit version, so a change
// made through another instance is seen at once.
class TemplateService {
 public:
  explicit TemplateService(TemplateRepository& repository, size_t cacheCapacity = 1024);

  // --- for the notification engine ---------------------------------------------------------
  // Locale fallback: exact (pt-BR), then language (pt), then the template's default_locale,
  // for that channel. Throws Error NotFound (unknown or deleted template, unknown version),
  // Unprocessable code "missing_variables" with details.missing = [names] when a required
  // variable is absent from data, Unprocessable "no_variant" when the template has no
  // variant for the channel. `data` may be null.
  RenderResult render(const std::string& tenant, const std::string& key, std::optional<int> version,
                      const std::string& channel, const std::string& locale, const Poco::JSON::Object::Ptr& data);
  // Whether the template has a variant for the channel (any locale). Throws NotFound as render.
  bool hasVariant(const std::string& tenant, const std::string& key, std::optional<int> version,
                  const std::string& channel);

  // --- for the REST handlers ---------------------------------------------------------------
  // Version 1 (or, for a key whose template was deleted, the next version). Throws Conflict
  // when the key exists; Unprocessable for an invalid definition or Mustache.
  StoredTemplate create(const std::string& tenant, const Poco::JSON::Object::Ptr& definition);
  // Writes version N+1. Throws NotFound (unknown or deleted), Unprocessable, Conflict (a
  // concurrent change took the version number).
  StoredTemplate update(const std::string& tenant, const std::string& key, const Poco::JSON::Object::Ptr& definition);
  // The latest version, or the given one (older versions stay readable after a delete).
  // Throws NotFound.
  StoredTemplate get(const std::string& tenant, const std::string& key, std::optional<int> version);
  // Writes a tombstone version; the key then reads as not found. Throws NotFound.
  void remove(const std::string& tenant, const std::string& key);
  // Latest versions by key, after `cursor` (a key; "" = from the start). limit: 1-200.
  TemplatePage list(const std::string& tenant, const std::string& cursor, int limit);

 private:
  struct Loaded {
    std::shared_ptr<const CompiledTemplate> compiled;
    int version = 0;
  };
  // The compiled version (the latest when none is given); throws NotFound.
  Loaded load(const std::string& tenant, const std::string& key, std::optional<int> version);
  StoredTemplate write(const std::string& tenant, TemplateDefinition definition, int version);

  TemplateRepository& repository_;
  TemplateCache cache_;
};

}  // namespace sb::notify
