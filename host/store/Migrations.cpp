// The schema, as an ordered list of migrations.
//
// Rules for every migration:
// - Every domain table is keyed by tenant_id (TEXT NOT NULL REFERENCES tenants(id) ON
//   DELETE CASCADE), and every index that serves a query starts with tenant_id: one
//   tenant's rows are never reachable without naming the tenant.
// - Timestamps are BIGINT Unix milliseconds (UTC); no DATE/TIMESTAMP types.
// - A released migration is never edited: add a new one. Versions are consecutive.
// - Write SQL both backends accept when you can (TEXT, INTEGER, BIGINT, REFERENCES);
//   give each dialect its own text only where they differ.
// - One function per migration below, appended to allMigrations() in order.
#include "store/Migrations.hpp"

namespace sb::store {
namespace {

Migration authTables() {
  const std::string sql = R"sql(
CREATE TABLE tenants (
  id          TEXT PRIMARY KEY,
  name        TEXT NOT NULL,
  is_operator INTEGER NOT NULL DEFAULT 0,
  created_at  BIGINT NOT NULL
);
CREATE TABLE api_keys (
  id           TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  name         TEXT NOT NULL,
  role         TEXT NOT NULL,
  secret_hash  TEXT NOT NULL,
  created_at   BIGINT NOT NULL,
  revoked_at   BIGINT,
  last_used_at BIGINT
);
CREATE INDEX api_keys_tenant_id ON api_keys (tenant_id);
)sql";
  return {1, "auth tables", sql, sql};
}

// Recipients, their push devices, and versioned templates.
Migration recipientAndTemplateTables() {
  const std::string sql = R"sql(
CREATE TABLE users (
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id          TEXT NOT NULL,
  email       TEXT,
  phone       TEXT,
  locale      TEXT,
  timezone    TEXT,
  preferences TEXT NOT NULL DEFAULT '{}',
  attributes  TEXT NOT NULL DEFAULT '{}',
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE TABLE user_devices (
  tenant_id  TEXT NOT NULL,
  user_id    TEXT NOT NULL,
  token      TEXT NOT NULL,
  platform   TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, user_id, token),
  FOREIGN KEY (tenant_id, user_id) REFERENCES users (tenant_id, id) ON DELETE CASCADE
);
CREATE TABLE templates (
  tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  template_key TEXT NOT NULL,
  version      INTEGER NOT NULL,
  definition   TEXT NOT NULL,
  deleted      INTEGER NOT NULL DEFAULT 0,
  created_at   BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, template_key, version)
);
)sql";
  return {2, "recipients and templates", sql, sql};
}

// Notifications, one delivery per channel (the queue), attempts, idempotency records.
// An attempt's number restarts when a dead delivery is retried through the API, so
// attempts have their own id.
// The delivery queue is the one cross-tenant reader: dispatchers claim due rows of every
// tenant, so its claim index starts with status, not tenant_id.
Migration notificationTables() {
  const std::string common = R"sql(
CREATE TABLE notifications (
  tenant_id        TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id               TEXT NOT NULL,
  user_id          TEXT NOT NULL,
  template_key     TEXT,
  template_version INTEGER,
  category         TEXT,
  priority         TEXT NOT NULL,
  data             TEXT,
  send_at          BIGINT NOT NULL,
  expires_at       BIGINT,
  idempotency_key  TEXT,
  cancelled        INTEGER NOT NULL DEFAULT 0,
  created_at       BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX notifications_by_user ON notifications (tenant_id, user_id, id);
CREATE TABLE deliveries (
  id                  TEXT PRIMARY KEY,
  tenant_id           TEXT NOT NULL,
  notification_id     TEXT NOT NULL,
  user_id             TEXT NOT NULL,
  channel             TEXT NOT NULL,
  recipient           TEXT NOT NULL,
  content             TEXT NOT NULL,
  status              TEXT NOT NULL,
  priority_rank       INTEGER NOT NULL,
  due_at              BIGINT NOT NULL,
  expires_at          BIGINT,
  attempts            INTEGER NOT NULL DEFAULT 0,
  locked_until        BIGINT,
  locked_by           TEXT,
  provider_instance   TEXT,
  provider_message_id TEXT,
  reason              TEXT,
  last_error          TEXT,
  created_at          BIGINT NOT NULL,
  updated_at          BIGINT NOT NULL,
  FOREIGN KEY (tenant_id, notification_id) REFERENCES notifications (tenant_id, id) ON DELETE CASCADE
);
CREATE INDEX deliveries_claim ON deliveries (status, priority_rank, due_at);
CREATE INDEX deliveries_due ON deliveries (status, due_at);
CREATE INDEX deliveries_leases ON deliveries (status, locked_until);
CREATE INDEX deliveries_by_notification ON deliveries (tenant_id, notification_id);
CREATE INDEX deliveries_by_provider_message ON deliveries (provider_instance, provider_message_id);
CREATE INDEX deliveries_by_user_channel ON deliveries (tenant_id, user_id, channel, created_at);
CREATE TABLE idempotency_keys (
  tenant_id       TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  idem_key        TEXT NOT NULL,
  request_hash    TEXT NOT NULL,
  notification_id TEXT NOT NULL,
  created_at      BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, idem_key)
);
)sql";
  const std::string sqliteAttempts = R"sql(
