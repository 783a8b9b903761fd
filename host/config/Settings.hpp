// Settings: the typed, validated form of switchboard.yaml that every subsystem is built from.
#pragma once

#include <chrono>
#include <cstdint>
#include <string>
#include <vector>

namespace sb::config {

// The initialisers below are the defaults: SettingsSchema.cpp reads them from a
// default-constructed Settings, so the documented defaults cannot drift from the code.
// A new field needs one row in SettingsSchema.cpp (and docs/configuration.md regenerated).

using Millis = std::chrono::milliseconds;

// Where a value came from, for error messages ("file:line:column").
struct SourceMark {
  std::string file;
  int line = 0;    // 1-based; 0 = unknown (a default)
  int column = 0;  // 1-based

  // Where a value was declared is not part of the value: settings that differ only in their
  // marks (lines moved in the file) compare equal, so a reload does not see a change there.
  bool operator==(const SourceMark&) const { return true; }
};

// One raw value of a plugin instance's `config:` map. Plugins declare their schema at
// run time, so these are validated by the plugin loader, not by the YAML loader.
struct PluginConfigEntry {
  std::string key;
  enum class Kind { Scalar, Sequence, Map, Null } kind = Kind::Scalar;
  std::string scalar;  // for Scalar: the text as written (after ${VAR} substitution)
  std::string json;    // for Sequence/Map: the value as JSON text
  SourceMark mark;

  bool operator==(const PluginConfigEntry&) const = default;
};

struct PluginInstanceSettings {
  std::string name;    // the operator's name, unique: "smtp-primary"
  std::string plugin;  // the plugin id: "smtp"
  bool enabled = true;
  std::vector<PluginConfigEntry> config;
  SourceMark mark;     // where the instance is declared

  bool operator==(const PluginInstanceSettings&) const = default;
};

struct ServerSettings {
  std::string host = "0.0.0.0";
  int port = 8080;
  int threads = 256;             // max HTTP threads = concurrent keep-alive connections
  int queue = 4096;              // accepted connections waiting for a thread
  bool keep_alive = true;
  Millis keep_alive_timeout{15000};
  int max_keep_alive_requests = 0;  // 0 = unlimited
  int64_t max_body_bytes = 1 << 20;
  int64_t max_bulk_body_bytes = 64 << 20;  // items/batch, events, events/import
  bool demo_pages = true;  // serve /demo/... (static pages; they hold no data)
  Millis shutdown_grace{10000};  // how long in-flight requests may finish on SIGTERM
  std::string public_url;        // e.g. https://notify.example.com (for webhook URLs); empty = derive

  bool operator==(const ServerSettings&) const = default;
};

struct LogSettings {
  std::string level = "info";   // trace|debug|info|warn|error|off
  std::string format = "console";  // console|json
  std::string file;             // empty = stderr
  bool access_log = true;       // one line per HTTP request

  bool operator==(const LogSettings&) const = default;
};

struct StoreSettings {
  std::string url = "sqlite:var/switchboard.db";  // sqlite:PATH | postgresql://user:pass@host:port/db
  int pool_size = 16;
  Millis acquire_timeout{5000};  // wait for a free connection before answering 503
  bool migrate_on_start = true;

  bool operator==(const StoreSettings&) const = default;
};

struct JwtSettings {
  std::string issuer = "switchboard";
  std::string audience = "switchboard";
  std::string hs256_secret;          // secret; empty = HS256 disabled
  std::string rs256_public_key_file; // PEM; empty = RS256 disabled
  std::string tenant_claim = "tenant";
  Millis leeway{30000};
  Millis max_ttl{86400000};          // tokens issued by POST /api/v1/tokens live at most this long

  bool operator==(const JwtSettings&) const = default;
};

struct AuthSettings {
  std::string admin_key_file = "var/admin.key";
  Millis key_cache_ttl{10000};       // how long a verified API key is trusted without the store
  JwtSettings jwt;

