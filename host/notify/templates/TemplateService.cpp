#include "notify/templates/TemplateService.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "notify/templates/Channel.hpp"
#include "notify/users/JsonFields.hpp"
#include "store/StoreError.hpp"

#include <Poco/JSON/Array.h>

namespace sb::notify {
namespace {

constexpr int kMaxPageSize = 200;

Error templateNotFound(const std::string& key, std::optional<int> version) {
  return notFound("template " + key + (version ? " version " + std::to_string(*version) : std::string()));
}

Error concurrentChange(const std::string& key) {
  return conflict("template " + key + " was changed concurrently; read it again and retry");
}

}  // namespace

TemplateService::TemplateService(TemplateRepository& repository, size_t cacheCapacity)
    : repository_(repository), cache_(cacheCapacity) {}

TemplateService::Loaded TemplateService::load(const std::string& tenant, const std::string& key,
                                              std::optional<int> version) {
  if (!TemplateDefinition::validKey(key)) throw templateNotFound(key, version);
  int wanted = 0;
  if (version) {
    wanted = *version;
  } else {
    auto latest = repository_.latestVersion(tenant, key);
    if (!latest || latest->deleted) throw templateNotFound(key, std::nullopt);
    wanted = latest->version;
  }
  if (auto cached = cache_.find(tenant, key, wanted)) return {cached, wanted};
  auto record = repository_.find(tenant, key, wanted);
  if (!record || record->deleted) throw templateNotFound(key, version);
  std::shared_ptr<const CompiledTemplate> compiled;
  try {
    compiled = CompiledTemplate::compile(TemplateDefinition::fromStored(record->definition_json));
  } catch (const Error& e) {
    // It was validated when written: a stored version that no longer compiles is our bug.
    throw Error(ErrorKind::Internal, "internal", "stored template " + key + " version " + std::to_string(wanted) +
                                                     " does not compile: " + e.what());
  }
  cache_.put(tenant, key, wanted, compiled);
  return {compiled, wanted};
}

RenderResult TemplateService::render(const std::string& tenant, const std::string& key, std::optional<int> version,
                                     const std::string& channel, const std::string& locale,
                                     const Poco::JSON::Object::Ptr& data) {
  auto [compiled, resolved] = load(tenant, key, version);
  const TemplateVariant* variant = compiled->chooseVariant(channel, locale);
  if (!variant) {
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
    details->set("template", key);
    details->set("channel", channel);
    throw Error(ErrorKind::Unprocessable, "no_variant", "template " + key + " has no " + channel + " variant", details);
  }
  auto missing = compiled->missingVariables(data);
  if (!missing.empty()) {
    Poco::JSON::Array::Ptr names = new Poco::JSON::Array;
    std::string list;
    for (const auto& name : missing) {
      names->add(name);
      list += (list.empty() ? "" : ", ") + name;
    }
    Poco::JSON::Object::Ptr details = new Poco::JSON::Object;
    details->set("missing", names);
    throw Error(ErrorKind::Unprocessable, "missing_variables",
                "template " + key + " needs variables that data lacks: " + list, details);
  }
  RenderResult result;
  result.content = compiled->render(*variant, data);
  result.locale = variant->locale;
  result.version = resolved;
  return result;
}

bool TemplateService::hasVariant(const std::string& tenant, const std::string& key, std::optional<int> version,
                                 const std::string& channel) {
  return load(tenant, key, version).compiled->hasChannel(channel);
}

StoredTemplate TemplateService::write(const std::string& tenant, TemplateDefinition definition, int version) {
  auto compiled = CompiledTemplate::compile(definition);  // throws 422 on invalid Mustache
  TemplateRecord record{tenant, definition.key, version, definition.toJsonString(), false, nowUnixMs()};
  try {
    repository_.insert(record);
  } catch (const store::StoreConflict&) {
    throw concurrentChange(definition.key);
  }
  cache_.put(tenant, definition.key, version, std::move(compiled));
  return StoredTemplate{std::move(definition), version, record.created_at};
}

StoredTemplate TemplateService::create(const std::string& tenant, const Poco::JSON::Object::Ptr& body) {
  auto key = stringField(body, "key", "key").value_or("");
  if (key.empty()) throw fieldError("key", "is required");
  auto definition = TemplateDefinition::fromJson(body, key);
  auto latest = repository_.latestVersion(tenant, key);
  if (latest && !latest->deleted) throw conflict("template " + key + " already exists; PUT changes it");
  return write(tenant, std::move(definition), latest ? latest->version + 1 : 1);
}

StoredTemplate TemplateService::update(const std::string& tenant, const std::string& key,
                                       const Poco::JSON::Object::Ptr& body) {
  if (!TemplateDefinition::validKey(key)) throw templateNotFound(key, std::nullopt);
  auto definition = TemplateDefinition::fromJson(body, key);
  auto latest = repository_.latestVersion(tenant, key);
  if (!latest || latest->deleted) throw templateNotFound(key, std::nullopt);
  return write(tenant, std::move(definition), latest->version + 1);
}

StoredTemplate TemplateService::get(const std::string& tenant, const std::string& key, std::optional<int> version) {
  if (!TemplateDefinition::validKey(key)) throw templateNotFound(key, version);
  auto record = version ? repository_.find(tenant, key, *version) : repository_.latest(tenant, key);
  if (!record || record->deleted) throw templateNotFound(key, version);
  return StoredTemplate{TemplateDefinition::fromStored(record->definition_json), record->version, record->created_at};
}

void TemplateService::remove(const std::string& tenant, const std::string& key) {
  if (!TemplateDefinition::validKey(key)) throw templateNotFound(key, std::nullopt);
  auto latest = repository_.latest(tenant, key);
  if (!latest || latest->deleted) throw templateNotFound(key, std::nullopt);
  // The tombstone keeps the last definition: the row says what was deleted.
  TemplateRecord tombstone{tenant, key, latest->version + 1, latest->definition_json, true, nowUnixMs()};
  try {
    repository_.insert(tombstone);
  } catch (const store::StoreConflict&) {
    throw concurrentChange(key);
  }
}

TemplatePage TemplateService::list(const std::string& tenant, const std::string& cursor, int limit) {
  if (limit < 1 || limit > kMaxPageSize) {
    throw fieldError("limit", "must be between 1 and " + std::to_string(kMaxPageSize));
  }
  auto records = repository_.listLatest(tenant, cursor, limit + 1);
  TemplatePage page;
  for (size_t i = 0; i < records.size() && i < static_cast<size_t>(limit); ++i) {
    page.templates.push_back(StoredTemplate{TemplateDefinition::fromStored(records[i].definition_json),
                                            records[i].version, records[i].created_at});
  }
  if (records.size() > static_cast<size_t>(limit)) page.next_cursor = page.templates.back().definition.key;
  return page;
}

}  // namespace sb::notify
