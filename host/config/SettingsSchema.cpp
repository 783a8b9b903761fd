#include "config/SettingsSchema.hpp"

#include "config/Duration.hpp"

#include <limits>
#include <regex>
#include <sstream>
#include <type_traits>

namespace sb::config {
namespace {

// Reaches one member of a target; generic so the same lambda serves get (const) and set.
#define SB_MEMBER(path) [](auto& target) -> auto& { return target.path; }

template <class Member>
constexpr SettingType typeOf() {
  if constexpr (std::is_same_v<Member, bool>) return SettingType::Boolean;
  else if constexpr (std::is_same_v<Member, double>) return SettingType::Number;
  else if constexpr (std::is_integral_v<Member>) return SettingType::Integer;
  else if constexpr (std::is_same_v<Member, Millis>) return SettingType::Duration;
  else if constexpr (std::is_same_v<Member, std::vector<std::string>>) return SettingType::StringList;
  else if constexpr (std::is_same_v<Member, std::vector<PluginInstanceSettings>>) return SettingType::PluginInstances;
  else if constexpr (std::is_same_v<Member, std::vector<PluginConfigEntry>>) return SettingType::PluginConfig;
  else if constexpr (std::is_same_v<Member, std::vector<ChannelRouteSettings>>) return SettingType::ChannelRoutes;
  else if constexpr (std::is_same_v<Member, std::vector<DeliveryCapSettings>>) return SettingType::DeliveryCaps;
  else if constexpr (std::is_same_v<Member, std::vector<RecommenderSettings>>) return SettingType::Recommenders;
  else if constexpr (std::is_same_v<Member, std::vector<PipelineSettings>>) return SettingType::Pipelines;
  else if constexpr (std::is_same_v<Member, std::vector<ExperimentSettings>>) return SettingType::Experiments;
  else if constexpr (std::is_same_v<Member, std::vector<ExperimentVariantSettings>>) return SettingType::Variants;
  else {
    static_assert(std::is_same_v<Member, std::string>, "no SettingType for this member type");
    return SettingType::String;
  }
}

// Fluent builder for one row of a table; the type and the default come from the member.
template <class Target>
class Declare {
 public:
  template <class Ref>
  Declare(std::string key, Ref ref, std::string description) {
    using Member = std::remove_cvref_t<decltype(ref(std::declval<Target&>()))>;
    spec_.key = std::move(key);
    spec_.type = typeOf<Member>();
    spec_.description = std::move(description);
    if constexpr (std::is_integral_v<Member> && !std::is_same_v<Member, bool>) {
      // The member's own range, so a value that passes can always be stored.
      spec_.minimum = std::numeric_limits<Member>::min();
      spec_.maximum = std::numeric_limits<Member>::max();
      spec_.get = [ref](const Target& t) -> SettingValue { return std::int64_t{ref(t)}; };
      spec_.set = [ref](Target& t, SettingValue v) {
        ref(t) = static_cast<Member>(std::get<std::int64_t>(v));
      };
    } else {
      spec_.get = [ref](const Target& t) -> SettingValue { return ref(t); };
      spec_.set = [ref](Target& t, SettingValue v) { ref(t) = std::get<Member>(std::move(v)); };
    }
    spec_.default_value = spec_.get(Target{});
  }

  Declare&& atLeast(std::int64_t minimum) && {
    spec_.minimum = minimum;
    return std::move(*this);
  }
  Declare&& range(std::int64_t minimum, std::int64_t maximum) && {
    spec_.minimum = minimum;
    spec_.maximum = maximum;
    return std::move(*this);
  }
  Declare&& oneOf(std::vector<std::string> choices) && {
    spec_.type = SettingType::Enum;
    spec_.choices = std::move(choices);
    return std::move(*this);
  }
  Declare&& required() && {
    spec_.required = true;
    return std::move(*this);
  }
  Declare&& secret() && {
    spec_.secret = true;
    return std::move(*this);
  }
  // Numbers (SettingType::Number) have no range: this bound is exclusive (rates > 0).
  Declare&& greaterThan(double bound) && {
    spec_.check = [bound](const SettingValue& v) -> std::optional<std::string> {
      const double value = std::get<double>(v);
      if (value > bound) return std::nullopt;
      std::ostringstream out;
      out << "must be greater than " << bound << ", got " << value;
      return out.str();
    };
    return std::move(*this);
  }
  Declare&& check(std::function<std::optional<std::string>(const std::string&)> rule) && {
    spec_.check = [rule = std::move(rule)](const SettingValue& v) {
      return rule(std::get<std::string>(v));
    };
    return std::move(*this);
  }

