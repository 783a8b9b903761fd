// Channel: the delivery channels a template variant or an opt-out can name.
#pragma once

#include <array>
#include <string>
#include <string_view>

namespace sb::notify {

inline constexpr std::array<std::string_view, 5> kChannels = {"email", "sms", "push", "inapp", "webhook"};

inline bool isKnownChannel(std::string_view name) {
  for (auto known : kChannels)
    if (known == name) return true;
  return false;
}

// "email, sms, push, inapp, webhook" — for error messages.
inline std::string channelList() {
  std::string out;
  for (auto known : kChannels) {
    if (!out.empty()) out += ", ";
    out += known;
  }
  return out;
}

}  // namespace sb::notify
