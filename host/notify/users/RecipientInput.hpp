// RecipientInput: the body of PUT /api/v1/users/{id}, read from JSON (types checked, values
// not yet validated — UserService does that).
#pragma once

#include "notify/users/Recipient.hpp"

#include <Poco/JSON/Object.h>

#include <optional>
#include <string>
#include <vector>

namespace sb::notify {

struct RecipientInput {
  std::string email;
  std::string phone;
  std::string locale;
  std::string timezone;
  // nullopt (field absent): keep what is stored. The server changes these two itself
  // (devices a provider reports gone, opt-outs such as an SMS "STOP"), so a profile sync
  // that does not mention them must not undo that.
  std::optional<std::vector<Device>> devices;
  std::optional<Preferences> preferences;
  std::string attributes_json = "{}";

  // Throws sb::Error Unprocessable naming the field. Unknown fields are refused; the
  // read-only fields of a GET (id, created_at, updated_at) are ignored, so a GET body can
  // be sent back.
  static RecipientInput fromJson(const Poco::JSON::Object::Ptr& body);
};

}  // namespace sb::notify
