#include "store/StoreUrl.hpp"

#include "core/PercentDecode.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <map>
#include <vector>

#include "store/StoreError.hpp"

namespace sb::store {
namespace {

constexpr std::string_view kSqlitePrefix = "sqlite:";
constexpr std::array<std::string_view, 2> kPostgresSchemes = {"postgresql://", "postgres://"};

// libpq keywords accepted as query parameters. Anything else is most likely a typo
// (`sslmod=require` would otherwise silently connect without TLS).
constexpr std::array<std::string_view, 22> kLibpqKeywords = {
    "host", "hostaddr", "port", "dbname", "user", "password", "passfile", "sslmode",
    "sslrootcert", "sslcert", "sslkey", "sslcrl", "sslpassword", "connect_timeout",
    "application_name", "target_session_attrs", "keepalives", "keepalives_idle",
    "keepalives_interval", "keepalives_count", "tcp_user_timeout", "channel_binding"};

[[noreturn]] void fail(const std::string& what) { throw StoreError("store.url: " + what); }

// `component` names the part in the error; the text itself is never quoted (it may be
// the password).
std::string percentDecode(std::string_view text, std::string_view component) {
  auto decoded = sb::percentDecode(text);
  if (!decoded) fail("bad percent-encoding in the " + std::string(component));
  return *decoded;
}

bool isKnownKeyword(std::string_view key) {
  return std::find(kLibpqKeywords.begin(), kLibpqKeywords.end(), key) != kLibpqKeywords.end();
}

void checkPort(const std::string& port) {
  const bool digits = !port.empty() && port.size() <= 5 &&
                      std::all_of(port.begin(), port.end(), [](unsigned char c) { return std::isdigit(c); });
  if (!digits || std::stoi(port) < 1 || std::stoi(port) > 65535)
    fail("invalid PostgreSQL port '" + port + "'");
}

// libpq keyword/value quoting: 'value' with \ and ' backslash-escaped. Poco 1.11's
// PostgreSQL session re-splits the connection string on spaces before handing it to
// libpq, so a value containing whitespace cannot be passed at all: refuse it clearly.
std::string quoteLibpqValue(const std::string& key, const std::string& value) {
  if (std::any_of(value.begin(), value.end(), [](unsigned char c) { return std::isspace(c); }))
    fail("the PostgreSQL " + key + " may not contain whitespace (Poco::Data limitation)");
  std::string out = "'";
  for (char c : value) {
    if (c == '\\' || c == '\'') out += '\\';
    out += c;
  }
  return out + "'";
}

struct Authority {
  std::string user, password, host, port;
  bool hasPassword = false;
  std::string redacted;  // the authority as written, password replaced by ***
};

Authority parseAuthority(std::string_view raw) {
  Authority a;
  std::string_view hostPort = raw;
  const size_t at = raw.rfind('@');
  if (at != std::string_view::npos) {
    const std::string_view userInfo = raw.substr(0, at);
    hostPort = raw.substr(at + 1);
    const size_t colon = userInfo.find(':');
    a.user = percentDecode(userInfo.substr(0, colon), "user name");
    a.redacted = std::string(userInfo.substr(0, colon));
    if (colon != std::string_view::npos) {
      a.hasPassword = true;
      a.password = percentDecode(userInfo.substr(colon + 1), "password");
      a.redacted += ":***";
    }
    a.redacted += '@';
  }
  a.redacted += std::string(hostPort);

  std::string_view portText;
  if (!hostPort.empty() && hostPort.front() == '[') {  // [IPv6]:port
    const size_t close = hostPort.find(']');
    if (close == std::string_view::npos) fail("unterminated [IPv6] host");
    a.host = std::string(hostPort.substr(1, close - 1));
    if (close + 1 < hostPort.size()) {
      if (hostPort[close + 1] != ':') fail("unexpected text after the [IPv6] host");
      portText = hostPort.substr(close + 2);
    }
  } else {
    const size_t colon = hostPort.rfind(':');
    a.host = percentDecode(hostPort.substr(0, colon), "host");
    if (colon != std::string_view::npos) portText = hostPort.substr(colon + 1);
  }
  a.port = std::string(portText);
  if (!a.port.empty()) checkPort(a.port);
  return a;
}

}  // namespace

StoreUrl StoreUrl::parse(std::string_view url) {
  if (url.starts_with(kSqlitePrefix)) return parseSqlite(url.substr(kSqlitePrefix.size()));
  for (std::string_view scheme : kPostgresSchemes)
    if (url.starts_with(scheme)) return parsePostgres(url, url.substr(scheme.size()));
  fail("expected sqlite:PATH or postgresql://user:password@host:port/dbname");
}

StoreUrl StoreUrl::parseSqlite(std::string_view rest) {
  if (rest.empty()) fail("sqlite: needs a file path (or :memory:)");
  StoreUrl u;
  u.dialect_ = Dialect::Sqlite;
  u.connector_ = "sqlite";
  u.sqlitePath_ = std::string(rest);
  u.connectionString_ = u.sqlitePath_;
  u.redacted_ = "sqlite:" + u.sqlitePath_;
  return u;
}

StoreUrl StoreUrl::parsePostgres(std::string_view url, std::string_view afterScheme) {
  const std::string_view scheme = url.substr(0, url.size() - afterScheme.size());
  const size_t authorityEnd = std::min(afterScheme.find('/'), afterScheme.find('?'));
  const std::string_view authorityText = afterScheme.substr(0, authorityEnd);
  std::string_view rest =
      authorityEnd == std::string_view::npos ? std::string_view{} : afterScheme.substr(authorityEnd);

  std::string_view pathText, queryText;
  const size_t question = rest.find('?');
  pathText = rest.substr(0, question);
  if (question != std::string_view::npos) queryText = rest.substr(question + 1);
  if (pathText.starts_with('/')) pathText.remove_prefix(1);

  const Authority authority = parseAuthority(authorityText);
  std::map<std::string, std::string> keywords;  // ordered: a stable connection string
  if (!authority.host.empty()) keywords["host"] = authority.host;
  if (!authority.port.empty()) keywords["port"] = authority.port;
  if (!authority.user.empty()) keywords["user"] = authority.user;
  if (authority.hasPassword) keywords["password"] = authority.password;
  const std::string dbname = percentDecode(pathText, "database name");
  if (!dbname.empty()) keywords["dbname"] = dbname;

  std::string redactedQuery;
  while (!queryText.empty()) {
    const size_t amp = queryText.find('&');
    const std::string_view pair = queryText.substr(0, amp);
    queryText = amp == std::string_view::npos ? std::string_view{} : queryText.substr(amp + 1);
    if (pair.empty()) continue;
    const size_t eq = pair.find('=');
    if (eq == std::string_view::npos) fail("a query parameter lacks '='");
    const std::string key = percentDecode(pair.substr(0, eq), "query");
    if (!isKnownKeyword(key)) fail("unknown PostgreSQL parameter '" + key + "'");
    const std::string value = percentDecode(pair.substr(eq + 1), key);
    if (key == "port") checkPort(value);
    keywords[key] = value;
    redactedQuery += redactedQuery.empty() ? "?" : "&";
    redactedQuery += key == "password" ? key + "=***" : std::string(pair);
  }
  // Defaults that suit a server: a bounded connect (libpq waits forever otherwise) and a
  // name that shows up in pg_stat_activity.
  keywords.try_emplace("connect_timeout", "10");
  keywords.try_emplace("application_name", "switchboard");

  StoreUrl u;
  u.dialect_ = Dialect::Postgres;
  u.connector_ = "postgresql";
  for (const auto& [key, value] : keywords) {
    if (!u.connectionString_.empty()) u.connectionString_ += ' ';
    u.connectionString_ += key + "=" + quoteLibpqValue(key, value);
  }
  if (auto it = keywords.find("password"); it != keywords.end()) u.password_ = it->second;
  u.redacted_ = std::string(scheme) + authority.redacted;
  if (!pathText.empty()) u.redacted_ += "/" + std::string(pathText);
  u.redacted_ += redactedQuery;
  return u;
}

std::string StoreUrl::scrub(std::string text) const {
  auto replaceAll = [&text](const std::string& secret) {
    if (secret.empty()) return;
    for (size_t pos = text.find(secret); pos != std::string::npos; pos = text.find(secret, pos + 3))
      text.replace(pos, secret.size(), "***");
  };
  if (dialect_ == Dialect::Postgres) replaceAll(connectionString_);
  replaceAll(password_);
  return text;
}

}  // namespace sb::store
