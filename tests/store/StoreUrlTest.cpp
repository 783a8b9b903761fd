#include <gtest/gtest.h>

#include "store/StoreError.hpp"
#include "store/StoreUrl.hpp"

using sb::store::Dialect;
using sb::store::StoreError;
using sb::store::StoreUrl;

namespace {

// The StoreError message for a URL that fails to parse.
std::string parseError(const std::string& url) {
  try {
    StoreUrl::parse(url);
  } catch (const StoreError& e) {
    return e.what();
  }
  return "<parsed>";
}

}  // namespace

TEST(StoreUrl, ParsesASqlitePath) {
  const StoreUrl url = StoreUrl::parse("sqlite:var/switchboard.db");
  EXPECT_EQ(url.dialect(), Dialect::Sqlite);
  EXPECT_EQ(url.connector(), "sqlite");
  EXPECT_EQ(url.sqlitePath(), "var/switchboard.db");
  EXPECT_EQ(url.connectionString(), "var/switchboard.db");
  EXPECT_EQ(url.redacted(), "sqlite:var/switchboard.db");
  EXPECT_FALSE(url.inMemory());
}

TEST(StoreUrl, ParsesSqliteMemory) {
  const StoreUrl url = StoreUrl::parse("sqlite::memory:");
  EXPECT_TRUE(url.inMemory());
  EXPECT_EQ(url.sqlitePath(), ":memory:");
}

TEST(StoreUrl, RefusesAnEmptySqlitePath) {
  EXPECT_NE(parseError("sqlite:").find("file path"), std::string::npos);
}

TEST(StoreUrl, RefusesUnknownSchemes) {
  EXPECT_NE(parseError("mysql://u:p@h/db").find("expected sqlite:PATH or postgresql://"), std::string::npos);
}

TEST(StoreUrl, ParsesAFullPostgresUrl) {
  const StoreUrl url = StoreUrl::parse(
      "postgresql://app:s3cret@db.example.com:6432/switchboard?sslmode=require&connect_timeout=5");
  EXPECT_EQ(url.dialect(), Dialect::Postgres);
  EXPECT_EQ(url.connector(), "postgresql");
  EXPECT_EQ(url.connectionString(),
            "application_name='switchboard' connect_timeout='5' dbname='switchboard' "
            "host='db.example.com' password='s3cret' port='6432' sslmode='require' user='app'");
}

TEST(StoreUrl, AcceptsThePostgresSchemeAlias) {
  EXPECT_EQ(StoreUrl::parse("postgres://u@h/db").dialect(), Dialect::Postgres);
}

TEST(StoreUrl, PercentDecodesAndEscapesValues) {
  const StoreUrl url = StoreUrl::parse("postgresql://us%40er:p%27a%5Css%3A%2F@h:5432/my%2Ddb");
  EXPECT_NE(url.connectionString().find("user='us@er'"), std::string::npos);
  EXPECT_NE(url.connectionString().find(R"(password='p\'a\\ss:/')"), std::string::npos);
  EXPECT_NE(url.connectionString().find("dbname='my-db'"), std::string::npos);
}

TEST(StoreUrl, TakesAUnixSocketFolderAsHostParameter) {
  const StoreUrl url = StoreUrl::parse("postgresql://app@/switchboard?host=/run/postgresql");
  EXPECT_NE(url.connectionString().find("host='/run/postgresql'"), std::string::npos);
  EXPECT_EQ(url.connectionString().find("port="), std::string::npos);
}

TEST(StoreUrl, ParsesAnIpv6Host) {
  const StoreUrl url = StoreUrl::parse("postgresql://u@[::1]:5433/db");
  EXPECT_NE(url.connectionString().find("host='::1'"), std::string::npos);
  EXPECT_NE(url.connectionString().find("port='5433'"), std::string::npos);
}

TEST(StoreUrl, DefaultsTheConnectTimeoutAndApplicationName) {
  const StoreUrl url = StoreUrl::parse("postgresql://u@h/db");
  EXPECT_NE(url.connectionString().find("connect_timeout='10'"), std::string::npos);
  EXPECT_NE(url.connectionString().find("application_name='switchboard'"), std::string::npos);
}

TEST(StoreUrl, RefusesUnknownQueryParameters) {
  EXPECT_NE(parseError("postgresql://u@h/db?sslmod=require").find("unknown PostgreSQL parameter 'sslmod'"),
            std::string::npos);
}

TEST(StoreUrl, RefusesABadPort) {
  EXPECT_NE(parseError("postgresql://u@h:99999/db").find("invalid PostgreSQL port"), std::string::npos);
  EXPECT_NE(parseError("postgresql://u@h:abc/db").find("invalid PostgreSQL port"), std::string::npos);
}

TEST(StoreUrl, RefusesBadPercentEncodingWithoutQuotingThePassword) {
  const std::string error = parseError("postgresql://u:topsecret%zz@h/db");
  EXPECT_NE(error.find("bad percent-encoding in the password"), std::string::npos);
  EXPECT_EQ(error.find("topsecret"), std::string::npos);
}

TEST(StoreUrl, RefusesWhitespaceThatPocoWouldSplitOn) {
  const std::string error = parseError("postgresql://u:top%20secret@h/db");
  EXPECT_NE(error.find("password may not contain whitespace"), std::string::npos);
  EXPECT_EQ(error.find("secret"), std::string::npos);
}

TEST(StoreUrl, RedactsThePassword) {
  EXPECT_EQ(StoreUrl::parse("postgresql://app:s3cret@db:5432/sb?sslmode=require").redacted(),
            "postgresql://app:***@db:5432/sb?sslmode=require");
  EXPECT_EQ(StoreUrl::parse("postgres://app:s3cret@db/sb").redacted(), "postgres://app:***@db/sb");
  EXPECT_EQ(StoreUrl::parse("postgresql://app@db/sb").redacted(), "postgresql://app@db/sb");
}

TEST(StoreUrl, RedactsAPasswordGivenAsQueryParameter) {
  const StoreUrl url = StoreUrl::parse("postgresql://app@db/sb?password=s3cret&sslmode=disable");
  EXPECT_EQ(url.redacted(), "postgresql://app@db/sb?password=***&sslmode=disable");
  EXPECT_NE(url.connectionString().find("password='s3cret'"), std::string::npos);
}

TEST(StoreUrl, ScrubsThePasswordAndConnectionStringFromMessages) {
  const StoreUrl url = StoreUrl::parse("postgresql://app:s3cret@db/sb");
  EXPECT_EQ(url.scrub("auth failed for s3cret"), "auth failed for ***");
  EXPECT_EQ(url.scrub("cannot use " + url.connectionString()), "cannot use ***");
}
