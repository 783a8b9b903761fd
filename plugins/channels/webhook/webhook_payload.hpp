// The JSON body a receiver gets for one notification.
#pragma once

#include <switchboard/plugin.hpp>

#include <cstdint>
#include <string>

namespace webhook {

// {"notification_id","channel","recipient","subject","text","html","data","locale",
//  "category","priority","sent_at"} in that order; "data" is the message's data_json as
// a JSON value (null when empty), "sent_at" Unix milliseconds. Throws Permanent when
// data_json is not valid JSON: no retry can fix the payload.
std::string renderPayload(const switchboard::Message& message, int64_t sent_at_unix_ms);

}  // namespace webhook