  bool operator==(const AuthSettings&) const = default;
};

// The HTTP(S) client that plugins use through the host (switchboard.http/1).
struct HttpClientSettings {
  std::string ca_file;              // PEM bundle trusted besides the system's CAs; empty = system only
  Millis connect_timeout{5000};
  Millis io_timeout{10000};
  Millis deadline{30000};           // overall budget of one request unless the plugin asks for less
  bool operator==(const HttpClientSettings&) const = default;
};

struct PluginSettings {
  std::vector<std::string> paths;    // folders scanned for *.so
  std::vector<PluginInstanceSettings> instances;
  Millis health_interval{30000};  // how often each instance's health() is asked
  int faults_before_disable = 5;  // consecutive SB_INTERNAL results that disable an instance
  SourceMark mark;

  bool operator==(const PluginSettings&) const = default;
};

// One channel's providers, in failover order: `channel: email, providers: [smtp-a, smtp-b]`.
struct ChannelRouteSettings {
  std::string channel;                 // email | sms | push | webhook | ...
  std::vector<std::string> providers;  // plugin instance names
  SourceMark mark;
  bool operator==(const ChannelRouteSettings& o) const { return channel == o.channel && providers == o.providers; }
};

// A cap on deliveries of one channel per user or per tenant in a sliding window.
struct DeliveryCapSettings {
  std::string channel;
  std::string scope = "user";    // user | tenant
  int limit = 10;
  Millis window{3600000};
  std::string action = "skip";   // skip (with reason "capped") | delay (until the window has room)
  SourceMark mark;
  bool operator==(const DeliveryCapSettings& o) const {
    return channel == o.channel && scope == o.scope && limit == o.limit && window == o.window && action == o.action;
  }
};

struct NotificationSettings {
  int workers = 8;                   // delivery workers per instance
  Millis lease{30000};               // a claimed delivery is re-claimable after this (dead worker)
  Millis poll_interval{1000};        // how often idle workers look for work queued by other instances
  int max_attempts = 8;              // then the delivery is dead
  Millis retry_initial{1000};        // first backoff; doubles per attempt, full jitter
  Millis retry_max{600000};          // backoff ceiling
  int breaker_failures = 5;          // consecutive retryable failures that open a provider's breaker
  Millis breaker_cool_down{30000};   // open breaker: wait this long before one probe
  int batch_limit = 1000;            // items per POST /api/v1/notifications/batch
  Millis recipient_cache_ttl{2000};  // how long accepting may reuse a user read from the store
  std::vector<ChannelRouteSettings> routes;
  std::vector<DeliveryCapSettings> caps;
  bool operator==(const NotificationSettings&) const = default;
};

// Redis: shared by several instances for WebSocket fan-out (and later cache and rate limits).
struct RedisSettings {
  std::string url;                       // redis://[:password@]host[:port][/db]; empty = in-process only
  std::string key_prefix = "switchboard";
  Millis connect_timeout{2000};
  bool operator==(const RedisSettings&) const = default;
};

// One token bucket: refills `rate` tokens per second up to `burst`; a request takes one.
struct BucketSettings {
  double rate = 1;     // tokens per second (> 0)
  int64_t burst = 1;   // capacity: requests allowed back to back; 0 = this class is not limited
  bool operator==(const BucketSettings&) const = default;
};

// API rate limits (ratelimit/): one bucket per caller and route class. Users (JWT) have
// no bulk or auth routes today; if one is opened to them it counts against per_user.write.
struct RateLimitSettings {
  bool enabled = true;
  bool shared = true;                 // through Redis when redis.url is set; false = per instance
  int64_t local_max_buckets = 100000; // in-process buckets kept (idle full ones are dropped first)
  struct PerKey {
    BucketSettings read{1000, 2000};
    BucketSettings write{500, 1000};
    BucketSettings bulk{20, 40};
    BucketSettings auth{50, 100};
    bool operator==(const PerKey&) const = default;
  } per_key;
  struct PerUser {
    BucketSettings read{50, 100};
    BucketSettings write{20, 40};
    bool operator==(const PerUser&) const = default;
  } per_user;
  bool operator==(const RateLimitSettings&) const = default;
};

// GET /metrics (Prometheus text format).
struct MetricsSettings {
  bool enabled = true;
  std::string token;    // a scrape credential besides admin API keys; empty: admin keys only
  bool public_ = false; // no credential at all (only behind a private network)
  bool operator==(const MetricsSettings&) const = default;
};

// Live in-app push: GET /api/v1/ws.
struct WebSocketSettings {
  Millis ping_interval{30000};           // the server pings each socket this often
  int missed_pongs = 2;                  // pings left unanswered before the socket is closed
  int64_t send_queue_bytes = 262144;     // a client this far behind is dropped (it reconnects with since=)
  int64_t max_message_bytes = 65536;     // largest client message
  int io_threads = 1;                    // event-loop threads serving every socket
  int replay_limit = 100;                // unread items sent on (re)connect, newest ones
  bool operator==(const WebSocketSettings&) const = default;
};

// How much each interaction type counts; rating and watch are also multiplied by the
// event's value (the rating, the watched fraction) when it has one.
struct EventWeightSettings {
  double view = 1.0;
  double click = 2.0;
  double purchase = 5.0;
  double rating = 1.0;
  double watch = 3.0;
  double watchlist_add = 2.0;
  double watchlist_remove = 0.0;
  bool operator==(const EventWeightSettings&) const = default;
};

// A recommender the server serves and trains: a recommender plugin instance by name, or a
// hybrid (its own name) blending other recommenders.
struct RecommenderSettings {
  std::string name;
  std::vector<std::string> fallback;  // tried in order when this one cannot serve a user
  Millis train_every{0};              // scheduled retraining; 0 = only POST .../train
  bool exclude_consumed = true;       // never recommend what the user already interacted with
  std::vector<std::string> blend;     // hybrid: "recommender=weight" entries
  SourceMark mark;
  bool operator==(const RecommenderSettings& o) const {
    return name == o.name && fallback == o.fallback && train_every == o.train_every &&
           exclude_consumed == o.exclude_consumed && blend == o.blend;
  }
};

// A recommender and the rules (plugin instances) applied to its candidates, in order.
struct PipelineSettings {
  std::string name;
  std::string recommender;
  std::vector<std::string> rules;
  int candidates = 0;  // asked of the recommender before the rules; 0 = 4 x limit (at least 50)
  SourceMark mark;
  bool operator==(const PipelineSettings& o) const {
    return name == o.name && recommender == o.recommender && rules == o.rules && candidates == o.candidates;
  }
};

struct ExperimentVariantSettings {
  std::string name;
  int weight = 1;
  std::string pipeline;
  SourceMark mark;
  bool operator==(const ExperimentVariantSettings& o) const {
    return name == o.name && weight == o.weight && pipeline == o.pipeline;
  }
};

struct ExperimentSettings {
  std::string name;
  std::vector<ExperimentVariantSettings> variants;
  Millis click_window{86400000};  // an event on a recommended item within this counts as a click
  SourceMark mark;
  bool operator==(const ExperimentSettings& o) const {
    return name == o.name && variants == o.variants && click_window == o.click_window;
  }
};

struct RecommendationSettings {
  EventWeightSettings event_weights;
  std::vector<RecommenderSettings> recommenders;
  std::vector<PipelineSettings> pipelines;
  std::string default_pipeline;   // empty: the first pipeline
  std::vector<ExperimentSettings> experiments;
  Millis cache_ttl{300000};
  int cache_max_entries = 100000;
  bool invalidate_on_event = true;
  int history_limit = 200;        // the user's newest interactions handed to recommenders and rules
  Millis catalog_refresh{10000};  // serving reads items from an in-memory snapshot this old at most
  int training_threads = 1;       // jobs that train at the same time
  bool operator==(const RecommendationSettings&) const = default;
};

struct Settings {
  std::string source_file;  // the YAML file these came from ("<embedded>" for the default)
  ServerSettings server;
  LogSettings log;
  StoreSettings store;
  AuthSettings auth;
  HttpClientSettings http_client;
  PluginSettings plugins;
  NotificationSettings notifications;
  RedisSettings redis;
  RateLimitSettings rate_limits;
  WebSocketSettings websocket;
  MetricsSettings metrics;
  RecommendationSettings recommendations;

  bool operator==(const Settings&) const = default;
};

}  // namespace sb::config
