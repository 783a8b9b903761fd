// fcm_message: the JSON body of an FCM HTTP v1 messages:send request, and the message
// name FCM answers with.
#pragma once

#include <switchboard/plugin.hpp>

#include <string>
#include <string_view>

namespace fcm {

// {"message":{"token","notification","data","android","apns"}[,"validate_only":true]}.
// Throws Permanent(Failure::Recipient) when data_json is not a JSON object: no provider
// could deliver such a message.
std::string buildSendBody(const switchboard::Message& message, bool validate_only);

// The "name" of a 200 answer ("projects/p/messages/0:1500415314455276%31bd1c96"), or ""
// when the body has none.
std::string messageName(std::string_view body);

}  // namespace fcm
