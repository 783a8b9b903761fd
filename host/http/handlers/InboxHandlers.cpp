#include "http/handlers/InboxHandlers.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "notify/inbox/InboxService.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace sb::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr size_t kMaxIds = 1000;

Poco::Dynamic::Var isoOrNull(const std::optional<int64_t>& ms) {
  return ms ? Poco::Dynamic::Var(isoUtc(*ms)) : Poco::Dynamic::Var();
}

Object::Ptr itemJson(const notify::InboxItem& item) {
  Object::Ptr out = new Object;
  out->set("id", item.notification_id);
  out->set("title", item.title);
  out->set("body", item.body);
  Poco::JSON::Parser parser;
  out->set("data", item.data_json.empty() ? Poco::Dynamic::Var(Object::Ptr(new Object)) : parser.parse(item.data_json));
  out->set("category", item.category.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(item.category));
  out->set("created_at", isoUtc(item.created_at));
  out->set("delivered_at", isoOrNull(item.delivered_at));
  out->set("read_at", isoOrNull(item.read_at));
  out->set("archived_at", isoOrNull(item.archived_at));
  return out;
}

// The user whose inbox this is; an end user may only reach their own.
const std::string& inboxOwner(const ApiRequest& request) {
  const auto& user = request.param("user_id");
  const auto& caller = request.caller();
  if (caller.role == auth::Role::User && caller.subject != user)
    throw forbidden("an end-user token reaches only its own inbox (users/" + caller.subject + "/inbox)");
  return user;
}

bool flag(const ApiRequest& request, std::string_view name) {
  auto value = request.queryParam(name);
  if (!value) return false;
  if (*value == "true" || *value == "1") return true;
  if (*value == "false" || *value == "0") return false;
  throw invalidInput(std::string(name) + " must be true or false");
}

int limitFrom(const ApiRequest& request) {
  auto text = request.queryParam("limit");
  if (!text) return 50;
  try {
    size_t used = 0;
    int limit = std::stoi(*text, &used);
    if (used == text->size()) return limit;  // the service checks the range
  } catch (const std::exception&) {
  }
  throw invalidInput("limit must be a number");
}

Object::Ptr readResultJson(const notify::ReadResult& r) {
  Object::Ptr out = new Object;
  out->set("updated", r.updated);
  out->set("unread", static_cast<Poco::Int64>(r.unread));
  return out;
}

}  // namespace

void addInboxRoutes(Router& router, notify::InboxService& inbox) {
  router.add("GET", "/api/v1/users/{user_id}/inbox", Access::Any, [&inbox](const ApiRequest& request) {
    const auto& user = inboxOwner(request);
    notify::InboxListRequest query;
    query.unread_only = flag(request, "unread");
    query.archived = flag(request, "archived");
    query.cursor = request.queryParam("cursor").value_or("");
    query.limit = limitFrom(request);
    auto page = inbox.list(request.caller().tenant_id, user, query);
    Array::Ptr items = new Array;
    for (const auto& item : page.items) items->add(itemJson(item));
    Object::Ptr out = new Object;
    out->set("items", items);
    out->set("next_cursor", page.next_cursor ? Poco::Dynamic::Var(*page.next_cursor) : Poco::Dynamic::Var());
    return ApiResponse::json(200, out);
  });

  router.add("GET", "/api/v1/users/{user_id}/inbox/count", Access::Any, [&inbox](const ApiRequest& request) {
    const auto& user = inboxOwner(request);
    Object::Ptr out = new Object;
    out->set("unread", static_cast<Poco::Int64>(inbox.unreadCount(request.caller().tenant_id, user)));
    return ApiResponse::json(200, out);
  });

  router.add("POST", "/api/v1/users/{user_id}/inbox/read", Access::Any, [&inbox](const ApiRequest& request) {
    const auto& user = inboxOwner(request);
    auto body = request.jsonObject();
    const auto& tenant = request.caller().tenant_id;
    if (body->has("all")) {
      if (!body->get("all").isBoolean() || !body->getValue<bool>("all"))
        throw unprocessable("field 'all' must be true (or send 'ids')");
      return ApiResponse::json(200, readResultJson(inbox.markAllRead(tenant, user)));
    }
    auto ids = body->getArray("ids");
    if (!ids || ids->size() == 0 || ids->size() > kMaxIds) {
      Object::Ptr details = new Object;
      details->set("field", "ids");
      throw unprocessable("send 'ids' (1 to 1000 notification ids) or 'all': true", details);
    }
    std::vector<std::string> list;
    for (size_t i = 0; i < ids->size(); ++i) {
      auto v = ids->get(static_cast<unsigned>(i));
      if (!v.isString()) {
        Object::Ptr details = new Object;
        details->set("field", "ids");
        throw unprocessable("'ids' must hold notification ids (strings)", details);
      }
      list.push_back(v.convert<std::string>());
    }
    return ApiResponse::json(200, readResultJson(inbox.markRead(tenant, user, list)));
  });

  router.add("POST", "/api/v1/users/{user_id}/inbox/{notification_id}/archive", Access::Any,
             [&inbox](const ApiRequest& request) {
               const auto& user = inboxOwner(request);
               inbox.archive(request.caller().tenant_id, user, request.param("notification_id"));
               return ApiResponse::noContent();
             });
}

}  // namespace sb::http
