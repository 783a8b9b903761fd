// UserRepository: the SQL for recipients and their push devices (tables users, user_devices).
#pragma once

#include "notify/users/Recipient.hpp"

#include <functional>
#include <optional>
#include <string>

namespace sb::store { class Database; }

namespace sb::notify {

// Every method names the tenant; no query reaches another tenant's rows. Mutations of one
// user run in a transaction that locks the user's row first (PostgreSQL: FOR UPDATE;
// SQLite: the write lock BEGIN IMMEDIATE takes), so concurrent changes serialise.
class UserRepository {
 public:
  explicit UserRepository(store::Database& db) : db_(db) {}

  std::optional<Recipient> find(const std::string& tenant, const std::string& userId);

  // Creates the user or replaces its profile (email, phone, locale, timezone, attributes).
  // An existing user's preferences are overwritten only with `replacePreferences`, its
  // devices only with `replaceDevices`; a new user gets the given ones. Returns true when
  // created. Throws store::StoreConflict when a concurrent call created the same user.
  bool put(const Recipient& user, bool replacePreferences, bool replaceDevices, int64_t now);
  // False when there was no such user.
  bool remove(const std::string& tenant, const std::string& userId);

  enum class DeviceChange { NoSuchUser, Added, AlreadyPresent };
  // Adds the token, or updates the platform of a token the user already has.
  DeviceChange addDevice(const std::string& tenant, const std::string& userId, const Device& device, int64_t now);
  // False when the user has no such token.
  bool removeDevice(const std::string& tenant, const std::string& userId, const std::string& token, int64_t now);

  // Read-modify-write of the stored preferences JSON, under the user's row lock: `change`
  // gets the stored text and returns the new one. False when there is no such user.
  bool updatePreferences(const std::string& tenant, const std::string& userId,
                         const std::function<std::string(const std::string&)>& change, int64_t now);

 private:
  store::Database& db_;
};

}  // namespace sb::notify
