// What a Messages API response means for the send: Twilio's error codes decide whether
// the host retries, fails over to another provider, or fails the delivery.
// https://www.twilio.com/docs/api/errors
#pragma once

#include <switchboard/plugin.hpp>

#include <cstdint>
#include <string>

namespace twilio {

// The created message's SID for a 2xx answer ("" if Twilio's body lacks one: the message
// was accepted all the same, and retrying would send it twice). Otherwise throws:
//   429, 5xx                -> Retry (honouring Retry-After)
//   21211, 21612, 21614     -> Permanent, Failure::Recipient (invalid / unreachable To)
//   21610                   -> Permanent, Failure::RecipientOptedOut (replied STOP)
//   20003 and any other     -> Permanent, Failure::Provider (credentials, account, sender)
std::string messageSidOrThrow(const switchboard::HttpResponse& response, int64_t now_unix_ms);

}  // namespace twilio
