/*
 * switchboard/plugin.h — the Switchboard plugin ABI, version 1 (pure C).
 *
 * A plugin library exports one symbol, SB_ENTRY_SYMBOL ("switchboard_plugin_library_v1"),
 * which the host calls once after dlopen() and before anything else. It returns a
 * library descriptor listing one or more plugin descriptors, or NULL to decline.
 *
 * Compatibility rules (these are what make a v1 plugin load in every later 1.x host):
 *   - Every struct begins with `struct_size`. Structs and function tables only ever
 *     grow at the end. A reader uses a field only when it lies below struct_size
 *     (see SB_HAS_FIELD). A writer sets struct_size = sizeof(its own version).
 *   - ABI major changes are breaking: the host refuses a library whose major differs,
 *     naming both versions. Minor changes only add; a library states the lowest host
 *     minor it needs in `min_host_minor`, and an older host refuses it.
 *   - Interfaces (channel, recommender, rule) and host services are looked up by a
 *     string id carrying a revision, e.g. "switchboard.channel/1". NULL means
 *     "not supported", so new capabilities never break old plugins.
 *
 * Memory and ownership:
 *   - Strings are sb_str {ptr,len}: UTF-8, not necessarily NUL-terminated.
 *   - Anything the host passes in is BORROWED for the duration of the call only.
 *     Copy what you need to keep.
 *   - Plugins return data by calling host-provided sink callbacks (sb_call, the *_out
 *     structs); the host copies during the callback. Memory is never freed across
 *     the boundary, in either direction.
 *   - Descriptors and interface tables a plugin returns must stay valid until the
 *     library is unloaded (static storage is the natural choice).
 *
 * Errors: every plugin function returns an sb_status. Nothing may unwind across the
 * boundary (no C++ exceptions, no longjmp). The host owns retries and backoff; a
 * plugin reports SB_RETRY (optionally with a retry-after) and lets the host decide.
 *
 * Threading: each plugin declares SB_THREADING_REENTRANT (the host may call one
 * instance from several threads at once) or SB_THREADING_SERIALIZED (the host never
 * overlaps calls on one instance). Each function below states where it may be called.
 */
#ifndef SWITCHBOARD_PLUGIN_H
#define SWITCHBOARD_PLUGIN_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* ---------------------------------------------------------------- versions */

#define SB_ABI_MAJOR 1
#define SB_ABI_MINOR 0

/* The one exported symbol. Its name carries the ABI major, so a future v2 host can
 * look for both and a v2 library is never mistaken for a v1 one. */
#define SB_ENTRY_SYMBOL "switchboard_plugin_library_v1"

#if defined(_WIN32)
#define SB_EXPORT __declspec(dllexport)
#else
#define SB_EXPORT __attribute__((visibility("default")))
#endif

/* True when a struct written with `struct_size` contains `field` entirely. */
#define SB_HAS_FIELD(ptr, type, field) \
  ((ptr) != NULL && (ptr)->struct_size >= offsetof(type, field) + sizeof(((type*)0)->field))

/* Arrays of structs that carry a struct_size (sb_config.values,
 * sb_plugin_descriptor.config_schema) have a stride of their first element's
 * struct_size, not of the reader's sizeof: a writer built against a later minor has
 * longer elements. Index such arrays with SB_ARRAY_AT, never with [i]. All elements
 * of one array have the same struct_size. */
#define SB_ARRAY_AT(type, base, index) \
  ((const type*)(const void*)((const char*)(base) + (size_t)(index) * (base)->struct_size))

/* ------------------------------------------------------------- basic types */

/* A borrowed UTF-8 string; ptr may be NULL when len is 0. */
typedef struct sb_str {
  const char* ptr;
  size_t len;
} sb_str;

/* Borrowed bytes. */
typedef struct sb_bytes {
  const uint8_t* ptr;
  size_t len;
} sb_bytes;

typedef int32_t sb_status;
#define SB_OK 0              /* done */
#define SB_RETRY 1           /* transient failure: the host may try again (see retry-after) */
#define SB_PERMANENT 2       /* will never succeed for this input (bad address, rejected) */
#define SB_INVALID_CONFIG 3  /* the instance's configuration cannot work */
#define SB_UNSUPPORTED 4     /* the call or an option is not supported by this plugin */
#define SB_INTERNAL 5        /* a bug or unexpected fault inside the plugin */

/* Plugin kinds, as spelled in descriptors. */
#define SB_KIND_CHANNEL "channel"
#define SB_KIND_RECOMMENDER "recommender"
#define SB_KIND_RULE "rule"

