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

}  // namespace

const std::vector<Migration>& allMigrations() {
  static const std::vector<Migration> migrations = {
      authTables(),
  };
  return migrations;
}

}  // namespace sb::store
