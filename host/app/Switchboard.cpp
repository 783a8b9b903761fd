#include "app/Switchboard.hpp"

#include "app/AdminKeyFile.hpp"
#include "app/HealthMonitor.hpp"
#include "app/HostMetrics.hpp"
#include "app/Reloader.hpp"
#include "app/UserFeedback.hpp"
#include "auth/ApiKeyService.hpp"
#include "auth/AuthRepository.hpp"
#include "auth/CredentialAuthenticator.hpp"
#include "auth/JwtVerifier.hpp"
#include "bus/Bus.hpp"
#include "config/ConfigError.hpp"
#include "http/ApiDispatcher.hpp"
#include "http/HttpServer.hpp"
#include "http/WebSocketEndpoint.hpp"
#include "http/demo/DemoRoutes.hpp"
#include "http/openapi/ApiDocsRoutes.hpp"
#include "http/console/ConsoleRoutes.hpp"
#include "http/handlers/AdminHandlers.hpp"
#include "http/handlers/EventHandlers.hpp"
#include "http/handlers/InboxHandlers.hpp"
#include "http/handlers/ItemHandlers.hpp"
#include "http/handlers/RecommendationHandlers.hpp"
#include "http/handlers/AuthHandlers.hpp"
#include "http/handlers/HealthHandlers.hpp"
#include "http/handlers/MetricsHandlers.hpp"
#include "http/handlers/ReloadHandlers.hpp"
#include "http/handlers/NotificationHandlers.hpp"
#include "http/handlers/PluginHandlers.hpp"
#include "http/handlers/TemplateHandlers.hpp"
#include "http/handlers/UserHandlers.hpp"
#include "core/Random.hpp"
#include "metrics/MetricsRegistry.hpp"
#include "metrics/PrometheusText.hpp"
#include "notify/delivery/DeliveryDispatcher.hpp"
#include "notify/delivery/QueueReportRepository.hpp"
#include "notify/delivery/QueueReportService.hpp"
#include "notify/inbox/InboxRepository.hpp"
#include "notify/inbox/InboxService.hpp"
#include "notify/notifications/NotificationService.hpp"
#include "notify/receipts/ReceiptService.hpp"
#include "notify/templates/TemplateRepository.hpp"
#include "notify/templates/TemplateService.hpp"
#include "notify/users/UserRepository.hpp"
#include "notify/users/UserService.hpp"
#include "plugin/PluginRegistry.hpp"
#include "ratelimit/ApiRateLimits.hpp"
#include "recommend/catalog/EventListener.hpp"
#include "recommend/catalog/EventRepository.hpp"
#include "recommend/catalog/EventService.hpp"
#include "recommend/catalog/ItemRepository.hpp"
#include "recommend/catalog/ItemService.hpp"
#include "recommend/jobs/JobRepository.hpp"
#include "recommend/jobs/JobRunner.hpp"
#include "recommend/models/ModelRepository.hpp"
#include "recommend/models/ModelService.hpp"
#include "recommend/models/TenantModels.hpp"
#include "recommend/serving/CandidateSource.hpp"
#include "recommend/serving/CatalogSnapshots.hpp"
#include "recommend/serving/ImpressionLog.hpp"
#include "recommend/serving/RecommendationService.hpp"
#include "recommend/serving/RecommendationSetup.hpp"
#include "recommend/serving/LocalResultCache.hpp"
#include "recommend/serving/RedisResultCache.hpp"
#include "recommend/serving/StoreCatalogReader.hpp"
#include "recommend/training/TrainingService.hpp"
#include "store/Database.hpp"
#include "ws/InboxHub.hpp"

#include <Poco/JSON/Array.h>
#include <spdlog/spdlog.h>