/* Threading declarations. */
#define SB_THREADING_SERIALIZED 0u /* the host never calls one instance concurrently */
#define SB_THREADING_REENTRANT 1u  /* the host may call one instance from many threads */

/* Plugin flags. */
#define SB_FLAG_BLOCKING 1u /* calls may block on I/O; the host keeps them off event loops */

/* Log levels for the log service. */
#define SB_LOG_TRACE 0
#define SB_LOG_DEBUG 1
#define SB_LOG_INFO 2
#define SB_LOG_WARN 3
#define SB_LOG_ERROR 4

/* ------------------------------------------------------------ per-call context */

/* Passed to every plugin call. Owned by the host; valid for the call only.
 * Threading: the callbacks may be called from the calling thread only. */
typedef struct sb_call {
  uint32_t struct_size;
  void* host_data; /* opaque; pass back to the callbacks */
  /* Human-readable reason for a non-OK status. The host copies it. */
  void (*set_error)(void* host_data, sb_str message);
  /* With SB_RETRY: do not retry before this many milliseconds. The host may wait longer. */
  void (*set_retry_after_ms)(void* host_data, int64_t millis);
  /* Wall-clock deadline for this call, Unix milliseconds; 0 = none. A plugin doing I/O
   * should give up (SB_RETRY) rather than overrun it. */
  int64_t deadline_unix_ms;
} sb_call;

/* ------------------------------------------------------------------ config */

#define SB_CONFIG_STRING 0
#define SB_CONFIG_INT 1
#define SB_CONFIG_DOUBLE 2
#define SB_CONFIG_BOOL 3
#define SB_CONFIG_DURATION_MS 4 /* written "250ms", "5s", "2m", "1h" in YAML; delivered as int_value ms */
#define SB_CONFIG_JSON 5        /* a list or map, delivered as JSON text in string_value */

/* One entry of a plugin's declared configuration schema (static storage). */
typedef struct sb_config_field {
  uint32_t struct_size;
  const char* key;           /* e.g. "host"; lower_snake_case */
  int32_t type;              /* SB_CONFIG_* */
  const char* default_value; /* as it would be written in YAML; NULL = no default */
  int32_t required;          /* non-zero: the operator must set it */
  int32_t secret;            /* non-zero: redacted in logs and API output */
  const char* description;   /* one sentence for the operator */
} sb_config_field;

/* One validated configuration value. Every declared key is present: either the
 * operator's value or the declared default (keys with neither are absent). */
typedef struct sb_config_value {
  uint32_t struct_size;
  sb_str key;
  int32_t type;       /* SB_CONFIG_* */
  sb_str string_value; /* STRING and JSON; also the original text for every type */
  int64_t int_value;   /* INT, BOOL (0/1) and DURATION_MS */
  double double_value; /* DOUBLE (and INT, converted) */
} sb_config_value;

typedef struct sb_config {
  uint32_t struct_size;
  sb_str instance_name; /* the operator's name for this instance, e.g. "smtp-primary" */
  const sb_config_value* values; /* `count` elements; index with SB_ARRAY_AT */
  size_t count;
} sb_config;

/* ----------------------------------------------------------- host services */

typedef struct sb_host sb_host;

/* What the host hands to a plugin instance at creation. Valid until destroy().
 * Threading: get_service may be called from any thread. */
struct sb_host {
  uint32_t struct_size;
  uint16_t abi_major;
  uint16_t abi_minor;
  const char* host_version; /* e.g. "0.1.0" */
  void* host_data;
  /* Returns the service table for `service_id` (e.g. SB_SERVICE_LOG), or NULL when this
   * host does not offer it. Tables are owned by the host and live as long as the host. */
  const void* (*get_service)(const sb_host* host, const char* service_id);
  /* The public URL at which providers reach this instance's webhook handler
   * ("https://notify.example.com/webhooks/<instance>"), for status-callback URLs and
   * signature checks; "" when the operator has not set server.public_url. */
  const char* webhook_url;
};

#define SB_SERVICE_LOG "switchboard.log/1"
#define SB_SERVICE_HTTP "switchboard.http/1"
#define SB_SERVICE_METRICS "switchboard.metrics/1"
#define SB_SERVICE_CLOCK "switchboard.clock/1"

/* Logging into the host's log, tagged with the plugin and instance name.
 * Threading: any thread. The host copies the message; secrets must not be passed. */
typedef struct sb_log_service {
  uint32_t struct_size;
  void* ctx;
  void (*log)(void* ctx, int32_t level, sb_str message);
} sb_log_service;

