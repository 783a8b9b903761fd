#include "http/handlers/ItemHandlers.hpp"

#include "core/Error.hpp"
#include "recommend/catalog/CatalogInput.hpp"
#include "recommend/catalog/ItemService.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace sb::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Object::Ptr itemJson(const recommend::Item& item) {
  Object::Ptr out = new Object;
  out->set("id", item.id);
  out->set("title", item.title);
  out->set("category", item.category);
  Array::Ptr tags = new Array;
  for (const auto& t : item.tags) tags->add(t);
  out->set("tags", tags);
  Poco::JSON::Parser parser;
  out->set("attributes", parser.parse(item.attributes_json));
  out->set("created_at", static_cast<Poco::Int64>(item.created_at));
  out->set("updated_at", static_cast<Poco::Int64>(item.updated_at));
  return out;
}

Object::Ptr errorJson(const Error& error) {
  Object::Ptr e = new Object;
  e->set("code", error.code());
  e->set("message", std::string(error.what()));
  e->set("details", error.details() ? error.details() : Object::Ptr(new Object));
  return e;
}

int limitFrom(const ApiRequest& request) {
  auto text = request.queryParam("limit");
  if (!text) return 50;
  try {
    size_t used = 0;
    int limit = std::stoi(*text, &used);
    if (used == text->size() && limit >= 1 && limit <= 500) return limit;
  } catch (const std::exception&) {
  }
  throw invalidInput("limit must be between 1 and 500");
}

ApiResponse upsertBatch(recommend::ItemService& items, const ApiRequest& request) {
  auto body = request.jsonObject();
  auto list = body->getArray("items");
  if (!list) throw unprocessable("field 'items' must be a list");
  if (list->size() == 0 || list->size() > recommend::ItemService::kMaxBatch) {
    throw unprocessable("a batch holds 1 to " + std::to_string(recommend::ItemService::kMaxBatch) + " items");
  }
  const auto& tenant = request.caller().tenant_id;
  // Every entry is validated on its own: a bad one is reported, the others are written.
  std::vector<recommend::ItemWrite> writes;
  writes.reserve(list->size());
  Array::Ptr errors = new Array;
  for (unsigned i = 0; i < list->size(); ++i) {
    try {
      auto object = list->getObject(i);
      if (!object) throw unprocessable("each item must be an object");
      writes.push_back(recommend::itemFromJson(tenant, "", object));
    } catch (const Error& e) {
      Object::Ptr entry = new Object;
      entry->set("index", i);
      entry->set("status", 422);
      entry->set("error", errorJson(e));
      errors->add(entry);
    }
  }
  const size_t valid = writes.size();
  if (!writes.empty()) items.upsert(tenant, std::move(writes));
  Object::Ptr root = new Object;
  root->set("upserted", static_cast<Poco::UInt64>(valid));
  root->set("rejected", static_cast<Poco::UInt64>(errors->size()));
  root->set("errors", errors);
  return ApiResponse::json(200, root);
}

}  // namespace

void addItemRoutes(Router& router, recommend::ItemService& items) {
  router.add("PUT", "/api/v1/items/{item_id}", Access::Key, [&items](const ApiRequest& request) {
    auto write = recommend::itemFromJson(request.caller().tenant_id, request.param("item_id"), request.jsonObject());
    auto result = items.put(write);
    return ApiResponse::json(result.created ? 201 : 200, itemJson(result.item));
  });
  router.add("GET", "/api/v1/items/{item_id}", Access::Key, [&items](const ApiRequest& request) {
    return ApiResponse::json(200, itemJson(items.get(request.caller().tenant_id, request.param("item_id"))));
  });
  router.add("DELETE", "/api/v1/items/{item_id}", Access::Key, [&items](const ApiRequest& request) {
    items.remove(request.caller().tenant_id, request.param("item_id"));
    return ApiResponse::noContent();
  });
  router.add("POST", "/api/v1/items/batch", Access::Key,
             [&items](const ApiRequest& request) { return upsertBatch(items, request); });
  router.add("GET", "/api/v1/items", Access::Key, [&items](const ApiRequest& request) {
    auto category = request.queryParam("category");
    if (category && category->empty()) category.reset();
    auto cursor = request.queryParam("cursor");
    if (cursor && cursor->empty()) cursor.reset();
    auto page = items.list(request.caller().tenant_id, category, cursor, limitFrom(request));
    Array::Ptr list = new Array;
    for (const auto& item : page.items) list->add(itemJson(item));
    Object::Ptr root = new Object;
    root->set("items", list);
    root->set("next_cursor", page.next_cursor ? Poco::Dynamic::Var(*page.next_cursor) : Poco::Dynamic::Var());
    return ApiResponse::json(200, root);
  });
}

}  // namespace sb::http
