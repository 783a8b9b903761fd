#include "notify/users/UserService.hpp"

#include "core/Clock.hpp"
#include "core/Error.hpp"
#include "notify/templates/Channel.hpp"
#include "notify/users/JsonFields.hpp"
#include "notify/users/Locale.hpp"
#include "notify/users/TimeZone.hpp"
#include "store/StoreError.hpp"

#include <algorithm>
#include <cctype>

namespace sb::notify {
namespace {

constexpr size_t kMaxTokenLength = 4096;

bool hasControlOrSpace(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](unsigned char c) { return c <= 0x20 || c == 0x7f; });
}

void validateUserId(const std::string& userId) {
  if (!UserService::validUserId(userId)) {
    throw fieldError("user_id", "must be 1-128 characters of A-Z, a-z, 0-9, '.', '_', ':', '@', '-'");
  }
}

// The validated profile to store; devices deduplicated by token (the last one wins).
Recipient validated(const std::string& tenant, const std::string& userId, const RecipientInput& in) {
  validateUserId(userId);
  Recipient r;
  r.tenant_id = tenant;
  r.id = userId;
  if (!in.email.empty() && !UserService::validEmail(in.email)) throw fieldError("email", "must be an email address");
  r.email = in.email;
  if (!in.phone.empty() && !UserService::validE164(in.phone)) {
    throw fieldError("phone", "must be an E.164 number: '+', country code and number, 8-16 characters");
  }
  r.phone = in.phone;
  if (!in.locale.empty()) {
    auto locale = canonicalLocale(in.locale);
    if (!locale) throw fieldError("locale", "must be a language tag such as 'en' or 'pt-BR'");
    r.locale = *locale;
  }
  if (!in.timezone.empty() && !TimeZone::find(in.timezone)) {
    throw fieldError("timezone", "must be an IANA time zone name such as 'Europe/Berlin'");
  }
  r.timezone = in.timezone;
  if (in.devices) {
    for (size_t i = 0; i < in.devices->size(); ++i) {
      const auto& device = (*in.devices)[i];
      UserService::validateDevice(device, "devices[" + std::to_string(i) + "]");
      auto same = std::find_if(r.devices.begin(), r.devices.end(), [&](const Device& d) { return d.token == device.token; });
      if (same != r.devices.end()) r.devices.erase(same);
      r.devices.push_back(Device{device.token, device.platform, 0});
    }
  }
  if (in.preferences) r.preferences = *in.preferences;
  r.attributes_json = in.attributes_json;
  return r;
}

}  // namespace

UserService::UserService(UserRepository& repository, std::chrono::milliseconds cacheTtl)
    : repository_(repository), cache_(cacheTtl) {}

bool UserService::validUserId(std::string_view id) {
  if (id.empty() || id.size() > 128) return false;
  return std::all_of(id.begin(), id.end(), [](unsigned char c) {
    return std::isalnum(c) || c == '.' || c == '_' || c == ':' || c == '@' || c == '-';
  });
}

bool UserService::validE164(std::string_view phone) {
  if (phone.size() < 8 || phone.size() > 16 || phone[0] != '+' || phone[1] < '1' || phone[1] > '9') return false;
  return std::all_of(phone.begin() + 1, phone.end(), [](unsigned char c) { return std::isdigit(c); });
}

bool UserService::validEmail(std::string_view email) {
  if (email.size() > 254 || hasControlOrSpace(email)) return false;
  auto at = email.rfind('@');
  if (at == std::string_view::npos || at == 0 || at + 1 >= email.size()) return false;
  auto domain = email.substr(at + 1);
  return domain.front() != '.' && domain.back() != '.' && email.substr(0, at).find('@') == std::string_view::npos;
}

bool UserService::validPlatform(std::string_view platform) {
  return platform == "ios" || platform == "android" || platform == "web";
}

void UserService::validateDevice(const Device& device, const std::string& path) {
  if (device.token.empty() || device.token.size() > kMaxTokenLength || hasControlOrSpace(device.token)) {
    throw fieldError(path.empty() ? "token" : path + ".token",
                     "must be 1-" + std::to_string(kMaxTokenLength) + " characters without spaces");
  }
  if (!validPlatform(device.platform)) {
    throw fieldError(path.empty() ? "platform" : path + ".platform", "must be one of ios, android, web");
  }
}

std::optional<Recipient> UserService::find(const std::string& tenant, const std::string& userId) {
  if (!validUserId(userId)) return std::nullopt;
  if (auto cached = cache_.get(tenant, userId)) return cached;
  auto user = repository_.find(tenant, userId);
  if (user) cache_.put(tenant, userId, *user);
  return user;
}

UserService::PutResult UserService::put(const std::string& tenant, const std::string& userId,
                                        const RecipientInput& input) {
  Recipient user = validated(tenant, userId, input);
  cache_.invalidate(tenant, userId);
  bool created = false;
  try {
    created = repository_.put(user, input.preferences.has_value(), input.devices.has_value(), nowUnixMs());
  } catch (const store::StoreConflict&) {
    // A concurrent PUT created the same user first: ours is now a replace.
    created = repository_.put(user, input.preferences.has_value(), input.devices.has_value(), nowUnixMs());
  }
  auto stored = repository_.find(tenant, userId);
  if (!stored) throw Error(ErrorKind::Conflict, "conflict", "user " + userId + " was deleted concurrently");
  return {std::move(*stored), created};
}

Recipient UserService::get(const std::string& tenant, const std::string& userId) {
  auto user = validUserId(userId) ? repository_.find(tenant, userId) : std::nullopt;
  if (!user) throw notFound("user " + userId);
  return std::move(*user);
}

void UserService::remove(const std::string& tenant, const std::string& userId) {
  cache_.invalidate(tenant, userId);
  if (!validUserId(userId) || !repository_.remove(tenant, userId)) throw notFound("user " + userId);
}

bool UserService::addDevice(const std::string& tenant, const std::string& userId, const Device& device) {
  if (!validUserId(userId)) throw notFound("user " + userId);
  validateDevice(device, "");
  cache_.invalidate(tenant, userId);
  switch (repository_.addDevice(tenant, userId, device, nowUnixMs())) {
    case UserRepository::DeviceChange::NoSuchUser: throw notFound("user " + userId);
    case UserRepository::DeviceChange::Added: return true;
    case UserRepository::DeviceChange::AlreadyPresent: return false;
  }
  return false;
}

bool UserService::removeDevice(const std::string& tenant, const std::string& userId, const std::string& token) {
  if (!validUserId(userId) || token.empty()) return false;
  cache_.invalidate(tenant, userId);
  return repository_.removeDevice(tenant, userId, token, nowUnixMs());
}

void UserService::recordChannelOptOut(const std::string& tenant, const std::string& userId,
                                      const std::string& channel) {
  if (!isKnownChannel(channel)) throw invalidInput("unknown channel '" + channel + "'; expected one of " + channelList());
  if (!validUserId(userId)) return;
  cache_.invalidate(tenant, userId);
  repository_.updatePreferences(
      tenant, userId,
      [&](const std::string& stored) {
        auto preferences = Preferences::fromStored(stored);
        preferences.optOutOfChannel(channel);
        return preferences.toJsonString();
      },
      nowUnixMs());
}

}  // namespace sb::notify
