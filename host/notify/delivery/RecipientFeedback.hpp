// RecipientFeedback: what providers teach us about recipients, applied to the user
// records (a dead push token is removed; an SMS "STOP" becomes a channel opt-out).
#pragma once

#include <string>

namespace sb::notify {

class RecipientFeedback {
 public:
  virtual ~RecipientFeedback() = default;
  virtual void addressGone(const std::string& tenant, const std::string& user, const std::string& channel,
                           const std::string& address) = 0;
  virtual void optedOut(const std::string& tenant, const std::string& user, const std::string& channel) = 0;
};

}  // namespace sb::notify