typedef struct sb_header {
  sb_str name;
  sb_str value;
} sb_header;

typedef struct sb_http_request {
  uint32_t struct_size;
  sb_str method; /* "GET", "POST", ... */
  sb_str url;    /* absolute http:// or https:// URL */
  const sb_header* headers;
  size_t header_count;
  sb_bytes body;
  int64_t connect_timeout_ms; /* 0 = host default */
  int64_t io_timeout_ms;      /* per read/write; 0 = host default */
  int64_t deadline_ms;        /* overall budget, enforced by the host (TLS handshake included); 0 = host default */
  int32_t verify_tls;         /* non-zero (recommended): verify the peer certificate and host name */
} sb_http_request;

/* Sink for an HTTP response; the host owns it, the plugin reads what it needs in the
 * callbacks. Callbacks run on the calling thread, during request(). */
typedef struct sb_http_response_out {
  uint32_t struct_size;
  void* plugin_data; /* opaque to the host; passed back to the callbacks */
  void (*on_status)(void* plugin_data, int32_t status);
  void (*on_header)(void* plugin_data, sb_str name, sb_str value);
  void (*on_body)(void* plugin_data, sb_bytes chunk); /* may be called several times */
} sb_http_response_out;

/* An HTTP(S) client with timeouts, an overall deadline and TLS verification.
 * request() returns SB_OK when a response arrived (whatever its status code), SB_RETRY
 * on connection errors and timeouts (the reason is set on `call`), SB_PERMANENT for a
 * malformed request. Threading: any thread; blocking. */
typedef struct sb_http_service {
  uint32_t struct_size;
  void* ctx;
  sb_status (*request)(void* ctx, sb_call* call, const sb_http_request* request,
                       const sb_http_response_out* response);
} sb_http_service;

/* Metrics, prefixed by the host with the plugin id; `labels` is "k1=v1,k2=v2" or empty.
 * Threading: any thread; cheap. */
typedef struct sb_metrics_service {
  uint32_t struct_size;
  void* ctx;
  void (*counter_add)(void* ctx, sb_str name, sb_str labels, double delta);
  void (*gauge_set)(void* ctx, sb_str name, sb_str labels, double value);
  void (*histogram_observe)(void* ctx, sb_str name, sb_str labels, double value);
} sb_metrics_service;

/* Clocks. Threading: any thread. */
typedef struct sb_clock_service {
  uint32_t struct_size;
  void* ctx;
  int64_t (*now_unix_ms)(void* ctx);
  int64_t (*monotonic_ns)(void* ctx);
} sb_clock_service;

/* ------------------------------------------------- interface: channel/1 */

#define SB_INTERFACE_CHANNEL_V1 "switchboard.channel/1"

/* A rendered message for one recipient. All fields borrowed for the call. */
typedef struct sb_message {
  uint32_t struct_size;
  sb_str notification_id; /* stable across retries: use it as the provider idempotency key */
  sb_str channel;         /* "email", "sms", "push", "webhook", ... */
  sb_str recipient;       /* address: email, E.164 phone, device token, URL */
  sb_str subject;         /* email subject, push title */
  sb_str text;            /* plain-text body */
  sb_str html;            /* HTML body (email), may be empty */
  sb_str data_json;       /* extra structured data (push data, webhook payload), JSON object or empty */
  sb_str locale;
  sb_str category;
  sb_str priority;        /* "urgent" | "high" | "normal" | "low" */
} sb_message;

/* What an SB_PERMANENT from send() is about. The host acts differently on each:
 * PROVIDER (the default): this provider cannot deliver (bad credentials, account
 *   suspended): the host moves on to the next provider of the channel.
 * RECIPIENT: the address is invalid (bad number, mailbox does not exist): no provider can
 *   deliver; the delivery fails at once.
 * RECIPIENT_GONE: the address no longer exists (unregistered push token): fail, and the
 *   host removes the address from the user.
 * RECIPIENT_OPTED_OUT: the recipient opted out at the provider (SMS "STOP"): fail, and the
 *   host records the opt-out on the user. */
#define SB_FAILURE_PROVIDER 0
#define SB_FAILURE_RECIPIENT 1
#define SB_FAILURE_RECIPIENT_GONE 2
#define SB_FAILURE_RECIPIENT_OPTED_OUT 3

/* Result sink for send(). Host-owned; call on the sending thread during send(). */
typedef struct sb_send_out {
  uint32_t struct_size;
  void* host_data;
  void (*set_provider_message_id)(void* host_data, sb_str id);
  /* With SB_PERMANENT: one of SB_FAILURE_*. */
  void (*set_failure)(void* host_data, int32_t failure);
} sb_send_out;

