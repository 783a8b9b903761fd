#include <gtest/gtest.h>

#include "store/Dialect.hpp"

using sb::store::Dialect;
using sb::store::toDialectSql;

TEST(Dialect, SqliteKeepsQuestionMarks) {
  EXPECT_EQ(toDialectSql("SELECT * FROM t WHERE a = ? AND b = ?", Dialect::Sqlite),
            "SELECT * FROM t WHERE a = ? AND b = ?");
}

TEST(Dialect, PostgresNumbersPlaceholdersInOrder) {
  EXPECT_EQ(toDialectSql("INSERT INTO t (a, b, c) VALUES (?, ?, ?)", Dialect::Postgres),
            "INSERT INTO t (a, b, c) VALUES ($1, $2, $3)");
}

TEST(Dialect, PostgresLeavesQuestionMarksInsideStringLiterals) {
  EXPECT_EQ(toDialectSql("SELECT '?' || ? FROM t WHERE x = 'what?' AND y = ?", Dialect::Postgres),
            "SELECT '?' || $1 FROM t WHERE x = 'what?' AND y = $2");
}

TEST(Dialect, PostgresHandlesEscapedQuotesInLiterals) {
  // '' is an escaped quote: the literal continues past it.
  EXPECT_EQ(toDialectSql("SELECT 'it''s ?', ?", Dialect::Postgres), "SELECT 'it''s ?', $1");
}

TEST(Dialect, PostgresLeavesQuestionMarksInsideQuotedIdentifiers) {
  EXPECT_EQ(toDialectSql("SELECT \"odd?name\" FROM t WHERE id = ?", Dialect::Postgres),
            "SELECT \"odd?name\" FROM t WHERE id = $1");
}

TEST(Dialect, PostgresCountsPastNine) {
  EXPECT_EQ(toDialectSql("?,?,?,?,?,?,?,?,?,?,?", Dialect::Postgres), "$1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11");
}

TEST(Dialect, NamesTheBackends) {
  EXPECT_EQ(sb::store::dialectName(Dialect::Sqlite), "sqlite");
  EXPECT_EQ(sb::store::dialectName(Dialect::Postgres), "postgresql");
}
