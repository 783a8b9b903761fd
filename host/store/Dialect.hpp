// Dialect: the SQL flavour of the configured backend, and the one place where placeholder syntax differs.
#pragma once

#include <string>
#include <string_view>

namespace sb::store {

enum class Dialect { Sqlite, Postgres };

// "sqlite" | "postgresql", for logs and describe().
std::string_view dialectName(Dialect dialect);

// Queries are written once with `?` placeholders. SQLite takes them as they are;
// PostgreSQL wants `$1, $2, ...`. A `?` inside a single-quoted literal or a double-quoted
// identifier is left alone. (PostgreSQL's jsonb `?` operators cannot be written in
// portable SQL; use jsonb_exists() instead.)
std::string toDialectSql(std::string_view portableSql, Dialect dialect);

}  // namespace sb::store
