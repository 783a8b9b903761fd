// UserFeedback: applies what providers report about recipients to the user records —
// the delivery engine's RecipientFeedback, implemented over UserService.
#pragma once

#include "notify/delivery/RecipientFeedback.hpp"
#include "notify/users/UserService.hpp"

#include <spdlog/spdlog.h>

namespace sb::app {

class UserFeedback final : public notify::RecipientFeedback {
 public:
  explicit UserFeedback(notify::UserService& users) : users_(users) {}

  void addressGone(const std::string& tenant, const std::string& user, const std::string& channel,
                   const std::string& address) override {
    if (channel != "push") return;  // only device tokens are removed; an email or phone is the user's to fix
    try {
      users_.removeDevice(tenant, user, address);
      spdlog::info("removed dead push token of {}/{} reported by the provider", tenant, user);
    } catch (const std::exception& e) {
      spdlog::warn("could not remove a dead push token of {}/{}: {}", tenant, user, e.what());
    }
  }

  void optedOut(const std::string& tenant, const std::string& user, const std::string& channel) override {
    try {
      users_.recordChannelOptOut(tenant, user, channel);
      spdlog::info("recorded the {} opt-out of {}/{} reported by the provider", channel, tenant, user);
    } catch (const std::exception& e) {
      spdlog::warn("could not record the {} opt-out of {}/{}: {}", channel, tenant, user, e.what());
    }
  }

 private:
  notify::UserService& users_;
};

}  // namespace sb::app