CREATE TABLE delivery_attempts (
  id                INTEGER PRIMARY KEY AUTOINCREMENT,
  delivery_id       TEXT NOT NULL,
  attempt           INTEGER NOT NULL,
  tenant_id         TEXT NOT NULL,
  provider_instance TEXT NOT NULL,
  started_at        BIGINT NOT NULL,
  latency_ms        REAL NOT NULL,
  result            TEXT NOT NULL,
  error             TEXT
);
CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (tenant_id, delivery_id);
)sql";
  const std::string postgresAttempts = R"sql(
CREATE TABLE delivery_attempts (
  id                BIGSERIAL PRIMARY KEY,
  delivery_id       TEXT NOT NULL,
  attempt           INTEGER NOT NULL,
  tenant_id         TEXT NOT NULL,
  provider_instance TEXT NOT NULL,
  started_at        BIGINT NOT NULL,
  latency_ms        DOUBLE PRECISION NOT NULL,
  result            TEXT NOT NULL,
  error             TEXT
);
CREATE INDEX delivery_attempts_by_delivery ON delivery_attempts (tenant_id, delivery_id);
)sql";
  return {3, "notifications and the delivery queue", common + sqliteAttempts, common + postgresAttempts};
}

// The in-app inbox: one row per in-app notification, in arrival order (seq). Rows go with
// their notification (and its tenant). The partial index keeps unread counts cheap however
// long a user's history grows.
Migration inboxTable() {
  auto table = [](const std::string& seqColumn) {
    return R"sql(
CREATE TABLE inbox (
  seq             )sql" + seqColumn + R"sql(,
  tenant_id       TEXT NOT NULL,
  user_id         TEXT NOT NULL,
  notification_id TEXT NOT NULL,
  title           TEXT NOT NULL,
  body            TEXT NOT NULL,
  data            TEXT,
  category        TEXT,
  created_at      BIGINT NOT NULL,
  delivered_at    BIGINT,
  read_at         BIGINT,
  archived_at     BIGINT,
  FOREIGN KEY (tenant_id, notification_id) REFERENCES notifications (tenant_id, id) ON DELETE CASCADE
);
CREATE UNIQUE INDEX inbox_by_notification ON inbox (tenant_id, notification_id);
CREATE INDEX inbox_by_user ON inbox (tenant_id, user_id, seq);
CREATE INDEX inbox_unread ON inbox (tenant_id, user_id) WHERE read_at IS NULL AND archived_at IS NULL;
)sql";
  };
  return {4, "in-app inbox", table("INTEGER PRIMARY KEY AUTOINCREMENT"), table("BIGSERIAL PRIMARY KEY")};
}

