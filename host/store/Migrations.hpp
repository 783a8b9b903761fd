// Migrations: the versioned schema of the store, one entry per change, in order.
#pragma once

#include <string>
#include <vector>

namespace sb::store {

// One schema change. Each dialect's SQL may hold several statements (it runs as a script,
// in one transaction with the row recording it).
struct Migration {
  int version;       // 1, 2, 3, ... never reused, never edited once released
  std::string name;  // short, for logs: "auth tables"
  std::string sqlite;
  std::string postgres;
};

// Every migration this binary knows, in ascending version order.
const std::vector<Migration>& allMigrations();

}  // namespace sb::store
