#include "app/Switchboard.hpp"

#include "app/AdminKeyFile.hpp"
#include "app/HealthMonitor.hpp"
#include "auth/ApiKeyService.hpp"
#include "auth/AuthRepository.hpp"
#include "auth/CredentialAuthenticator.hpp"
#include "auth/JwtVerifier.hpp"
#include "config/ConfigError.hpp"
#include "http/ApiDispatcher.hpp"
#include "http/HttpServer.hpp"
#include "http/handlers/AuthHandlers.hpp"
#include "http/handlers/HealthHandlers.hpp"
#include "http/handlers/PluginHandlers.hpp"
#include "metrics/MetricsRegistry.hpp"
#include "plugin/PluginRegistry.hpp"
#include "store/Database.hpp"

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
  std::shared_ptr<http::Router> router;
  Poco::SharedPtr<http::ApiDispatcher> dispatcher;  // owned by Poco's HTTPServer too
  std::unique_ptr<http::HttpServer> server;
  std::unique_ptr<HealthMonitor> healthMonitor;
  std::string newAdminKey;
};

namespace {

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
  if (!report.ok()) throw config::ConfigError(report.problems);

  p.router = std::make_shared<http::Router>();
  http::addHealthRoutes(*p.router, [&p] { return readinessProblems(*p.db, *p.plugins); });
  http::addPluginRoutes(*p.router, *p.plugins);
  http::addAuthRoutes(*p.router, *p.keys, *p.issuer, s.auth.jwt.max_ttl.count() / 1000);

  auto authenticator = std::make_shared<auth::CredentialAuthenticator>(*p.keys, *p.jwt);
  p.dispatcher = new http::ApiDispatcher(p.router, authenticator, s.server.max_body_bytes);
  p.server = std::make_unique<http::HttpServer>(s.server, p.dispatcher);
}

Switchboard::~Switchboard() = default;

void Switchboard::start() {
  parts_->server->start();
  parts_->healthMonitor = std::make_unique<HealthMonitor>(*parts_->plugins, parts_->settings.plugins.health_interval);
}

void Switchboard::stop() {
  parts_->server->stop(parts_->settings.server.shutdown_grace);
  parts_->healthMonitor.reset();
}

int Switchboard::port() const { return parts_->server->port(); }

const std::string& Switchboard::newAdminKey() const { return parts_->newAdminKey; }

}  // namespace sb::app