/* An inbound provider callback (delivery receipts), borrowed for the call. */
typedef struct sb_webhook_request {
  uint32_t struct_size;
  sb_str method;
  sb_str url; /* the full public URL the provider called, for signature checks */
  const sb_header* headers;
  size_t header_count;
  sb_bytes body;
} sb_webhook_request;

/* What a webhook handler reports back. Host-owned; call during handle_webhook(). */
typedef struct sb_webhook_out {
  uint32_t struct_size;
  void* host_data;
  /* The HTTP answer to the provider (default 200, empty body). */
  void (*set_response)(void* host_data, int32_t http_status, sb_str content_type, sb_str body);
  /* A delivery status change: status is "delivered" | "failed" | "undelivered" | "sent". */
  void (*delivery_update)(void* host_data, sb_str provider_message_id, sb_str status, sb_str error);
} sb_webhook_out;

typedef struct sb_channel_v1 {
  uint32_t struct_size;
  /* Deliver one message. SB_OK = accepted by the provider; SB_RETRY = try later (or on
   * another provider); SB_PERMANENT = never (bad address...). Threading: per the
   * plugin's declaration; blocking when SB_FLAG_BLOCKING. */
  sb_status (*send)(void* instance, sb_call* call, const sb_message* message, const sb_send_out* out);
  /* Optional (NULL when the provider has no callbacks). Verify and apply a provider
   * callback. SB_PERMANENT with a 403 response for a bad signature. */
  sb_status (*handle_webhook)(void* instance, sb_call* call, const sb_webhook_request* request,
                              const sb_webhook_out* out);
} sb_channel_v1;

/* --------------------------------------------- interface: recommender/1 */

#define SB_INTERFACE_RECOMMENDER_V1 "switchboard.recommender/1"

typedef struct sb_item {
  uint32_t struct_size;
  sb_str id;
  sb_str title;
  sb_str category;
  const sb_str* tags;
  size_t tag_count;
  sb_str attributes_json; /* JSON object or empty */
  int64_t created_at_unix_ms;
} sb_item;

/* One weighted interaction; user and item are indexes into the dataset's arrays. */
typedef struct sb_interaction {
  uint32_t user;
  uint32_t item;
  float weight; /* already weighted by event type per the host's config */
  int64_t timestamp_unix_ms;
} sb_interaction;

/* A snapshot the host hands to fit(); borrowed for the call. */
typedef struct sb_dataset {
  uint32_t struct_size;
  const sb_str* user_ids;
  size_t user_count;
  const sb_item* const* items;
  size_t item_count;
  const sb_interaction* interactions; /* array with a stride of interaction_size bytes */
  size_t interaction_count;
  uint32_t interaction_size;          /* sizeof(sb_interaction) as the host knows it */
  int64_t now_unix_ms;
} sb_dataset;

/* A user's own recent interaction, passed to recommend(). */
typedef struct sb_user_event {
  sb_str item_id;
  float weight;
  int64_t timestamp_unix_ms;
} sb_user_event;

typedef struct sb_recommend_request {
  uint32_t struct_size;
  sb_str user_id;
  uint32_t limit;
  const sb_str* exclude_item_ids; /* never return these */
  size_t exclude_count;
  const sb_user_event* history;   /* the user's interactions, newest first */
  size_t history_count;
  sb_str category;      /* restrict to this category; empty = any */
  sb_str context_json;  /* request context (country, device, ...) as a JSON object */
} sb_recommend_request;

/* Candidate sink; host-owned; call during the call that received it, best first. */
typedef struct sb_candidates_out {
  uint32_t struct_size;
  void* host_data;
  void (*add)(void* host_data, sb_str item_id, double score);
} sb_candidates_out;

/* Byte sink for save(); host-owned; may be called several times (appends). */
typedef struct sb_bytes_out {
  uint32_t struct_size;
  void* host_data;
  void (*write)(void* host_data, sb_bytes chunk);
} sb_bytes_out;

