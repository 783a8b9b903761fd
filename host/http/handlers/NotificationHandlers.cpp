#include "http/handlers/NotificationHandlers.hpp"

#include "core/Error.hpp"
#include "http/handlers/NotificationJson.hpp"
#include "notify/notifications/NotificationService.hpp"
#include "notify/receipts/ReceiptService.hpp"

#include <Poco/DigestEngine.h>
#include <Poco/JSON/Array.h>
#include <Poco/SHA2Engine.h>

namespace sb::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

std::string sha256(const std::string& text) {
  Poco::SHA2Engine engine(Poco::SHA2Engine::SHA_256);
  engine.update(text);
  return Poco::DigestEngine::digestToHex(engine.digest());
}

int limitFrom(const ApiRequest& request) {
  auto text = request.queryParam("limit");
  if (!text) return 50;
  try {
    int limit = std::stoi(*text);
    if (limit >= 1 && limit <= 500) return limit;
  } catch (const std::exception&) {
  }
  throw invalidInput("limit must be between 1 and 500");
}

}  // namespace

void addNotificationRoutes(Router& router, notify::NotificationService& service, int batchLimit) {
  router.add("POST", "/api/v1/notifications", Access::Key, [&service](const ApiRequest& request) {
    auto body = request.jsonObject();
    auto parsed = parseNotificationRequest(body);
    std::string key = request.header("idempotency-key").value_or("");
    if (key.size() > 255) throw invalidInput("Idempotency-Key is longer than 255 characters");
    auto result = service.accept(request.caller().tenant_id, parsed, key, key.empty() ? "" : sha256(request.body));
    auto response = ApiResponse::json(202, acceptResultJson(result));
    response.headers.emplace_back("Location", "/api/v1/notifications/" + result.id);
    if (result.duplicate) response.headers.emplace_back("Idempotent-Replayed", "true");
    return response;
  });

  router.add("POST", "/api/v1/notifications/batch", Access::Key, [&service, batchLimit](const ApiRequest& request) {
    auto body = request.jsonObject();
    auto items = body->getArray("notifications");
    if (!items) throw unprocessable("field 'notifications' must be a list");
    if (items->size() == 0 || static_cast<int>(items->size()) > batchLimit)
      throw unprocessable("a batch holds 1 to " + std::to_string(batchLimit) + " notifications");
    // Parse every item first: a malformed one gets its own error, the others go ahead.
    std::vector<notify::NotificationRequest> requests;
    std::vector<int> requestIndex(items->size(), -1);
    std::vector<std::optional<Error>> parseErrors(items->size());
    for (size_t i = 0; i < items->size(); ++i) {
      try {
        auto object = items->getObject(static_cast<unsigned>(i));
        if (!object) throw unprocessable("each notification must be an object");
        requests.push_back(parseNotificationRequest(object));
        requestIndex[i] = static_cast<int>(requests.size()) - 1;
      } catch (const Error& e) {
        parseErrors[i] = e;
      }
    }
    auto outcomes = service.acceptBatch(request.caller().tenant_id, requests);
    Array::Ptr results = new Array;
    int accepted = 0;
    for (size_t i = 0; i < items->size(); ++i) {
      Object::Ptr item;
      const Error* error = parseErrors[i] ? &*parseErrors[i] : nullptr;
      if (!error) {
        auto& outcome = outcomes[static_cast<size_t>(requestIndex[i])];
        if (auto* ok = std::get_if<notify::AcceptResult>(&outcome)) {
          item = acceptResultJson(*ok);
          item->set("status", 202);
          ++accepted;
        } else {
          error = &std::get<Error>(outcome);
        }
      }
      if (error) {
        item = new Object;
        item->set("status", 422);
        Object::Ptr e = new Object;
        e->set("code", error->code());
        e->set("message", std::string(error->what()));
        e->set("details", error->details() ? error->details() : Object::Ptr(new Object));
        item->set("error", e);
      }
      item->set("index", static_cast<int>(i));
      results->add(item);
    }
    Object::Ptr root = new Object;
    root->set("accepted", accepted);
    root->set("rejected", static_cast<int>(items->size()) - accepted);
    root->set("results", results);
    return ApiResponse::json(202, root);
  });

  router.add("GET", "/api/v1/notifications/{id}", Access::Key, [&service](const ApiRequest& request) {
    auto view = service.get(request.caller().tenant_id, request.param("id"));
    if (!view) throw notFound("notification " + request.param("id"));
    return ApiResponse::json(200, notificationJson(*view, true));
  });

  router.add("GET", "/api/v1/notifications", Access::Key, [&service](const ApiRequest& request) {
    notify::NotificationFilter filter;
    filter.user_id = request.queryParam("user_id");
    if (auto status = request.queryParam("status")) {
      filter.status = notify::parseDeliveryStatus(*status);
      if (!filter.status) throw invalidInput("unknown status '" + *status + "'");
    }
    if (auto since = request.queryParam("since")) {
      bool digits = !since->empty() && std::all_of(since->begin(), since->end(), ::isdigit);
      filter.since = digits ? parseTimestamp(Poco::Dynamic::Var(std::stoll(*since)), "since")
                            : parseTimestamp(Poco::Dynamic::Var(*since), "since");
    }
    filter.cursor = request.queryParam("cursor");
    filter.limit = limitFrom(request);
    auto page = service.list(request.caller().tenant_id, filter);
    Array::Ptr list = new Array;
    for (const auto& v : page) list->add(notificationJson(v, false));
    Object::Ptr root = new Object;
    root->set("notifications", list);
    if (static_cast<int>(page.size()) == filter.limit) {
      root->set("next_cursor", page.back().id);
    } else {
      root->set("next_cursor", Poco::Dynamic::Var());
    }
    return ApiResponse::json(200, root);
  });

  router.add("POST", "/api/v1/notifications/{id}/retry", Access::Key, [&service](const ApiRequest& request) {
    int n = service.retry(request.caller().tenant_id, request.param("id"));
    Object::Ptr root = new Object;
    root->set("requeued", n);
    return ApiResponse::json(202, root);
  });

  router.add("DELETE", "/api/v1/notifications/{id}", Access::Key, [&service](const ApiRequest& request) {
    int n = service.cancel(request.caller().tenant_id, request.param("id"));
    Object::Ptr root = new Object;
    root->set("cancelled", n);
    return ApiResponse::json(200, root);
  });
}

void addWebhookRoutes(Router& router, notify::ReceiptService& receipts, std::string publicUrl) {
  // Public: providers cannot send our API keys; the plugin checks the provider's signature.
  router.add("POST", "/webhooks/{instance}", Access::Public, [&receipts, publicUrl](const ApiRequest& request) {
    plugin::WebhookCall call;
    call.method = request.method;
    std::string base = publicUrl;
    if (base.empty()) base = "http://" + request.header("host").value_or("localhost");
    while (!base.empty() && base.back() == '/') base.pop_back();
    call.url = base + request.uri;
    for (const auto& [k, v] : request.headers) call.headers.emplace_back(k, v);
    call.body = request.body;
    auto result = receipts.handle(request.param("instance"), call);
    return ApiResponse::text(result.http_status, result.body,
                             result.content_type.empty() ? "text/plain; charset=utf-8" : result.content_type);
  });
}

}  // namespace sb::http