namespace sb::app {

struct Switchboard::Parts {
  config::Settings settings;
  metrics::MetricsRegistry metrics;
  std::unique_ptr<store::Database> db;
  std::unique_ptr<auth::AuthRepository> authRepository;
  std::unique_ptr<auth::ApiKeyService> keys;
  std::unique_ptr<auth::JwtVerifier> jwt;
  std::unique_ptr<auth::JwtIssuer> issuer;
  std::unique_ptr<plugin::PluginRegistry> plugins;
  // notifications
  std::unique_ptr<notify::UserRepository> userRepository;
  std::unique_ptr<notify::UserService> users;
  std::unique_ptr<notify::TemplateRepository> templateRepository;
  std::unique_ptr<notify::TemplateService> templates;
  std::unique_ptr<notify::ProviderRouter> providerRouter;
  std::unique_ptr<notify::NotificationRepository> notificationRepository;
  std::unique_ptr<notify::DeliveryQueue> deliveryQueue;
  std::unique_ptr<UserFeedback> userFeedback;
  std::unique_ptr<notify::DeliveryProcessor> deliveryProcessor;
  std::unique_ptr<notify::DeliveryDispatcher> deliveryDispatcher;
  std::unique_ptr<notify::NotificationService> notifications;
  std::unique_ptr<notify::ReceiptService> receipts;
  std::unique_ptr<notify::QueueReportRepository> queueReportRepository;
  std::unique_ptr<notify::QueueReportService> queueReport;
  // in-app inbox and live push
  std::unique_ptr<notify::InboxRepository> inboxRepository;
  std::unique_ptr<notify::InboxService> inbox;
  std::unique_ptr<bus::Bus> bus;
  std::unique_ptr<ws::InboxHub> hub;
  // recommendations
  std::unique_ptr<recommend::ItemRepository> itemRepository;
  std::unique_ptr<recommend::EventRepository> eventRepository;
  std::unique_ptr<recommend::ItemService> items;
  std::unique_ptr<recommend::EventService> events;
  std::unique_ptr<recommend::RecommendationSetup> recommendationSetup;
  std::unique_ptr<recommend::ModelRepository> modelRepository;
  std::unique_ptr<recommend::TenantModels> tenantModels;
  std::unique_ptr<recommend::ModelService> modelService;
  std::unique_ptr<recommend::JobRepository> jobRepository;
  std::unique_ptr<recommend::JobRunner> jobRunner;
  std::unique_ptr<recommend::StoreCatalogReader> catalogReader;
  std::unique_ptr<recommend::CatalogSnapshots> catalogSnapshots;
  std::unique_ptr<recommend::ResultCache> resultCache;
  std::unique_ptr<recommend::ImpressionLog> impressions;
  std::unique_ptr<recommend::TrainingService> training;
  std::unique_ptr<recommend::CandidateSource> candidateSource;
  std::unique_ptr<recommend::RecommendationService> recommendations;
  std::unique_ptr<recommend::EventListener> cacheInvalidator;
  std::shared_ptr<http::Router> router;
  Poco::SharedPtr<http::ApiDispatcher> apiDispatcher;  // owned by Poco's HTTPServer too
  std::unique_ptr<http::HttpServer> server;
  std::unique_ptr<HealthMonitor> healthMonitor;
  std::unique_ptr<Reloader> reloader;
  std::string newAdminKey;
};

namespace {

std::unique_ptr<bus::Bus> makeBus(const config::RedisSettings& redis, const std::string& instanceId) {
  if (redis.url.empty()) return bus::makeInProcessBus();
  bus::RedisOptions options;
  options.url = redis.url;
  options.key_prefix = redis.key_prefix;
  options.connect_timeout = redis.connect_timeout;
  options.instance_id = instanceId;
  try {
    return bus::makeRedisBus(options);
  } catch (const std::invalid_argument& e) {
    throw std::runtime_error(std::string("redis.url: ") + e.what());
  }
}

// Degraded but serving: reported in /health/ready without failing it (a shared Redis going
// down would otherwise take every instance out of the load balancer at once).
Poco::JSON::Object::Ptr degradations(bus::Bus& bus) {
  Poco::JSON::Object::Ptr out = new Poco::JSON::Object;
  auto health = bus.health();
  if (!health.ok) out->set("bus", health.detail);
  return out;
}

// Events make a user's cached lists stale.
class CacheInvalidator final : public recommend::EventListener {
 public:
  explicit CacheInvalidator(recommend::RecommendationService& service) : service_(service) {}
  void eventsRecorded(const std::string& tenant, const std::vector<std::string>& users) override {
    for (const auto& user : users) service_.invalidateUser(tenant, user);
  }

