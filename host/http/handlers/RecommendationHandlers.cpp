#include "http/handlers/RecommendationHandlers.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "recommend/jobs/JobRepository.hpp"
#include "recommend/jobs/JobRunner.hpp"
#include "recommend/models/ModelService.hpp"
#include "recommend/serving/ImpressionLog.hpp"
#include "recommend/serving/RecommendationService.hpp"
#include "recommend/training/TrainingService.hpp"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>

namespace sb::http {
namespace {

using Poco::JSON::Array;
using Poco::JSON::Object;

Poco::Dynamic::Var textOrNull(const std::string& s) { return s.empty() ? Poco::Dynamic::Var() : Poco::Dynamic::Var(s); }

int intQuery(const ApiRequest& request, std::string_view name, int fallback) {
  auto text = request.queryParam(name);
  if (!text) return fallback;
  try {
    size_t used = 0;
    int value = std::stoi(*text, &used);
    if (used == text->size()) return value;
  } catch (const std::exception&) {
  }
  throw invalidInput(std::string(name) + " must be a number");
}

// End users may ask for their own list only.
const std::string& subjectUser(const ApiRequest& request) {
  const auto& user = request.param("user_id");
  const auto& caller = request.caller();
  if (caller.role == auth::Role::User && caller.subject != user)
    throw forbidden("an end-user token gets only its own recommendations");
  return user;
}

recommend::RecommendationRequest requestFrom(const ApiRequest& request) {
  recommend::RecommendationRequest r;
  r.tenant = request.caller().tenant_id;
  r.user = subjectUser(request);
  r.limit = intQuery(request, "limit", 10);
  r.pipeline = request.queryParam("pipeline").value_or("");
  r.recommender = request.queryParam("recommender").value_or("");
  r.experiment = request.queryParam("experiment").value_or("");
  r.category = request.queryParam("category").value_or("");
  for (const auto& [key, value] : request.query)
    if (key.rfind("context.", 0) == 0 && key.size() > 8) r.context[key.substr(8)] = value;
  return r;
}

Array::Ptr itemsJson(const std::vector<plugin::ScoredItem>& items) {
  Array::Ptr out = new Array;
  for (const auto& i : items) {
    Object::Ptr o = new Object;
    o->set("id", i.item_id);
    o->set("score", i.score);
    out->add(o);
  }
  return out;
}

Object::Ptr resultJson(const recommend::RecommendationResult& r) {
  Object::Ptr out = new Object;
  out->set("items", itemsJson(r.items));
  out->set("pipeline", textOrNull(r.pipeline));
  out->set("recommender", textOrNull(r.recommender));
  out->set("model_version", r.model_version > 0 ? Poco::Dynamic::Var(r.model_version) : Poco::Dynamic::Var());
  out->set("experiment", textOrNull(r.experiment));
  out->set("variant", textOrNull(r.variant));
  Array::Ptr fallbacks = new Array;
  for (const auto& f : r.fallbacks) fallbacks->add(f);
  out->set("fallbacks", fallbacks);
  out->set("cached", r.cached);
  return out;
}

Object::Ptr jobJson(const recommend::Job& j) {
  Object::Ptr out = new Object;
  out->set("id", j.id);
  out->set("kind", j.kind);
  out->set("target", j.target);
  out->set("status", j.status);
  out->set("error", textOrNull(j.error));
  if (!j.result_json.empty()) out->set("result", Poco::JSON::Parser().parse(j.result_json));
  else out->set("result", Poco::Dynamic::Var());
  out->set("created_at", isoUtc(j.created_at));
  out->set("started_at", j.started_at ? Poco::Dynamic::Var(isoUtc(*j.started_at)) : Poco::Dynamic::Var());
  out->set("finished_at", j.finished_at ? Poco::Dynamic::Var(isoUtc(*j.finished_at)) : Poco::Dynamic::Var());
  return out;
}

ApiResponse accepted(const recommend::Job& job) {
  auto response = ApiResponse::json(202, jobJson(job));
  response.headers.emplace_back("Location", "/api/v1/jobs/" + job.id);
  return response;
}

Object::Ptr modelJson(const recommend::ModelVersion& m) {
  Object::Ptr out = new Object;
  out->set("version", m.version);
  out->set("active", m.active);
  out->set("trained_at", isoUtc(m.trained_at));
  out->set("metrics", Poco::JSON::Parser().parse(m.metrics_json.empty() ? "{}" : m.metrics_json));
  return out;
}

Array::Ptr strings(const std::vector<std::string>& values) {
  Array::Ptr out = new Array;
  for (const auto& v : values) out->add(v);
  return out;
}

}  // namespace

void addRecommendationRoutes(Router& router, RecommendationApi api) {
  router.add("GET", "/api/v1/recommendations/{user_id}", Access::Any, [api](const ApiRequest& request) {
    return ApiResponse::json(200, resultJson(api.service.recommend(requestFrom(request))));
  });

  router.add("POST", "/api/v1/recommendations/{user_id}/refresh", Access::Key, [api](const ApiRequest& request) {
    return accepted(api.service.refreshLater(requestFrom(request), api.runner));
  });

  router.add("GET", "/api/v1/items/{item_id}/similar", Access::Any, [api](const ApiRequest& request) {
    auto items = api.service.similar(request.caller().tenant_id, request.param("item_id"),
                                     request.queryParam("recommender").value_or(""), intQuery(request, "limit", 10));
    Object::Ptr out = new Object;
    out->set("items", itemsJson(items));
    return ApiResponse::json(200, out);
  });

  router.add("GET", "/api/v1/recommenders", Access::Key, [api](const ApiRequest& request) {
    Array::Ptr list = new Array;
    for (const auto& r : api.models.recommenders(request.caller().tenant_id)) {
      Object::Ptr o = new Object;
      o->set("name", r.name);
      o->set("kind", r.hybrid ? "hybrid" : "plugin");
      o->set("fallback", strings(r.fallback));
      o->set("blend", strings(r.blend));
      o->set("train_every_ms", static_cast<Poco::Int64>(r.train_every_ms));
      o->set("active_model", r.active ? Poco::Dynamic::Var(modelJson(*r.active)) : Poco::Dynamic::Var());
      list->add(o);
    }
    Object::Ptr out = new Object;
    out->set("recommenders", list);
    return ApiResponse::json(200, out);
  });

  router.add("POST", "/api/v1/recommenders/{name}/train", Access::Key, [api](const ApiRequest& request) {
    return accepted(api.training.train(request.caller().tenant_id, request.param("name")));
  });

  router.add("GET", "/api/v1/recommenders/{name}/models", Access::Key, [api](const ApiRequest& request) {
    Array::Ptr list = new Array;
    for (const auto& m : api.models.versions(request.caller().tenant_id, request.param("name"))) list->add(modelJson(m));
    Object::Ptr out = new Object;
    out->set("models", list);
    return ApiResponse::json(200, out);
  });

  router.add("POST", "/api/v1/recommenders/{name}/models/{version}/activate", Access::Key,
             [api](const ApiRequest& request) {
               int version = 0;
               try {
                 version = std::stoi(request.param("version"));
               } catch (const std::exception&) {
                 throw notFound("model version " + request.param("version"));
               }
               api.models.activate(request.caller().tenant_id, request.param("name"), version);
               Object::Ptr out = new Object;
               out->set("recommender", request.param("name"));
               out->set("active_version", version);
               return ApiResponse::json(200, out);
             });

  router.add("GET", "/api/v1/jobs/{id}", Access::Key, [api](const ApiRequest& request) {
    auto job = api.jobs.find(request.caller().tenant_id, request.param("id"));
    if (!job) throw notFound("job " + request.param("id"));
    return ApiResponse::json(200, jobJson(*job));
  });

  router.add("GET", "/api/v1/experiments", Access::Key, [api](const ApiRequest& request) {
    Array::Ptr list = new Array;
    for (const auto& e : api.setup.experiments()) {
      Object::Ptr o = new Object;
      o->set("name", e.name);
      o->set("click_window_ms", static_cast<Poco::Int64>(e.click_window.count()));
      Array::Ptr variants = new Array;
      for (const auto& v : api.impressions.report(request.caller().tenant_id, e)) {
        Object::Ptr vo = new Object;
        vo->set("name", v.variant);
        vo->set("pipeline", v.pipeline);
        vo->set("impressions", static_cast<Poco::Int64>(v.impressions));
        vo->set("clicks", static_cast<Poco::Int64>(v.clicks));
        vo->set("ctr", v.ctr);
        variants->add(vo);
      }
      o->set("variants", variants);
      list->add(o);
    }
    Object::Ptr out = new Object;
    out->set("experiments", list);
    return ApiResponse::json(200, out);
  });
}

}  // namespace sb::http