  operator SettingSpec<Target>() && { return std::move(spec_); }

 private:
  SettingSpec<Target> spec_;
};

using Host = Declare<Settings>;
using Instance = Declare<PluginInstanceSettings>;
using Route = Declare<ChannelRouteSettings>;
using Cap = Declare<DeliveryCapSettings>;
using Recommender = Declare<RecommenderSettings>;
using Pipeline = Declare<PipelineSettings>;
using Experiment = Declare<ExperimentSettings>;
using Variant = Declare<ExperimentVariantSettings>;

bool startsWith(const std::string& text, std::string_view prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// The value is secret (it may hold a password): the message must not repeat it.
std::optional<std::string> checkStoreUrl(const std::string& url) {
  if ((startsWith(url, "sqlite:") && url.size() > 7) || startsWith(url, "postgresql://") ||
      startsWith(url, "postgres://")) {
    return std::nullopt;
  }
  return "expected sqlite:PATH or postgresql://USER:PASSWORD@HOST:PORT/DATABASE";
}

std::optional<std::string> checkPublicUrl(const std::string& url) {
  if (url.empty() || startsWith(url, "http://") || startsWith(url, "https://")) return std::nullopt;
  return "expected an http:// or https:// URL, got \"" + url + "\"";
}

// Instance names appear in log channels, metrics labels and API paths: keep them plain.
std::optional<std::string> checkInstanceName(const std::string& name) {
  static const std::regex pattern("[a-z0-9_-]+");
  if (std::regex_match(name, pattern)) return std::nullopt;
  return "expected lower-case letters, digits, '-' or '_', got \"" + name + "\"";
}

std::optional<std::string> checkNotEmpty(const std::string& text) {
  if (!text.empty()) return std::nullopt;
  return "must not be empty";
}

// Never repeats the value: it may hold a password.
std::optional<std::string> checkRedisUrl(const std::string& url) {
  if (url.empty() || url.rfind("redis://", 0) == 0) return std::nullopt;
  if (url.rfind("rediss://", 0) == 0) return "TLS (rediss://) is not supported; use redis:// on a private network";
  return "expected redis://[:password@]host[:port][/db]";
}

// The two rows of one rate-limit bucket (rate_limits.per_key.read, ...): its rate and burst.
template <class Bucket>
void bucketRows(std::vector<SettingSpec<Settings>>& rows, const std::string& key, Bucket bucket,
                const std::string& routes) {
  rows.push_back(Host(key + ".rate", [bucket](auto& target) -> auto& { return bucket(target).rate; },
                      "Sustained requests per second (> 0, fractions allowed): " + routes + ".")
                     .greaterThan(0));
  rows.push_back(Host(key + ".burst", [bucket](auto& target) -> auto& { return bucket(target).burst; },
                      "Requests allowed back to back (the bucket size): " + routes + "; 0 means not limited.")
                     .atLeast(0));
}

std::vector<SettingSpec<Settings>> buildSettingsSchema() {
  std::vector<SettingSpec<Settings>> rows = {
      Host("server.host", SB_MEMBER(server.host),
           "Address the HTTP server listens on; 0.0.0.0 means every IPv4 interface."),
      Host("server.port", SB_MEMBER(server.port), "TCP port of the REST and WebSocket API.")
          .range(1, 65535),
      Host("server.threads", SB_MEMBER(server.threads),
           "Maximum HTTP worker threads; each serves one keep-alive connection at a time.")
          .atLeast(1),
      Host("server.queue", SB_MEMBER(server.queue),
           "Accepted connections that may wait for a free thread; further ones are closed.")
          .atLeast(1),
      Host("server.keep_alive", SB_MEMBER(server.keep_alive),
           "Keep HTTP connections open between requests."),
      Host("server.keep_alive_timeout", SB_MEMBER(server.keep_alive_timeout),
           "How long an idle keep-alive connection is kept open."),
      Host("server.max_keep_alive_requests", SB_MEMBER(server.max_keep_alive_requests),
           "Requests served on one connection before it is closed; 0 means unlimited.")
          .atLeast(0),
      Host("server.max_body_bytes", SB_MEMBER(server.max_body_bytes),
           "Largest request body accepted, in bytes.")
          .atLeast(1),
      Host("server.max_bulk_body_bytes", SB_MEMBER(server.max_bulk_body_bytes),
           "Largest body of the bulk routes (POST /api/v1/items/batch, /api/v1/events, /api/v1/events/import).")
          .atLeast(1),
      Host("server.shutdown_grace", SB_MEMBER(server.shutdown_grace),
           "How long in-flight requests may finish after SIGTERM before the process exits."),
      Host("server.demo_pages", SB_MEMBER(server.demo_pages),
           "Serve the demo pages under /demo/ (static; they show data only to a user who pastes a token)."),
      Host("server.public_url", SB_MEMBER(server.public_url),
           "Base URL clients reach this server at (for links and webhook URLs); empty means "
           "derived from each request.")
          .check(checkPublicUrl),

      Host("log.level", SB_MEMBER(log.level), "Least severe level that is logged.")
          .oneOf({"trace", "debug", "info", "warn", "error", "off"}),
      Host("log.format", SB_MEMBER(log.format),
           "console for people, json for one JSON object per line (log shippers).")
          .oneOf({"console", "json"}),
      Host("log.file", SB_MEMBER(log.file), "File the log is appended to; empty means standard error."),
      Host("log.access_log", SB_MEMBER(log.access_log), "Log one line per HTTP request."),

      Host("store.url", SB_MEMBER(store.url),
           "Database: sqlite:PATH (one process) or postgresql://USER:PASSWORD@HOST:PORT/DATABASE "
           "(several instances).")
          .check(checkStoreUrl)
          .secret(),
      Host("store.pool_size", SB_MEMBER(store.pool_size),
           "Database connections kept open; at least the number of threads that use the store.")
          .atLeast(1),
      Host("store.acquire_timeout", SB_MEMBER(store.acquire_timeout),
           "How long a request waits for a free connection before it is answered with 503."),
      Host("store.migrate_on_start", SB_MEMBER(store.migrate_on_start),
           "Apply pending schema migrations at start-up."),

      Host("auth.admin_key_file", SB_MEMBER(auth.admin_key_file),
           "File holding the admin API key."),
      Host("auth.key_cache_ttl", SB_MEMBER(auth.key_cache_ttl),
           "How long a verified API key is trusted without asking the store again."),
      Host("auth.jwt.issuer", SB_MEMBER(auth.jwt.issuer),
           "Required iss claim of bearer tokens, and the issuer of tokens this server signs."),
      Host("auth.jwt.audience", SB_MEMBER(auth.jwt.audience), "Required aud claim of bearer tokens."),
      Host("auth.jwt.hs256_secret", SB_MEMBER(auth.jwt.hs256_secret),
           "Shared secret for HS256 tokens; empty disables HS256.")
          .secret(),
      Host("auth.jwt.rs256_public_key_file", SB_MEMBER(auth.jwt.rs256_public_key_file),
           "PEM public key for RS256 tokens; empty disables RS256."),
      Host("auth.jwt.tenant_claim", SB_MEMBER(auth.jwt.tenant_claim),
           "Claim that names the caller's tenant."),
      Host("auth.jwt.leeway", SB_MEMBER(auth.jwt.leeway),
           "Clock skew tolerated when checking exp and nbf."),
      Host("auth.jwt.max_ttl", SB_MEMBER(auth.jwt.max_ttl),
           "Longest lifetime of a token issued by POST /api/v1/tokens."),

      Host("http_client.ca_file", SB_MEMBER(http_client.ca_file),
           "PEM file of extra CA certificates trusted by the plugins' HTTPS client (besides the system's)."),
      Host("http_client.connect_timeout", SB_MEMBER(http_client.connect_timeout),
           "TCP connect timeout of the plugins' HTTP client."),
      Host("http_client.io_timeout", SB_MEMBER(http_client.io_timeout),
           "Timeout of each read or write of the plugins' HTTP client."),
      Host("http_client.deadline", SB_MEMBER(http_client.deadline),
           "Overall budget of one plugin HTTP request, TLS handshake included."),

      Host("plugins.paths", SB_MEMBER(plugins.paths),
           "Folders scanned for plugin shared libraries (*.so), in order."),
      Host("plugins.instances", SB_MEMBER(plugins.instances),
           "Configured plugin instances; a plugin can run as several instances."),
      Host("plugins.health_interval", SB_MEMBER(plugins.health_interval),
           "How often each instance's health check runs (results in GET /api/v1/plugins)."),
      Host("plugins.faults_before_disable", SB_MEMBER(plugins.faults_before_disable),
           "Consecutive internal faults after which an instance is disabled instead of called again.")
          .atLeast(1),

      Host("notifications.workers", SB_MEMBER(notifications.workers),
           "Delivery workers per instance (threads that call channel plugins).")
          .range(1, 256),
      Host("notifications.lease", SB_MEMBER(notifications.lease),
           "How long a claimed delivery stays locked; a worker that died loses its claims after this."),
      Host("notifications.poll_interval", SB_MEMBER(notifications.poll_interval),
           "How often idle workers look for work queued by other instances (local work wakes them at once)."),
      Host("notifications.max_attempts", SB_MEMBER(notifications.max_attempts),
           "Attempts before a delivery is dead (listable and retryable through the API).")
          .range(1, 100),
      Host("notifications.retry_initial", SB_MEMBER(notifications.retry_initial),
           "First retry delay; it doubles per attempt with full jitter, never below the provider's retry-after."),
      Host("notifications.retry_max", SB_MEMBER(notifications.retry_max), "Longest retry delay."),
      Host("notifications.breaker_failures", SB_MEMBER(notifications.breaker_failures),
           "Consecutive retryable failures that open a provider's circuit breaker.")
          .atLeast(1),
      Host("notifications.breaker_cool_down", SB_MEMBER(notifications.breaker_cool_down),
           "How long an open breaker waits before letting one probe through."),
      Host("notifications.batch_limit", SB_MEMBER(notifications.batch_limit),
           "Most notifications accepted by one POST /api/v1/notifications/batch.")
          .range(1, 100000),
      Host("notifications.recipient_cache_ttl", SB_MEMBER(notifications.recipient_cache_ttl),
           "How long accepting reuses a user read from the store (changes through this instance apply at once; "
           "through others within this time). 0s disables the cache."),
      Host("notifications.routes", SB_MEMBER(notifications.routes),
           "Per channel, the provider instances in failover order."),
      Host("notifications.caps", SB_MEMBER(notifications.caps),
           "Limits on deliveries per user or per tenant and channel in a sliding window."),

      Host("redis.url", SB_MEMBER(redis.url),
           "redis://[:password@]host[:port][/db] shared by every instance (WebSocket fan-out); empty means "
           "in-process, for a single instance.")
          .secret()
          .check(checkRedisUrl),
      Host("redis.key_prefix", SB_MEMBER(redis.key_prefix),
           "Prefix of every Redis key and channel, so several deployments can share one Redis.")
          .check(checkNotEmpty),
      Host("redis.connect_timeout", SB_MEMBER(redis.connect_timeout),
           "How long connecting to Redis may take; while Redis is down, instances retry with backoff."),

      Host("rate_limits.enabled", SB_MEMBER(rate_limits.enabled),
           "Limit API requests per API key and per end user with token buckets (429 with Retry-After beyond them)."),
      Host("rate_limits.shared", SB_MEMBER(rate_limits.shared),
           "Keep the buckets in Redis when redis.url is set, so limits hold across instances; false keeps them "
           "per instance."),
      Host("rate_limits.local_max_buckets", SB_MEMBER(rate_limits.local_max_buckets),
           "Buckets an instance keeps in memory without Redis; idle (full) buckets are dropped first.")
          .atLeast(1),
  };
  bucketRows(rows, "rate_limits.per_key.read", SB_MEMBER(rate_limits.per_key.read), "GET/HEAD routes, per API key");
  bucketRows(rows, "rate_limits.per_key.write", SB_MEMBER(rate_limits.per_key.write), "POST/PUT/DELETE routes, per API key");
  bucketRows(rows, "rate_limits.per_key.bulk", SB_MEMBER(rate_limits.per_key.bulk), "batch and import routes, per API key");
  bucketRows(rows, "rate_limits.per_key.auth", SB_MEMBER(rate_limits.per_key.auth), "token, key and tenant creation, per API key");
  bucketRows(rows, "rate_limits.per_user.read", SB_MEMBER(rate_limits.per_user.read), "GET/HEAD routes, per end user (JWT)");
  bucketRows(rows, "rate_limits.per_user.write", SB_MEMBER(rate_limits.per_user.write), "POST/PUT/DELETE routes, per end user (JWT)");
  std::vector<SettingSpec<Settings>> rest = {
      Host("recommendations.event_weights.view", SB_MEMBER(recommendations.event_weights.view),
           "Weight of a view event in training."),
      Host("recommendations.event_weights.click", SB_MEMBER(recommendations.event_weights.click),
           "Weight of a click event."),
      Host("recommendations.event_weights.purchase", SB_MEMBER(recommendations.event_weights.purchase),
           "Weight of a purchase event."),
      Host("recommendations.event_weights.rating", SB_MEMBER(recommendations.event_weights.rating),
           "Weight of a rating event, multiplied by the rating when the event has a value."),
      Host("recommendations.event_weights.watch", SB_MEMBER(recommendations.event_weights.watch),
           "Weight of a watch event, multiplied by the watched fraction when the event has a value."),
      Host("recommendations.event_weights.watchlist_add", SB_MEMBER(recommendations.event_weights.watchlist_add),
           "Weight of adding an item to a watchlist."),
      Host("recommendations.event_weights.watchlist_remove",
           SB_MEMBER(recommendations.event_weights.watchlist_remove),
           "Weight of removing an item from a watchlist (0 ignores it; negative counts against the item)."),

      Host("recommendations.recommenders", SB_MEMBER(recommendations.recommenders),
           "The recommenders served and trained: plugin instances, or hybrids blending others."),
      Host("recommendations.pipelines", SB_MEMBER(recommendations.pipelines),
           "A recommender plus the rules applied to its candidates, by name."),
      Host("recommendations.default_pipeline", SB_MEMBER(recommendations.default_pipeline),
           "The pipeline used when a request names none; empty means the first one."),
      Host("recommendations.experiments", SB_MEMBER(recommendations.experiments),
           "A/B experiments: variants with weights, each serving a pipeline."),
      Host("recommendations.cache_ttl", SB_MEMBER(recommendations.cache_ttl),
           "How long a computed list is served from the cache; 0s disables the cache."),
      Host("recommendations.cache_max_entries", SB_MEMBER(recommendations.cache_max_entries),
           "Lists kept in the in-process cache (least recently used go first).")
          .atLeast(0),
      Host("recommendations.invalidate_on_event", SB_MEMBER(recommendations.invalidate_on_event),
           "Drop a user's cached lists when that user posts events."),
      Host("recommendations.history_limit", SB_MEMBER(recommendations.history_limit),
           "The user's newest interactions handed to recommenders and rules per request.")
          .range(0, 100000),
      Host("recommendations.catalog_refresh", SB_MEMBER(recommendations.catalog_refresh),
           "Serving reads items from an in-memory copy of the catalog at most this old (catalog changes reach "
           "recommendations within it); 0s reads the store on every request."),
      Host("recommendations.training_threads", SB_MEMBER(recommendations.training_threads),
           "Training jobs that run at the same time (each may use several cores itself).")
          .range(1, 64),

      Host("websocket.ping_interval", SB_MEMBER(websocket.ping_interval),
           "How often the server pings each WebSocket."),
      Host("websocket.missed_pongs", SB_MEMBER(websocket.missed_pongs),
           "Unanswered pings after which a WebSocket is closed.")
          .range(1, 100),
      Host("websocket.send_queue_bytes", SB_MEMBER(websocket.send_queue_bytes),
           "Bytes queued for one slow client before it is dropped (it reconnects and resumes with since=).")
          .atLeast(4096),
      Host("websocket.max_message_bytes", SB_MEMBER(websocket.max_message_bytes),
           "Largest message a client may send.")
          .range(125, 16777216),
      Host("websocket.io_threads", SB_MEMBER(websocket.io_threads),
           "Event-loop threads that serve every WebSocket after the upgrade.")
          .range(1, 64),
      Host("websocket.replay_limit", SB_MEMBER(websocket.replay_limit),
           "Unread notifications sent when a client (re)connects (the newest ones; older are in the inbox API).")
          .range(1, 10000),

      Host("metrics.enabled", SB_MEMBER(metrics.enabled), "Serve GET /metrics in the Prometheus text format."),
      Host("metrics.token", SB_MEMBER(metrics.token),
           "A bearer token Prometheus may scrape /metrics with (besides admin API keys); empty: admin keys only.")
          .secret(),
      Host("metrics.public", SB_MEMBER(metrics.public_),
           "Serve /metrics without any credential; only where the port is reachable from a private network alone."),
  };
  rows.insert(rows.end(), std::make_move_iterator(rest.begin()), std::make_move_iterator(rest.end()));
  return rows;
}

std::optional<std::string> checkChannelName(const std::string& name) {
  static const std::regex pattern("[a-z][a-z0-9_]*");
  if (std::regex_match(name, pattern)) return std::nullopt;
  return "expected a channel name such as email, sms, push or webhook, got \"" + name + "\"";
}

std::vector<SettingSpec<ChannelRouteSettings>> buildChannelRouteSchema() {
  return {
      Route("channel", SB_MEMBER(channel), "The channel: email, sms, push, webhook, ...")
          .required()
          .check(checkChannelName),
      Route("providers", SB_MEMBER(providers),
            "Plugin instance names tried in this order; the next one is used when one fails or its breaker is open.")
          .required(),
  };
}

std::vector<SettingSpec<RecommenderSettings>> buildRecommenderSchema() {
  return {
      Recommender("name", SB_MEMBER(name),
                  "A recommender plugin instance (plugins.instances), or the name of a hybrid (with blend).")
          .required()
          .check(checkNotEmpty),
      Recommender("fallback", SB_MEMBER(fallback),
                  "Recommenders tried in order when this one cannot serve a user (cold start, no model, failure)."),
      Recommender("train_every", SB_MEMBER(train_every), "Retrain this often for every tenant with events; 0s = on demand."),
      Recommender("exclude_consumed", SB_MEMBER(exclude_consumed),
                  "Leave out items the user already interacted with."),
      Recommender("blend", SB_MEMBER(blend),
                  "Hybrid: \"recommender=weight\" entries whose normalised scores are blended."),
  };
}

std::vector<SettingSpec<PipelineSettings>> buildPipelineSchema() {
  return {
      Pipeline("name", SB_MEMBER(name), "The pipeline's name (requests and experiment variants name it).")
          .required()
          .check(checkNotEmpty),
      Pipeline("recommender", SB_MEMBER(recommender), "The recommender (recommendations.recommenders) it starts from.")
          .required()
          .check(checkNotEmpty),
      Pipeline("rules", SB_MEMBER(rules), "Rule plugin instances applied in this order."),
      Pipeline("candidates", SB_MEMBER(candidates),
               "Candidates asked of the recommender before the rules; 0 means 4 x limit (at least 50).")
          .range(0, 10000),
  };
}

std::vector<SettingSpec<ExperimentVariantSettings>> buildVariantSchema() {
  return {
      Variant("name", SB_MEMBER(name), "The variant's name (reported with each recommendation).").required().check(checkNotEmpty),
      Variant("weight", SB_MEMBER(weight), "Relative share of users assigned to this variant.").range(0, 1000000),
      Variant("pipeline", SB_MEMBER(pipeline), "The pipeline this variant serves.").required().check(checkNotEmpty),
  };
}

std::vector<SettingSpec<ExperimentSettings>> buildExperimentSchema() {
  return {
      Experiment("name", SB_MEMBER(name), "The experiment's name (?experiment= and GET /api/v1/experiments).")
          .required()
          .check(checkNotEmpty),
      Experiment("variants", SB_MEMBER(variants), "Variants with weights; users are assigned by a stable hash.").required(),
      Experiment("click_window", SB_MEMBER(click_window),
                 "An event on a recommended item within this time after it was shown counts as a click."),
  };
}

std::vector<SettingSpec<DeliveryCapSettings>> buildDeliveryCapSchema() {
  return {
      Cap("channel", SB_MEMBER(channel), "The channel capped.").required().check(checkChannelName),
      Cap("scope", SB_MEMBER(scope), "Count per user or per tenant.").oneOf({"user", "tenant"}),
      Cap("limit", SB_MEMBER(limit), "Deliveries allowed in the window.").atLeast(1),
      Cap("window", SB_MEMBER(window), "Length of the sliding window."),
      Cap("action", SB_MEMBER(action), "Over the cap: skip the delivery (reason capped) or delay it.")
          .oneOf({"skip", "delay"}),
  };
}

std::vector<SettingSpec<PluginInstanceSettings>> buildPluginInstanceSchema() {
  return {
      Instance("name", SB_MEMBER(name),
               "Unique instance name used in logs, metrics and the API: [a-z0-9_-]+.")
          .required()
          .check(checkInstanceName),
      Instance("plugin", SB_MEMBER(plugin), "Id of the plugin to run, as the plugin declares it.")
          .required()
          .check(checkNotEmpty),
      Instance("enabled", SB_MEMBER(enabled), "false keeps the instance configured but not started."),
      Instance("config", SB_MEMBER(config),
               "The plugin's settings, validated against the schema the plugin declares."),
  };
}

#undef SB_MEMBER

}  // namespace

const std::vector<SettingSpec<Settings>>& settingsSchema() {
  static const auto schema = buildSettingsSchema();
  return schema;
}

const std::vector<SettingSpec<PluginInstanceSettings>>& pluginInstanceSchema() {
  static const auto schema = buildPluginInstanceSchema();
  return schema;
}

const std::vector<SettingSpec<ChannelRouteSettings>>& channelRouteSchema() {
  static const auto schema = buildChannelRouteSchema();
  return schema;
}

const std::vector<SettingSpec<RecommenderSettings>>& recommenderSchema() {
  static const auto schema = buildRecommenderSchema();
  return schema;
}

const std::vector<SettingSpec<PipelineSettings>>& pipelineSchema() {
  static const auto schema = buildPipelineSchema();
  return schema;
}

const std::vector<SettingSpec<ExperimentSettings>>& experimentSchema() {
  static const auto schema = buildExperimentSchema();
  return schema;
}

const std::vector<SettingSpec<ExperimentVariantSettings>>& variantSchema() {
  static const auto schema = buildVariantSchema();
  return schema;
}

const std::vector<SettingSpec<DeliveryCapSettings>>& deliveryCapSchema() {
  static const auto schema = buildDeliveryCapSchema();
  return schema;
}

}  // namespace sb::config
