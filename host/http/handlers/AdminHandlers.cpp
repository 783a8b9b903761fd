#include "http/handlers/AdminHandlers.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "notify/delivery/QueueReportService.hpp"

#include <Poco/JSON/Array.h>

#include <map>

namespace sb::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

constexpr notify::DeliveryStatus kReported[] = {notify::DeliveryStatus::Queued, notify::DeliveryStatus::Sending,
                                                notify::DeliveryStatus::Failed, notify::DeliveryStatus::Dead};

Object::Ptr zeroCounts() {
  Object::Ptr out = new Object;
  for (auto status : kReported) out->set(notify::statusName(status), static_cast<Poco::Int64>(0));
  out->set("due", static_cast<Poco::Int64>(0));
  return out;
}

void add(Object::Ptr counts, const std::string& field, int64_t n) {
  counts->set(field, counts->getValue<Poco::Int64>(field) + n);
}

Object::Ptr depthJson(const notify::QueueDepth& depth, const auth::Principal& caller) {
  Object::Ptr totals = zeroCounts();
  std::map<std::string, Object::Ptr> byChannel;
  for (const auto& c : depth.counts) {
    auto& channel = byChannel[c.channel];
    if (!channel) channel = zeroCounts();
    for (const auto& counts : {totals, channel}) {
      add(counts, notify::statusName(c.status), c.count);
      if (c.status == notify::DeliveryStatus::Queued) add(counts, "due", c.due);
    }
  }
  Array::Ptr channels = new Array;
  for (auto& [name, counts] : byChannel) {
    counts->set("channel", name);
    channels->add(counts);
  }
  Object::Ptr breakers = new Object;
  for (const auto& [provider, state] : depth.breakers) breakers->set(provider, state);

  Object::Ptr out = new Object;
  out->set("scope", std::string(depth.all_tenants ? "all_tenants" : "tenant"));
  if (!depth.all_tenants) out->set("tenant_id", caller.tenant_id);
  out->set("as_of", isoUtc(depth.as_of));
  out->set("waiting", static_cast<Poco::Int64>(depth.waiting()));
  out->set("due_now", static_cast<Poco::Int64>(depth.dueNow()));
  auto age = depth.oldestDueAgeMs();
  out->set("oldest_due_age_ms", age ? Poco::Dynamic::Var(static_cast<Poco::Int64>(*age)) : Poco::Dynamic::Var());
  out->set("totals", totals);
  out->set("channels", channels);
  out->set("breakers", breakers);
  return out;
}

Object::Ptr failureJson(const notify::FailingDelivery& d) {
  Object::Ptr out = new Object;
  out->set("delivery_id", d.id);
  out->set("notification_id", d.notification_id);
  out->set("user_id", d.user_id);
  out->set("channel", d.channel);
  out->set("recipient", d.recipient);
  out->set("status", std::string(notify::statusName(d.status)));
  out->set("reason", d.reason.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(d.reason));
  out->set("attempts", d.attempts);
  out->set("provider", d.provider.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(d.provider));
  out->set("last_error", d.last_error.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(d.last_error));
  out->set("due_at", isoUtc(d.due_at));
  out->set("updated_at", isoUtc(d.updated_at));
  return out;
}

int limitFrom(const ApiRequest& request) {
  auto text = request.queryParam("limit");
  if (!text) return 20;
  try {
    size_t used = 0;
    int limit = std::stoi(*text, &used);
    if (used == text->size()) return limit;
  } catch (const std::exception&) {
  }
  throw invalidInput("limit must be a number");
}

}  // namespace

void addAdminRoutes(Router& router, notify::QueueReportService& queue) {
  router.add("GET", "/api/v1/admin/queue", Access::Admin, [&queue](const ApiRequest& request) {
    return ApiResponse::json(200, depthJson(queue.depth(request.caller()), request.caller()));
  });

  router.add("GET", "/api/v1/admin/failures", Access::Admin, [&queue](const ApiRequest& request) {
    Array::Ptr list = new Array;
    for (const auto& d : queue.recentFailures(request.caller(), limitFrom(request))) list->add(failureJson(d));
    Object::Ptr out = new Object;
    out->set("failures", list);
    return ApiResponse::json(200, out);
  });
}

}  // namespace sb::http
