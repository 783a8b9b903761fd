#include "notify/users/UserRepository.hpp"

#include "store/Database.hpp"
#include "store/Transaction.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

using namespace Poco::Data::Keywords;

namespace sb::notify {
namespace {

using NullableText = Poco::Nullable<std::string>;

NullableText orNull(const std::string& text) { return text.empty() ? NullableText() : NullableText(text); }

std::string textOrEmpty(const Poco::Dynamic::Var& v) { return v.isEmpty() ? std::string() : v.convert<std::string>(); }

// Locks the user's row for the rest of the transaction; false when there is no such user.
bool lockUser(store::Lease& lease, const std::string& tenant, const std::string& userId) {
  std::string sql = "SELECT created_at FROM users WHERE tenant_id = ? AND id = ?";
  if (lease.dialect() == store::Dialect::Postgres) sql += " FOR UPDATE";
  Poco::Data::Statement st(lease.session());
  st << lease.sql(sql), bind(tenant), bind(userId), now;
  Poco::Data::RecordSet rs(st);
  return rs.moveFirst();
}

void touchUser(store::Lease& lease, const std::string& tenant, const std::string& userId, int64_t at) {
  lease.session() << lease.sql("UPDATE users SET updated_at = ? WHERE tenant_id = ? AND id = ?"),
      bind(static_cast<Poco::Int64>(at)), bind(tenant), bind(userId), now;
}

void insertDevice(store::Lease& lease, const std::string& tenant, const std::string& userId, const Device& d,
                  int64_t at) {
  lease.session() << lease.sql(
                         "INSERT INTO user_devices (tenant_id, user_id, token, platform, created_at) "
                         "VALUES (?, ?, ?, ?, ?)"),
      bind(tenant), bind(userId), bind(d.token), bind(d.platform), bind(static_cast<Poco::Int64>(at)), now;
}

}  // namespace

std::optional<Recipient> UserRepository::find(const std::string& tenant, const std::string& userId) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<Recipient> {
    Poco::Data::Statement st(lease.session());
    st << lease.sql(
              "SELECT email, phone, locale, timezone, preferences, attributes, created_at, updated_at "
              "FROM users WHERE tenant_id = ? AND id = ?"),
        bind(tenant), bind(userId), now;
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    Recipient r;
    r.tenant_id = tenant;
    r.id = userId;
    r.email = textOrEmpty(rs["email"]);
    r.phone = textOrEmpty(rs["phone"]);
    r.locale = textOrEmpty(rs["locale"]);
    r.timezone = textOrEmpty(rs["timezone"]);
    r.preferences = Preferences::fromStored(rs["preferences"].convert<std::string>());
    r.attributes_json = rs["attributes"].convert<std::string>();
    r.created_at = rs["created_at"].convert<Poco::Int64>();
    r.updated_at = rs["updated_at"].convert<Poco::Int64>();

    Poco::Data::Statement devices(lease.session());
    devices << lease.sql(
                   "SELECT token, platform, created_at FROM user_devices "
                   "WHERE tenant_id = ? AND user_id = ? ORDER BY created_at, token"),
        bind(tenant), bind(userId), now;
    Poco::Data::RecordSet drs(devices);
    for (bool more = drs.moveFirst(); more; more = drs.moveNext()) {
      r.devices.push_back(Device{drs["token"].convert<std::string>(), drs["platform"].convert<std::string>(),
                                 drs["created_at"].convert<Poco::Int64>()});
    }
    return r;
  });
}

bool UserRepository::put(const Recipient& u, bool replacePreferences, bool replaceDevices, int64_t at) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    store::Transaction tx(lease);
    const bool exists = lockUser(lease, u.tenant_id, u.id);
    const auto stamp = static_cast<Poco::Int64>(at);
    if (!exists) {
      lease.session() << lease.sql(
                             "INSERT INTO users (tenant_id, id, email, phone, locale, timezone, preferences, "
                             "attributes, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"),
          bind(u.tenant_id), bind(u.id), bind(orNull(u.email)), bind(orNull(u.phone)), bind(orNull(u.locale)),
          bind(orNull(u.timezone)), bind(u.preferences.toJsonString()), bind(u.attributes_json), bind(stamp),
          bind(stamp), now;
    } else {
      lease.session() << lease.sql(
                             "UPDATE users SET email = ?, phone = ?, locale = ?, timezone = ?, attributes = ?, "
                             "updated_at = ? WHERE tenant_id = ? AND id = ?"),
          bind(orNull(u.email)), bind(orNull(u.phone)), bind(orNull(u.locale)), bind(orNull(u.timezone)),
          bind(u.attributes_json), bind(stamp), bind(u.tenant_id), bind(u.id), now;
      if (replacePreferences) {
        lease.session() << lease.sql("UPDATE users SET preferences = ? WHERE tenant_id = ? AND id = ?"),
            bind(u.preferences.toJsonString()), bind(u.tenant_id), bind(u.id), now;
      }
    }
    if (!exists || replaceDevices) {
      if (exists) {
        lease.session() << lease.sql("DELETE FROM user_devices WHERE tenant_id = ? AND user_id = ?"),
            bind(u.tenant_id), bind(u.id), now;
      }
      for (const auto& device : u.devices) insertDevice(lease, u.tenant_id, u.id, device, at);
    }
    tx.commit();
    return !exists;
  });
}