typedef struct sb_recommender_v1 {
  uint32_t struct_size;
  /* Train on a snapshot. The host never overlaps fit() with another fit() on one
   * instance; recommend() may run concurrently with fit() on REENTRANT plugins, so a
   * plugin swaps its model in atomically at the end. Blocking (may take minutes). */
  sb_status (*fit)(void* instance, sb_call* call, const sb_dataset* data);
  /* Scored candidates for a user, best first. SB_UNSUPPORTED (or no candidates) for a
   * user the model cannot serve, so the host takes the fallback chain. */
  sb_status (*recommend)(void* instance, sb_call* call, const sb_recommend_request* request,
                         const sb_candidates_out* out);
  /* Items similar to one item, best first. Optional (NULL). */
  sb_status (*similar)(void* instance, sb_call* call, sb_str item_id, uint32_t limit,
                       const sb_candidates_out* out);
  /* Serialise the trained model; the host stores the bytes as a model version. */
  sb_status (*save)(void* instance, sb_call* call, const sb_bytes_out* out);
  /* Replace the model with bytes from save() (possibly by an older plugin version:
   * answer SB_UNSUPPORTED for a format you cannot read, and the host will retrain). */
  sb_status (*load)(void* instance, sb_call* call, sb_bytes model);
} sb_recommender_v1;

/* ---------------------------------------------------- interface: rule/1 */

#define SB_INTERFACE_RULE_V1 "switchboard.rule/1"

typedef struct sb_candidate {
  uint32_t struct_size;
  sb_str item_id;
  double score;
  sb_str category;
  const sb_str* tags;
  size_t tag_count;
  sb_str attributes_json; /* the item's attributes, JSON object or empty */
  int64_t created_at_unix_ms;
} sb_candidate;

typedef struct sb_rule_input {
  uint32_t struct_size;
  sb_str user_id;
  sb_str user_attributes_json; /* JSON object or empty */
  const sb_user_event* history; /* newest first */
  size_t history_count;
  sb_str context_json;          /* request context as a JSON object */
  const sb_candidate* const* candidates; /* ordered best first */
  size_t candidate_count;
  uint32_t limit;               /* how many the caller finally wants */
  int64_t now_unix_ms;
} sb_rule_input;

/* Output sink: emit the candidates to keep, in the new order, by their index in the
 * input, with their (possibly changed) score. Not emitting one drops it. */
typedef struct sb_rule_out {
  uint32_t struct_size;
  void* host_data;
  void (*emit)(void* host_data, size_t input_index, double score);
} sb_rule_out;

typedef struct sb_rule_v1 {
  uint32_t struct_size;
  sb_status (*apply)(void* instance, sb_call* call, const sb_rule_input* input, const sb_rule_out* out);
} sb_rule_v1;

/* ---------------------------------------------------------- descriptors */

typedef struct sb_plugin_descriptor {
  uint32_t struct_size;
  const char* id;          /* unique across loaded libraries, e.g. "smtp" */
  const char* version;     /* the plugin's own version, e.g. "1.2.0" */
  const char* kind;        /* SB_KIND_* */
  const char* description; /* one line */
  const sb_config_field* config_schema; /* `config_field_count` elements; index with SB_ARRAY_AT */
  size_t config_field_count;
  uint32_t threading;      /* SB_THREADING_* */
  uint32_t flags;          /* SB_FLAG_* */

  /* Create an instance from a validated config. On success store an opaque pointer in
   * *instance and return SB_OK; otherwise return SB_INVALID_CONFIG (reason on `call`)
   * or SB_INTERNAL. `host` stays valid until destroy(). Called on any one thread. */
  sb_status (*create)(const sb_host* host, const sb_config* config, sb_call* call, void** instance);
  /* Destroy an instance; no other call on it is running or will follow. Never fails. */
  void (*destroy)(void* instance);
  /* The table for `interface_id` (an SB_INTERFACE_* id), or NULL. Static storage;
   * may be called at any time from any thread. */
  const void* (*get_interface)(const char* interface_id);
  /* Optional (NULL): is the instance able to work (credentials valid, peer reachable)?
   * Cheap; called periodically from a host thread. */
  sb_status (*health)(void* instance, sb_call* call);
} sb_plugin_descriptor;

typedef struct sb_library {
  uint32_t struct_size;
  uint16_t abi_major;      /* SB_ABI_MAJOR the library was built with */
  uint16_t abi_minor;      /* SB_ABI_MINOR the library was built with */
  uint16_t min_host_minor; /* the lowest host minor this library needs (for major == 1) */
  uint16_t reserved;
  const sb_plugin_descriptor* const* plugins;
  size_t plugin_count;
} sb_library;

/* The entry point, exported as SB_ENTRY_SYMBOL. Called once, on the loading thread,
 * right after dlopen() and before anything else; must do no work besides returning
 * static data. Returns NULL to decline loading into this host. */
typedef const sb_library* (*sb_library_entry_fn)(uint16_t host_abi_major, uint16_t host_abi_minor);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* SWITCHBOARD_PLUGIN_H */