// Recommendations: the item catalog and the interaction log. Events keep their raw type
// and value and the weight computed when they arrived (config may change later; training
// reads the stored weight). Items deleted from the catalog keep their events.
Migration catalogAndEventTables() {
  auto tables = [](const std::string& idColumn, const std::string& real) {
    return R"sql(
CREATE TABLE items (
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  id          TEXT NOT NULL,
  title       TEXT NOT NULL DEFAULT '',
  category    TEXT NOT NULL DEFAULT '',
  tags        TEXT NOT NULL DEFAULT '[]',
  attributes  TEXT NOT NULL DEFAULT '{}',
  created_at  BIGINT NOT NULL,
  updated_at  BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX items_by_category ON items (tenant_id, category, id);
CREATE TABLE events (
  id          )sql" + idColumn + R"sql(,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  user_id     TEXT NOT NULL,
  item_id     TEXT NOT NULL,
  type        TEXT NOT NULL,
  value       )sql" + real + R"sql(,
  weight      )sql" + real + R"sql( NOT NULL,
  occurred_at BIGINT NOT NULL,
  received_at BIGINT NOT NULL
);
CREATE INDEX events_by_user ON events (tenant_id, user_id, occurred_at);
CREATE INDEX events_by_time ON events (tenant_id, occurred_at);
CREATE INDEX events_by_item ON events (tenant_id, item_id, occurred_at);
)sql";
  };
  return {5, "item catalog and interaction events", tables("INTEGER PRIMARY KEY AUTOINCREMENT", "REAL"),
          tables("BIGSERIAL PRIMARY KEY", "DOUBLE PRECISION")};
}

// Trained models, versioned per tenant and recommender (bytes as base64 text: one portable
// type on both stores), and the asynchronous jobs that train and refresh.
Migration modelAndJobTables() {
  const std::string sql = R"sql(
CREATE TABLE models (
  tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  recommender  TEXT NOT NULL,
  version      INTEGER NOT NULL,
  model        TEXT NOT NULL,
  metrics      TEXT NOT NULL DEFAULT '{}',
  active       INTEGER NOT NULL DEFAULT 0,
  trained_at   BIGINT NOT NULL,
  PRIMARY KEY (tenant_id, recommender, version)
);
CREATE TABLE jobs (
  id           TEXT PRIMARY KEY,
  tenant_id    TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  kind         TEXT NOT NULL,
  target       TEXT NOT NULL,
  status       TEXT NOT NULL,
  error        TEXT,
  result       TEXT,
  created_at   BIGINT NOT NULL,
  started_at   BIGINT,
  finished_at  BIGINT
);
CREATE INDEX jobs_by_tenant ON jobs (tenant_id, created_at);
)sql";
  return {6, "recommender models and jobs", sql, sql};
}

// A/B experiments: each list served under an experiment (an impression) and its items, so
// clicks (a later event of that user on one of the items) can be counted per variant.
Migration impressionTables() {
  auto tables = [](const std::string& idColumn) {
    return R"sql(
CREATE TABLE impressions (
  id          )sql" + idColumn + R"sql(,
  tenant_id   TEXT NOT NULL REFERENCES tenants(id) ON DELETE CASCADE,
  experiment  TEXT NOT NULL,
  variant     TEXT NOT NULL,
  user_id     TEXT NOT NULL,
  shown_at    BIGINT NOT NULL
);
CREATE INDEX impressions_by_experiment ON impressions (tenant_id, experiment, variant);
CREATE TABLE impression_items (
  impression_id BIGINT NOT NULL,
  tenant_id     TEXT NOT NULL,
  user_id       TEXT NOT NULL,
  item_id       TEXT NOT NULL,
  shown_at      BIGINT NOT NULL
);
CREATE INDEX impression_items_by_impression ON impression_items (impression_id);
CREATE INDEX impression_items_by_user_item ON impression_items (tenant_id, user_id, item_id);
)sql";
  };
  return {7, "experiment impressions", tables("INTEGER PRIMARY KEY AUTOINCREMENT"), tables("BIGSERIAL PRIMARY KEY")};
}

}  // namespace

const std::vector<Migration>& allMigrations() {
  static const std::vector<Migration> migrations = {
      authTables(),
      recipientAndTemplateTables(),
      notificationTables(),
      inboxTable(),
      catalogAndEventTables(),
      modelAndJobTables(),
      impressionTables(),
  };
  return migrations;
}

}  // namespace sb::store
