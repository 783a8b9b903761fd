#include "auth/AuthRepository.hpp"

#include "store/Database.hpp"
#include "store/Transaction.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

using namespace Poco::Data::Keywords;

namespace sb::auth {
namespace {

Role roleFrom(const std::string& text) { return parseRole(text).value_or(Role::Service); }

std::optional<int64_t> optionalInt(const Poco::Dynamic::Var& v) {
  if (v.isEmpty()) return std::nullopt;
  return v.convert<Poco::Int64>();
}

ApiKeyRecord keyFromRow(Poco::Data::RecordSet& rs) {
  ApiKeyRecord k;
  k.id = rs["id"].convert<std::string>();
  k.tenant_id = rs["tenant_id"].convert<std::string>();
  k.name = rs["name"].convert<std::string>();
  k.role = roleFrom(rs["role"].convert<std::string>());
  k.secret_hash = rs["secret_hash"].convert<std::string>();
  k.created_at = rs["created_at"].convert<Poco::Int64>();
  k.revoked_at = optionalInt(rs["revoked_at"]);
  k.last_used_at = optionalInt(rs["last_used_at"]);
  return k;
}

Tenant tenantFromRow(Poco::Data::RecordSet& rs) {
  Tenant t;
  t.id = rs["id"].convert<std::string>();
  t.name = rs["name"].convert<std::string>();
  t.is_operator = rs["is_operator"].convert<int>() != 0;
  t.created_at = rs["created_at"].convert<Poco::Int64>();
  return t;
}

constexpr const char* kKeyColumns =
    "SELECT id, tenant_id, name, role, secret_hash, created_at, revoked_at, last_used_at FROM api_keys";

void insertTenantOn(store::Database& db, Poco::Data::Session& s, const Tenant& t) {
  int op = t.is_operator ? 1 : 0;
  s << db.sql("INSERT INTO tenants (id, name, is_operator, created_at) VALUES (?, ?, ?, ?)"),
      bind(t.id), bind(t.name), bind(op), bind(static_cast<Poco::Int64>(t.created_at)), now;
}

void insertKeyOn(store::Database& db, Poco::Data::Session& s, const ApiKeyRecord& k) {
  s << db.sql("INSERT INTO api_keys (id, tenant_id, name, role, secret_hash, created_at) VALUES (?, ?, ?, ?, ?, ?)"),
      bind(k.id), bind(k.tenant_id), bind(k.name), bind(std::string(roleName(k.role))), bind(k.secret_hash),
      bind(static_cast<Poco::Int64>(k.created_at)), now;
}

}  // namespace

void AuthRepository::insertTenant(const Tenant& t) {
  auto lease = db_.acquire();
  store::translateErrors([&] { insertTenantOn(db_, lease.session(), t); });
}

void AuthRepository::insertTenantWithKey(const Tenant& t, const ApiKeyRecord& k) {
  auto lease = db_.acquire();
  store::translateErrors([&] {
    store::Transaction tx(lease);
    insertTenantOn(db_, lease.session(), t);
    insertKeyOn(db_, lease.session(), k);
    tx.commit();
  });
}

std::optional<Tenant> AuthRepository::findTenant(const std::string& id) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<Tenant> {
    std::string key = id;
    Poco::Data::Statement st(lease.session());
    st << db_.sql("SELECT id, name, is_operator, created_at FROM tenants WHERE id = ?"), use(key), now;
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    return tenantFromRow(rs);
  });
}

std::vector<Tenant> AuthRepository::listTenants() {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Poco::Data::Statement st(lease.session());
    st << db_.sql("SELECT id, name, is_operator, created_at FROM tenants ORDER BY id"), now;
    Poco::Data::RecordSet rs(st);
    std::vector<Tenant> out;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) out.push_back(tenantFromRow(rs));
    return out;
  });
}

void AuthRepository::insertKey(const ApiKeyRecord& k) {
  auto lease = db_.acquire();
  store::translateErrors([&] { insertKeyOn(db_, lease.session(), k); });
}

std::optional<ApiKeyRecord> AuthRepository::findKey(const std::string& id) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<ApiKeyRecord> {
    std::string key = id;
    Poco::Data::Statement st(lease.session());
    st << db_.sql(std::string(kKeyColumns) + " WHERE id = ?"), use(key), now;
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    return keyFromRow(rs);
  });
}

std::vector<ApiKeyRecord> AuthRepository::listKeys(const std::string& tenantId) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    std::string tenant = tenantId;
    Poco::Data::Statement st(lease.session());
    st << db_.sql(std::string(kKeyColumns) + " WHERE tenant_id = ? ORDER BY created_at, id"), use(tenant), now;
    Poco::Data::RecordSet rs(st);
    std::vector<ApiKeyRecord> out;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) out.push_back(keyFromRow(rs));
    return out;
  });
}

bool AuthRepository::revokeKey(const std::string& tenantId, const std::string& keyId, int64_t at) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Poco::Data::Statement st(lease.session());
    st << db_.sql("UPDATE api_keys SET revoked_at = ? WHERE tenant_id = ? AND id = ? AND revoked_at IS NULL"),
        bind(static_cast<Poco::Int64>(at)), bind(tenantId), bind(keyId);
    return st.execute() > 0;
  });
}

void AuthRepository::touchKey(const std::string& keyId, int64_t at) {
  auto lease = db_.acquire();
  store::translateErrors([&] {
    lease.session() << db_.sql("UPDATE api_keys SET last_used_at = ? WHERE id = ?"),
        bind(static_cast<Poco::Int64>(at)), bind(keyId), now;
  });
}

int64_t AuthRepository::countActiveAdminKeys() {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Poco::Int64 n = 0;
    lease.session() << db_.sql("SELECT COUNT(*) FROM api_keys WHERE role = 'admin' AND revoked_at IS NULL"),
        into(n), now;
    return static_cast<int64_t>(n);
  });
}

}  // namespace sb::auth