bool UserRepository::remove(const std::string& tenant, const std::string& userId) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    store::Transaction tx(lease);
    lease.session() << lease.sql("DELETE FROM user_devices WHERE tenant_id = ? AND user_id = ?"), bind(tenant),
        bind(userId), now;
    // The inbox is the user's personal data; the notification records stay (audit).
    lease.session() << lease.sql("DELETE FROM inbox WHERE tenant_id = ? AND user_id = ?"), bind(tenant), bind(userId),
        now;
    Poco::Data::Statement st(lease.session());
    st << lease.sql("DELETE FROM users WHERE tenant_id = ? AND id = ?"), bind(tenant), bind(userId);
    const bool removed = st.execute() > 0;
    tx.commit();
    return removed;
  });
}

UserRepository::DeviceChange UserRepository::addDevice(const std::string& tenant, const std::string& userId,
                                                       const Device& device, int64_t at) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    store::Transaction tx(lease);
    if (!lockUser(lease, tenant, userId)) return DeviceChange::NoSuchUser;
    Poco::Data::Statement st(lease.session());
    st << lease.sql("SELECT platform FROM user_devices WHERE tenant_id = ? AND user_id = ? AND token = ?"),
        bind(tenant), bind(userId), bind(device.token), now;
    Poco::Data::RecordSet rs(st);
    DeviceChange change = DeviceChange::Added;
    if (rs.moveFirst()) {
      change = DeviceChange::AlreadyPresent;
      if (rs["platform"].convert<std::string>() != device.platform) {
        lease.session() << lease.sql(
                               "UPDATE user_devices SET platform = ? WHERE tenant_id = ? AND user_id = ? AND token = ?"),
            bind(device.platform), bind(tenant), bind(userId), bind(device.token), now;
        touchUser(lease, tenant, userId, at);
      }
    } else {
      insertDevice(lease, tenant, userId, device, at);
      touchUser(lease, tenant, userId, at);
    }
    tx.commit();
    return change;
  });
}

bool UserRepository::removeDevice(const std::string& tenant, const std::string& userId, const std::string& token,
                                  int64_t at) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    store::Transaction tx(lease);
    if (!lockUser(lease, tenant, userId)) return false;
    Poco::Data::Statement st(lease.session());
    st << lease.sql("DELETE FROM user_devices WHERE tenant_id = ? AND user_id = ? AND token = ?"), bind(tenant),
        bind(userId), bind(token);
    const bool removed = st.execute() > 0;
    if (removed) touchUser(lease, tenant, userId, at);
    tx.commit();
    return removed;
  });
}

bool UserRepository::updatePreferences(const std::string& tenant, const std::string& userId,
                                       const std::function<std::string(const std::string&)>& change, int64_t at) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    store::Transaction tx(lease);
    std::string sql = "SELECT preferences FROM users WHERE tenant_id = ? AND id = ?";
    if (lease.dialect() == store::Dialect::Postgres) sql += " FOR UPDATE";
    Poco::Data::Statement st(lease.session());
    st << lease.sql(sql), bind(tenant), bind(userId), now;
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return false;
    const std::string before = rs["preferences"].convert<std::string>();
    const std::string after = change(before);
    if (after != before) {
      lease.session() << lease.sql("UPDATE users SET preferences = ?, updated_at = ? WHERE tenant_id = ? AND id = ?"),
          bind(after), bind(static_cast<Poco::Int64>(at)), bind(tenant), bind(userId), now;
    }
    tx.commit();
    return true;
  });
}

}  // namespace sb::notify
