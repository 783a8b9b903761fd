#include "http/handlers/TemplateHandlers.hpp"

#include "core/Error.hpp"
#include "http/JsonInput.hpp"
#include "notify/templates/TemplateService.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/NumberParser.h>

#include <algorithm>
#include <climits>

namespace sb::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr int kDefaultPageSize = 50;

Error queryError(const std::string& name, const std::string& problem) {
  Object::Ptr details = new Object;
  details->set("field", name);
  details->set("problem", problem);
  return unprocessable("query parameter '" + name + "' " + problem, details);
}

std::optional<int> positiveIntQuery(const ApiRequest& request, const std::string& name) {
  auto text = request.queryParam(name);
  if (!text) return std::nullopt;
  int value = 0;
  if (!Poco::NumberParser::tryParse(*text, value) || value < 1) throw queryError(name, "must be a positive integer");
  return value;
}

Object::Ptr templateJson(const notify::StoredTemplate& t) {
  auto out = t.definition.toJson();
  out->set("version", t.version);
  out->set("created_at", static_cast<Poco::Int64>(t.created_at));
  return out;
}

Object::Ptr templateSummary(const notify::StoredTemplate& t) {
  Array::Ptr channels = new Array, locales = new Array;
  std::vector<std::string> seenChannels, seenLocales;
  for (const auto& v : t.definition.variants) {
    if (std::find(seenChannels.begin(), seenChannels.end(), v.channel) == seenChannels.end()) {
      seenChannels.push_back(v.channel);
      channels->add(v.channel);
    }
    if (std::find(seenLocales.begin(), seenLocales.end(), v.locale) == seenLocales.end()) {
      seenLocales.push_back(v.locale);
      locales->add(v.locale);
    }
  }
  Array::Ptr required = new Array;
  for (const auto& name : t.definition.required_variables) required->add(name);
  Object::Ptr out = new Object;
  out->set("key", t.definition.key);
  out->set("version", t.version);
  out->set("description", t.definition.description);
  out->set("default_locale", t.definition.default_locale);
  out->set("required_variables", required);
  out->set("channels", channels);
  out->set("locales", locales);
  out->set("created_at", static_cast<Poco::Int64>(t.created_at));
  return out;
}

Object::Ptr renderedJson(const std::string& key, const std::string& channel, const notify::RenderResult& r) {
  Object::Ptr content = new Object;
  content->set("subject", r.content.subject);
  content->set("text", r.content.text);
  content->set("html", r.content.html);
  if (r.content.data_json.empty()) {
    content->set("data", Poco::Dynamic::Var());
  } else {
    Poco::JSON::Parser parser;
    content->set("data", parser.parse(r.content.data_json));
  }
  Object::Ptr out = new Object;
  out->set("key", key);
  out->set("version", r.version);
  out->set("channel", channel);
  out->set("locale", r.locale);
  out->set("content", content);
  return out;
}

}  // namespace

void addTemplateRoutes(Router& router, notify::TemplateService& templates) {
  router.add("POST", "/api/v1/templates", Access::Key, [&templates](const ApiRequest& request) {
    return ApiResponse::json(201, templateJson(templates.create(request.caller().tenant_id, request.jsonObject())));
  });
  router.add("GET", "/api/v1/templates", Access::Key, [&templates](const ApiRequest& request) {
    int limit = positiveIntQuery(request, "limit").value_or(kDefaultPageSize);
    auto page = templates.list(request.caller().tenant_id, request.queryParam("cursor").value_or(""), limit);
    Array::Ptr list = new Array;
    for (const auto& t : page.templates) list->add(templateSummary(t));
    Object::Ptr root = new Object;
    root->set("templates", list);
    root->set("next_cursor", page.next_cursor.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(page.next_cursor));
    return ApiResponse::json(200, root);
  });
  router.add("GET", "/api/v1/templates/{key}", Access::Key, [&templates](const ApiRequest& request) {
    auto version = positiveIntQuery(request, "version");
    return ApiResponse::json(200, templateJson(templates.get(request.caller().tenant_id, request.param("key"), version)));
  });
  router.add("PUT", "/api/v1/templates/{key}", Access::Key, [&templates](const ApiRequest& request) {
    auto stored = templates.update(request.caller().tenant_id, request.param("key"), request.jsonObject());
    return ApiResponse::json(200, templateJson(stored));
  });
  router.add("DELETE", "/api/v1/templates/{key}", Access::Key, [&templates](const ApiRequest& request) {
    templates.remove(request.caller().tenant_id, request.param("key"));
    return ApiResponse::noContent();
  });

  router.add("POST", "/api/v1/templates/{key}/preview", Access::Key, [&templates](const ApiRequest& request) {
    auto body = request.jsonObject();
    auto channel = requireString(body, "channel");
    auto locale = optionalString(body, "locale").value_or("");
    auto version = optionalInt(body, "version");
    if (version && (*version < 1 || *version > INT_MAX)) {
      Object::Ptr details = new Object;
      details->set("field", "version");
      details->set("problem", "must be a positive integer");
      throw unprocessable("field 'version' must be a positive integer", details);
    }
    Object::Ptr data;
    if (body->has("data") && !body->isNull("data")) {
      data = body->getObject("data");
      if (!data) {
        Object::Ptr details = new Object;
        details->set("field", "data");
        details->set("problem", "must be an object");
        throw unprocessable("field 'data' must be an object", details);
      }
    }
    const auto& key = request.param("key");
    auto rendered = templates.render(request.caller().tenant_id, key,
                                     version ? std::optional<int>(static_cast<int>(*version)) : std::nullopt, channel,
                                     locale, data);
    return ApiResponse::json(200, renderedJson(key, channel, rendered));
  });
}

}  // namespace sb::http
