#include "http/handlers/EventHandlers.hpp"

#include "core/Error.hpp"
#include "recommend/catalog/CatalogInput.hpp"
#include "recommend/catalog/EventService.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace sb::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

// The body as one event object or a list of them (ApiRequest::jsonObject takes objects only).
std::vector<recommend::EventInput> eventsFrom(const ApiRequest& request) {
  auto type = request.header("content-type");
  if (type && type->rfind("application/json", 0) != 0) {
    throw Error(ErrorKind::UnsupportedMedia, "unsupported_media_type",
                "expected Content-Type application/json, got " + *type);
  }
  Poco::Dynamic::Var parsed;
  try {
    Poco::JSON::Parser parser;
    parsed = parser.parse(request.body);
  } catch (const Poco::Exception& e) {
    Object::Ptr details = new Object;
    details->set("parser", e.message());
    throw Error(ErrorKind::InvalidInput, "invalid_json", "request body is not valid JSON", details);
  }
  std::vector<recommend::EventInput> events;
  const auto unit = recommend::TimestampUnit::Milliseconds;
  if (parsed.type() == typeid(Object::Ptr)) {
    events.push_back(recommend::eventFromJson(parsed.extract<Object::Ptr>(), unit));
    return events;
  }
  if (parsed.type() != typeid(Array::Ptr)) throw invalidInput("request body must be an event object or a list of them");
  auto list = parsed.extract<Array::Ptr>();
  if (list->size() == 0 || list->size() > recommend::EventService::kMaxPerRequest) {
    throw unprocessable("a request holds 1 to " + std::to_string(recommend::EventService::kMaxPerRequest) + " events");
  }
  events.reserve(list->size());
  for (unsigned i = 0; i < list->size(); ++i) {
    try {
      auto object = list->getObject(i);
      if (!object) throw unprocessable("each event must be an object");
      events.push_back(recommend::eventFromJson(object, unit));
    } catch (const Error& e) {
      throw recommend::atIndex(e, i, "events");
    }
  }
  return events;
}

}  // namespace

void addEventRoutes(Router& router, recommend::EventService& events) {
  router.add("POST", "/api/v1/events", Access::Key, [&events](const ApiRequest& request) {
    const size_t accepted = events.record(request.caller().tenant_id, eventsFrom(request));
    Object::Ptr root = new Object;
    root->set("accepted", static_cast<Poco::UInt64>(accepted));
    return ApiResponse::json(202, root);
  });

  // The body is the file itself (text/plain, text/csv, application/x-ndjson...), read line by line.
  router.add("POST", "/api/v1/events/import", Access::Key, [&events](const ApiRequest& request) {
    auto options = recommend::ImportOptions::from([&request](std::string_view name) { return request.queryParam(name); });
    auto result = events.import(request.caller().tenant_id, request.body, options);
    Array::Ptr errors = new Array;
    for (const auto& e : result.errors) {
      Object::Ptr entry = new Object;
      entry->set("line", static_cast<Poco::UInt64>(e.line));
      entry->set("message", e.message);
      errors->add(entry);
    }
    Object::Ptr root = new Object;
    root->set("imported", static_cast<Poco::UInt64>(result.imported));
    root->set("rejected", static_cast<Poco::UInt64>(result.rejected));
    root->set("errors", errors);
    return ApiResponse::json(200, root);
  });
}

}  // namespace sb::http
