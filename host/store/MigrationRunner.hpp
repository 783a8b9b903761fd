// MigrationRunner: applies Migrations to a database and records them in schema_migrations.
#pragma once

#include <vector>

#include "store/Migrations.hpp"

namespace sb::store {

class Lease;

// Applies, in order, each migration newer than the database's version, each in its own
// transaction together with its row in schema_migrations(version, name, applied_at).
// Safe when several instances start at once: PostgreSQL serialises them with a session
// advisory lock; on SQLite each migration re-checks its row under BEGIN IMMEDIATE.
// Throws StoreError when the database is newer than `migrations` (an older binary must not
// run against a newer schema) or when a migration fails (that migration is rolled back).
// Returns how many migrations ran.
int applyMigrations(Lease& lease, const std::vector<Migration>& migrations);

// The highest applied version; 0 when schema_migrations does not exist yet.
int schemaVersion(Lease& lease);

// The version of the last migration; 0 for none.
int latestVersion(const std::vector<Migration>& migrations);

// StoreError with a clear message when `current` is newer than this binary knows.
void requireNotNewer(int current, int known);

}  // namespace sb::store
