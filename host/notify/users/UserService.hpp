// UserService: the rules for recipients — validation (user id, E.164 phone, locale, IANA time
// zone, devices), create-or-replace, devices, and the opt-outs the delivery engine records.
#pragma once

#include "notify/users/Recipient.hpp"
#include "notify/users/RecipientCache.hpp"
#include "notify/users/RecipientInput.hpp"
#include "notify/users/UserRepository.hpp"

#include <optional>
#include <string>
#include <string_view>

namespace sb::notify {

// Thread-safe. Every method is scoped to one tenant.
class UserService {
 public:
  // `cacheTtl` > 0 keeps recipients read by find() that long (see RecipientCache).
  explicit UserService(UserRepository& repository, std::chrono::milliseconds cacheTtl = std::chrono::milliseconds(0));

  // --- for the notification engine ---------------------------------------------------------
  // May answer from the recipient cache; every change made through this service clears it.
  std::optional<Recipient> find(const std::string& tenant, const std::string& userId);
  // A provider said the token is gone. Returns false (and does nothing) when the user or the
  // token is unknown.
  bool removeDevice(const std::string& tenant, const std::string& userId, const std::string& token);
  // A provider said the user opted out of a channel (e.g. SMS "STOP"): adds it to
  // opt_out.channels. Does nothing for an unknown user. Throws sb::Error InvalidInput for an
  // unknown channel name.
  void recordChannelOptOut(const std::string& tenant, const std::string& userId, const std::string& channel);

  // --- for the REST handlers ---------------------------------------------------------------
  struct PutResult {
    Recipient recipient;
    bool created = false;
  };
  // Creates or replaces the user (see RecipientInput for what an absent field keeps).
  // Throws sb::Error Unprocessable naming the invalid field.
  PutResult put(const std::string& tenant, const std::string& userId, const RecipientInput& input);
  // Always from the store. Throws sb::Error NotFound.
  Recipient get(const std::string& tenant, const std::string& userId);
  // Removes the user and their devices. Throws sb::Error NotFound.
  void remove(const std::string& tenant, const std::string& userId);
  // Idempotent; re-adding a token updates its platform. Returns true when the token is new.
  // Throws sb::Error NotFound (user) or Unprocessable (token, platform).
  bool addDevice(const std::string& tenant, const std::string& userId, const Device& device);

  // --- the rules, public for tests and other callers -------------------------------------
  // 1-128 characters of A-Z a-z 0-9 . _ : @ -
  static bool validUserId(std::string_view id);
  // ^\+[1-9][0-9]{6,14}$
  static bool validE164(std::string_view phone);
  // Something@something, at most 254 characters, no spaces or control characters.
  static bool validEmail(std::string_view email);
  static bool validPlatform(std::string_view platform);
  // Throws sb::Error Unprocessable with `path` + ".token" / ".platform".
  static void validateDevice(const Device& device, const std::string& path);

 private:
  UserRepository& repository_;
  RecipientCache cache_;
};

}  // namespace sb::notify
