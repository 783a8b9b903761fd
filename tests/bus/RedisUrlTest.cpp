// RedisUrl: the forms we accept, and errors that say what is wrong without leaking the password.
#include <gtest/gtest.h>

#include "bus/RedisUrl.hpp"

using sb::bus::parseRedisUrl;
using sb::bus::RedisUrl;

namespace {

// The message of the std::invalid_argument thrown for `url` ("" if none was thrown).
std::string errorFor(const std::string& url) {
  try {
    parseRedisUrl(url);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(RedisUrl, HostAloneTakesDefaultPortAndDatabase) {
  const RedisUrl url = parseRedisUrl("redis://cache.internal");
  EXPECT_EQ(url.host, "cache.internal");
  EXPECT_EQ(url.port, 6379);
  EXPECT_EQ(url.db, 0);
  EXPECT_EQ(url.password, "");
  EXPECT_EQ(url.describe(), "redis cache.internal:6379/0");
}

TEST(RedisUrl, ReadsPortDatabaseAndPassword) {
  const RedisUrl url = parseRedisUrl("redis://:s3cret@127.0.0.1:6380/2");
  EXPECT_EQ(url.host, "127.0.0.1");
  EXPECT_EQ(url.port, 6380);
  EXPECT_EQ(url.db, 2);
  EXPECT_EQ(url.password, "s3cret");
  EXPECT_EQ(url.describe(), "redis 127.0.0.1:6380/2");
}

TEST(RedisUrl, AcceptsTheDefaultUserTrailingSlashAndUpperCaseScheme) {
  EXPECT_EQ(parseRedisUrl("redis://default:pw@h").password, "pw");
  EXPECT_EQ(parseRedisUrl("redis://h/").db, 0);
  EXPECT_EQ(parseRedisUrl("REDIS://h:1").port, 1);
}

TEST(RedisUrl, DecodesThePasswordAndToleratesUnencodedSpecialCharacters) {
  EXPECT_EQ(parseRedisUrl("redis://:p%40ss%3Aw%2Fd@h").password, "p@ss:w/d");
  // The last '@' ends the password.
  EXPECT_EQ(parseRedisUrl("redis://:a@b:c/d@h:7/1").password, "a@b:c/d");
  EXPECT_EQ(parseRedisUrl("redis://:a@b:c/d@h:7/1").port, 7);
}

TEST(RedisUrl, ReadsBracketedIpv6Hosts) {
  const RedisUrl url = parseRedisUrl("redis://[::1]:7000/3");
  EXPECT_EQ(url.host, "::1");
  EXPECT_EQ(url.port, 7000);
  EXPECT_EQ(url.describe(), "redis [::1]:7000/3");
  EXPECT_EQ(parseRedisUrl("redis://[fe80::1]").port, 6379);
}

TEST(RedisUrl, DescribeNeverShowsThePassword) {
  EXPECT_EQ(parseRedisUrl("redis://:hunter2@h").describe().find("hunter2"), std::string::npos);
}

TEST(RedisUrl, RefusesTlsWithAClearReason) {
  const std::string error = errorFor("rediss://:pw@h:6380");
  EXPECT_NE(error.find("rediss://"), std::string::npos) << error;
  EXPECT_NE(error.find("TLS"), std::string::npos) << error;
}

TEST(RedisUrl, RefusesMalformedUrlsNamingThePart) {
  EXPECT_NE(errorFor("").find("empty"), std::string::npos);
  EXPECT_NE(errorFor("localhost:6379").find("must start with redis://"), std::string::npos);
  EXPECT_NE(errorFor("http://h").find("unsupported scheme 'http://'"), std::string::npos);
  EXPECT_NE(errorFor("redis://").find("missing host"), std::string::npos);
  EXPECT_NE(errorFor("redis://:pw@:6379").find("missing host"), std::string::npos);
  EXPECT_NE(errorFor("redis://h:").find("empty port"), std::string::npos);
  EXPECT_NE(errorFor("redis://h:0").find("invalid port '0'"), std::string::npos);
  EXPECT_NE(errorFor("redis://h:65536").find("invalid port"), std::string::npos);
  EXPECT_NE(errorFor("redis://h:12ab").find("invalid port"), std::string::npos);
  EXPECT_NE(errorFor("redis://h/x").find("invalid database number 'x'"), std::string::npos);
  EXPECT_NE(errorFor("redis://h/-1").find("invalid database number"), std::string::npos);
  EXPECT_NE(errorFor("redis://h/0?timeout=3").find("query parameters"), std::string::npos);
  EXPECT_NE(errorFor("redis://[::1").find("IPv6"), std::string::npos);
  EXPECT_NE(errorFor("redis://[::1]x").find("IPv6"), std::string::npos);
}

TEST(RedisUrl, RefusesUsersOtherThanDefaultAndAPasswordWithoutColon) {
  EXPECT_NE(errorFor("redis://alice:pw@h").find("ACL users are not supported"), std::string::npos);
  EXPECT_NE(errorFor("redis://justapassword@h").find("after a colon"), std::string::npos);
}

TEST(RedisUrl, ErrorsNeverQuoteThePassword) {
  for (const char* url : {"redis://:topsecret%zz@h", "redis://:topsecret@h:bad", "redis://:topsecret@h/x",
                                 "redis://:topsecret@h?x=1", "rediss://:topsecret@h", "topsecret@h",
                                 "redis://bob:topsecret@h"}) {
    const std::string error = errorFor(url);
    EXPECT_FALSE(error.empty()) << url;
    EXPECT_EQ(error.find("topsecret"), std::string::npos) << error;
  }
}
