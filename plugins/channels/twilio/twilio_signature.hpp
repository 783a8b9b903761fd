// X-Twilio-Signature: how Twilio signs the requests it sends us (status callbacks).
// https://www.twilio.com/docs/usage/webhooks/webhooks-security
#pragma once

#include "form_encoding.hpp"

#include <string>
#include <string_view>

namespace twilio {

// base64(HMAC-SHA1(auth_token, url + each POST parameter sorted by name, name
// immediately followed by value)). Parameters are the decoded form fields.
std::string computeSignature(std::string_view auth_token, std::string_view url, FormFields params);

// True when `signature` is Twilio's for this request. Besides `url` itself, also accepts
// the same URL with its default port added or removed: Twilio signs the URL exactly as it
// was configured, and a proxy or the host may spell the port differently (Twilio's own
// validators do the same). Compares in constant time.
bool signatureMatches(std::string_view auth_token, std::string_view url, const FormFields& params,
                      std::string_view signature);

}  // namespace twilio