 private:
  recommend::RecommendationService& service_;
};

Poco::JSON::Object::Ptr readinessProblems(store::Database& db, plugin::PluginRegistry& plugins) {
  Poco::JSON::Object::Ptr problems = new Poco::JSON::Object;
  std::string reason;
  if (!db.ping(&reason)) problems->set("store", reason);
  Poco::JSON::Array::Ptr failed = new Poco::JSON::Array;
  for (const auto& i : plugins.instances()) {
    auto h = i->health();
    if (h.state == plugin::InstanceState::Failed) failed->add(i->name() + ": " + h.reason);
  }
  if (failed->size() > 0) problems->set("plugins", failed);
  return problems;
}

}  // namespace

Switchboard::Switchboard(config::Settings settings) : parts_(std::make_unique<Parts>()) {
  auto& p = *parts_;
  p.settings = std::move(settings);
  const auto& s = p.settings;

  p.db = store::Database::open(s.store);
  spdlog::info("store: {} (schema version {})", p.db->describe(), p.db->schemaVersion());

  p.authRepository = std::make_unique<auth::AuthRepository>(*p.db);
  p.keys = std::make_unique<auth::ApiKeyService>(*p.authRepository, s.auth.key_cache_ttl);
  p.jwt = std::make_unique<auth::JwtVerifier>(s.auth.jwt);
  p.issuer = std::make_unique<auth::JwtIssuer>(s.auth.jwt);
  if (auto issued = p.keys->bootstrapAdminKey()) {
    writeAdminKeyFile(s.auth.admin_key_file, issued->plaintext);
    p.newAdminKey = issued->plaintext;
    spdlog::warn("created the bootstrap admin key {} (tenant 'default'); written to {}", issued->record.id,
                 s.auth.admin_key_file);
  }

  plugin::initializeTlsClient(s.http_client.ca_file);
  std::string publicUrl = s.server.public_url;
  while (!publicUrl.empty() && publicUrl.back() == '/') publicUrl.pop_back();
  plugin::HttpClientDefaults http{s.http_client.connect_timeout, s.http_client.io_timeout, s.http_client.deadline,
                                  publicUrl};
  p.plugins = std::make_unique<plugin::PluginRegistry>(p.metrics, http, s.plugins.faults_before_disable);
  auto report = p.plugins->load(s.plugins);
  for (const auto& w : report.warnings) spdlog::warn("{}", w);
  p.providerRouter = std::make_unique<notify::ProviderRouter>(s.notifications);
  auto routeProblems = p.providerRouter->validate(*p.plugins);
  report.problems.insert(report.problems.end(), routeProblems.begin(), routeProblems.end());
  p.recommendationSetup = std::make_unique<recommend::RecommendationSetup>(s.recommendations);
  auto recommendationProblems = p.recommendationSetup->validate(*p.plugins);
  report.problems.insert(report.problems.end(), recommendationProblems.begin(), recommendationProblems.end());
  if (!report.ok()) throw config::ConfigError(report.problems);

  p.userRepository = std::make_unique<notify::UserRepository>(*p.db);
  p.users = std::make_unique<notify::UserService>(*p.userRepository, s.notifications.recipient_cache_ttl);
  p.templateRepository = std::make_unique<notify::TemplateRepository>(*p.db);
  p.templates = std::make_unique<notify::TemplateService>(*p.templateRepository);
  p.notificationRepository = std::make_unique<notify::NotificationRepository>(*p.db);
  p.deliveryQueue = std::make_unique<notify::DeliveryQueue>(*p.db);
  p.userFeedback = std::make_unique<UserFeedback>(*p.users);
  p.inboxRepository = std::make_unique<notify::InboxRepository>(*p.db);
  p.inbox = std::make_unique<notify::InboxService>(*p.inboxRepository);
  p.deliveryProcessor = std::make_unique<notify::DeliveryProcessor>(
      *p.providerRouter, *p.plugins, p.userFeedback.get(),
      notify::BackoffPolicy{s.notifications.retry_initial, s.notifications.retry_max}, s.notifications.max_attempts,
      p.metrics, p.inbox.get());
  notify::DispatcherOptions dispatch;
  dispatch.workers = s.notifications.workers;
  dispatch.lease = s.notifications.lease;
  dispatch.poll_interval = s.notifications.poll_interval;
  dispatch.instance_id = "sb-" + randomHexId(8);
  p.deliveryDispatcher = std::make_unique<notify::DeliveryDispatcher>(*p.deliveryQueue, *p.deliveryProcessor, dispatch);
  p.notifications = std::make_unique<notify::NotificationService>(
      *p.notificationRepository, *p.users, *p.templates, *p.providerRouter, s.notifications,
      [dispatcher = p.deliveryDispatcher.get()] { dispatcher->wake(); }, p.inbox.get());
  p.receipts = std::make_unique<notify::ReceiptService>(*p.plugins, *p.deliveryQueue);
  p.queueReportRepository = std::make_unique<notify::QueueReportRepository>(*p.db);
  p.queueReport = std::make_unique<notify::QueueReportService>(*p.queueReportRepository, *p.providerRouter);

  p.bus = makeBus(s.redis, dispatch.instance_id);
  spdlog::info("bus: {}", p.bus->describe());
  p.hub = std::make_unique<ws::InboxHub>(*p.inbox, *p.bus, s.websocket);
  p.inbox->setEvents(p.hub.get());

  // recommendations
  p.itemRepository = std::make_unique<recommend::ItemRepository>(*p.db);
  p.eventRepository = std::make_unique<recommend::EventRepository>(*p.db);
  p.items = std::make_unique<recommend::ItemService>(*p.itemRepository);
  p.events = std::make_unique<recommend::EventService>(*p.eventRepository, s.recommendations.event_weights);
  p.modelRepository = std::make_unique<recommend::ModelRepository>(*p.db);
  p.tenantModels = std::make_unique<recommend::TenantModels>(*p.plugins, *p.modelRepository);
  p.modelService =
      std::make_unique<recommend::ModelService>(*p.recommendationSetup, *p.modelRepository, *p.tenantModels);
  p.jobRepository = std::make_unique<recommend::JobRepository>(*p.db);
  p.jobRunner = std::make_unique<recommend::JobRunner>(*p.jobRepository, s.recommendations.training_threads);
  p.catalogReader = std::make_unique<recommend::StoreCatalogReader>(
      *p.itemRepository, *p.eventRepository,
      [users = p.users.get()](const std::string& tenant, const std::string& user) {
        auto r = users->find(tenant, user);
        return r ? r->attributes_json : std::string("{}");
      },
      [auth = p.authRepository.get()] {
        std::vector<std::string> ids;
        for (const auto& t : auth->listTenants()) ids.push_back(t.id);
        return ids;
      });
  if (!s.redis.url.empty() && s.recommendations.cache_ttl.count() > 0) {
    p.resultCache = std::make_unique<recommend::RedisResultCache>(s.redis.url, s.redis.key_prefix,
                                                                  s.recommendations.cache_ttl, s.redis.connect_timeout);
  } else {
    p.resultCache = std::make_unique<recommend::LocalResultCache>(
        s.recommendations.cache_ttl.count() > 0 ? static_cast<size_t>(s.recommendations.cache_max_entries) : 0,
        s.recommendations.cache_ttl);
  }
  spdlog::info("recommendation cache: {}", p.resultCache->describe());
  p.impressions = std::make_unique<recommend::ImpressionLog>(*p.db);
  p.training = std::make_unique<recommend::TrainingService>(*p.recommendationSetup, *p.tenantModels,
                                                            *p.modelRepository, *p.catalogReader, *p.jobRunner);
  p.candidateSource = std::make_unique<recommend::CandidateSource>(
      *p.recommendationSetup, *p.tenantModels,
      [training = p.training.get()](const std::string& tenant, const std::string& recommender) {
        training->untrained(tenant, recommender);
      });
  p.catalogSnapshots =
      std::make_unique<recommend::CatalogSnapshots>(*p.catalogReader, s.recommendations.catalog_refresh);
  p.recommendations = std::make_unique<recommend::RecommendationService>(
      *p.recommendationSetup, *p.candidateSource, *p.catalogSnapshots, *p.plugins, *p.resultCache,
      s.recommendations.history_limit, p.impressions.get());
  if (s.recommendations.invalidate_on_event) {
    p.cacheInvalidator = std::make_unique<CacheInvalidator>(*p.recommendations);
    p.events->setListener(p.cacheInvalidator.get());
  }

  p.router = std::make_shared<http::Router>();
  http::addHealthRoutes(*p.router, [&p] { return readinessProblems(*p.db, *p.plugins); },
                        [&p] { return degradations(*p.bus); });
  http::addPluginRoutes(*p.router, *p.plugins);
  http::addAuthRoutes(*p.router, *p.keys, *p.issuer, s.auth.jwt.max_ttl.count() / 1000);
  http::addUserRoutes(*p.router, *p.users);
  http::addTemplateRoutes(*p.router, *p.templates);
  http::addNotificationRoutes(*p.router, *p.notifications, s.notifications.batch_limit);
  http::addWebhookRoutes(*p.router, *p.receipts, publicUrl);
  http::addInboxRoutes(*p.router, *p.inbox);
  http::addItemRoutes(*p.router, *p.items);
  http::addEventRoutes(*p.router, *p.events);
  for (const auto& [method, pattern] : {std::pair{"POST", "/api/v1/items/batch"}, std::pair{"POST", "/api/v1/events"},
                                        std::pair{"POST", "/api/v1/events/import"}})
    p.router->setBodyLimit(method, pattern, s.server.max_bulk_body_bytes);
  http::addRecommendationRoutes(*p.router, {*p.recommendations, *p.training, *p.modelService, *p.jobRepository,
                                            *p.jobRunner, *p.impressions, *p.recommendationSetup});
  if (s.server.demo_pages) http::addDemoRoutes(*p.router);
  http::addApiDocsRoutes(*p.router);
  http::addAdminRoutes(*p.router, *p.queueReport);
  http::addConsoleRoutes(*p.router);

  auto authenticator = std::make_shared<auth::CredentialAuthenticator>(*p.keys, *p.jwt);
  p.reloader = std::make_unique<Reloader>(
      s, Reloader::Parts{*p.plugins, *p.providerRouter, *p.recommendationSetup, *p.tenantModels});
  http::addReloadRoutes(*p.router, [reloader = p.reloader.get()] {
    auto result = reloader->reload();
    logReloadResult(result);
    return result;
  });
  p.notifications->setMetrics(&p.metrics);
  p.recommendations->setMetrics(&p.metrics);
  registerHostMetrics(p.metrics, {*p.queueReportRepository, *p.providerRouter, *p.hub, *p.tenantModels});
  if (s.metrics.enabled) {
    http::addMetricsRoutes(*p.router, {http::metricsAuthorizer(s.metrics, *authenticator), [&p] {
                                         return metrics::renderPrometheus(p.metrics.collect());
                                       }});
  }
  p.apiDispatcher = new http::ApiDispatcher(p.router, authenticator, s.server.max_body_bytes);
  p.apiDispatcher->setMetrics(&p.metrics);
  // Rate limits: GET/HEAD read, other methods write; these draw from their own buckets.
  for (const auto& [method, pattern] : {std::pair{"POST", "/api/v1/items/batch"},
                                        std::pair{"POST", "/api/v1/notifications/batch"},
                                        std::pair{"POST", "/api/v1/events/import"}})
    if (!p.router->setRateClass(method, pattern, ratelimit::RateClass::Bulk))
      throw std::logic_error(std::string("rate class for a route that does not exist: ") + method + " " + pattern);
  for (const auto& [method, pattern] : {std::pair{"POST", "/api/v1/tokens"}, std::pair{"POST", "/api/v1/keys"},
                                        std::pair{"DELETE", "/api/v1/keys/{id}"}, std::pair{"POST", "/api/v1/tenants"}})
    if (!p.router->setRateClass(method, pattern, ratelimit::RateClass::Auth))
      throw std::logic_error(std::string("rate class for a route that does not exist: ") + method + " " + pattern);
  if (s.rate_limits.enabled) {
    std::unique_ptr<ratelimit::RateLimiter> limiter;
    try {
      limiter = ratelimit::makeRateLimiter(s.rate_limits, s.redis, &p.metrics);
    } catch (const std::invalid_argument& e) {
      throw std::runtime_error(std::string("redis.url: ") + e.what());
    }
    auto limits = std::make_shared<ratelimit::ApiRateLimits>(s.rate_limits, std::move(limiter), &p.metrics);
    spdlog::info("rate limits: {}", limits->describe());
    p.apiDispatcher->setRateLimits(std::move(limits));
  } else {
    spdlog::info("rate limits: off");
  }
  p.apiDispatcher->addRawEndpoint(http::kWebSocketPath, [authenticator, hub = p.hub.get()] {
    return new http::WebSocketEndpoint(*authenticator, *hub);
  });
  p.server = std::make_unique<http::HttpServer>(s.server, p.apiDispatcher);
}

Switchboard::~Switchboard() = default;

void Switchboard::start() {
  parts_->bus->start();
  parts_->hub->start();
  parts_->deliveryDispatcher->start();
  parts_->training->startSchedule();
  parts_->server->start();
  parts_->healthMonitor = std::make_unique<HealthMonitor>(*parts_->plugins, parts_->settings.plugins.health_interval);
}

void Switchboard::stop() {
  parts_->server->stop(parts_->settings.server.shutdown_grace);
  parts_->hub->stop();                 // closes the sockets with 1001: clients reconnect elsewhere
  parts_->deliveryDispatcher->stop();  // finishes the sends in hand and writes their outcomes
  parts_->training->stop();
  parts_->jobRunner->stop();  // finishes running trainings; queued ones are recorded as failed
  parts_->impressions->flush();
  parts_->bus->stop();
  parts_->healthMonitor.reset();
}

int Switchboard::port() const { return parts_->server->port(); }

config::ReloadResult Switchboard::reload() {
  auto result = parts_->reloader->reload();
  logReloadResult(result);
  return result;
}

const std::string& Switchboard::newAdminKey() const { return parts_->newAdminKey; }

std::vector<Switchboard::RouteInfo> Switchboard::routes() const {
  std::vector<RouteInfo> out;
  for (const auto& route : parts_->router->routes())
    out.push_back({route.method, route.pattern, std::string(http::accessName(route.access))});
  return out;
}

}  // namespace sb::app
