// MultiRow: "(?, ?, ?), (?, ?, ?)" for a multi-row INSERT / VALUES list. One statement for
// many rows instead of one per row: Poco prepares every statement (a round trip on
// PostgreSQL), so row-at-a-time writes cost most of a batch's time.
#pragma once

#include <cstddef>
#include <string>

namespace sb::store {

inline std::string valuesPlaceholders(std::size_t rows, std::size_t columns) {
  std::string tuple = "(";
  for (std::size_t c = 0; c < columns; ++c) tuple += c ? ", ?" : "?";
  tuple += ")";
  std::string out;
  out.reserve(rows * (tuple.size() + 2));
  for (std::size_t r = 0; r < rows; ++r) {
    if (r) out += ", ";
    out += tuple;
  }
  return out;
}

// "?, ?, ?" for an IN (...) list of n values.
inline std::string listPlaceholders(std::size_t n) {
  std::string out;
  out.reserve(n * 3);
  for (std::size_t i = 0; i < n; ++i) out += i ? ", ?" : "?";
  return out;
}

// Rows per statement: keeps the parameter count well under PostgreSQL's 65535 and
// SQLite's 32766 limits whatever the column count.
inline constexpr std::size_t kRowsPerStatement = 200;

// The most parameters one statement may carry. Not the servers' limits but libpq's: Debian
// 12's libpq (15) drops the connection ("lost synchronization with server: got message type
// "t"") when a statement's parameter description is over 30,000 bytes, 4 bytes a parameter.
inline constexpr std::size_t kMaxParametersPerStatement = 7000;

// Rows of `columns` parameters that fit in one statement.
inline constexpr std::size_t rowsPerStatement(std::size_t columns) { return kMaxParametersPerStatement / columns; }

}  // namespace sb::store
