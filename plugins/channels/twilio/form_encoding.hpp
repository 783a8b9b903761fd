// application/x-www-form-urlencoded, both ways: Twilio takes its requests and sends its
// status callbacks in this format.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace twilio {

// Name/value pairs in their order in the body; a name may repeat.
using FormFields = std::vector<std::pair<std::string, std::string>>;

// "To=%2B15551234567&Body=hi+there": everything but unreserved characters is
// percent-encoded (so the '+' of an E.164 number survives), spaces become '+'.
std::string formEncode(const FormFields& fields);

// The inverse. Lenient on malformed escapes (kept as written): the body is either
// Twilio's, which is well-formed, or a forgery that the signature check then rejects.
FormFields formDecode(std::string_view body);

}  // namespace twilio
