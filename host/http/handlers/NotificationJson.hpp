// NotificationJson: request parsing and response shaping for the notification endpoints,
// kept apart from the route table so both stay short.
#pragma once

#include "notify/notifications/NotificationRequest.hpp"

#include <Poco/JSON/Object.h>

namespace sb::http {

// Validates and converts one request object; throws sb::Error 422 naming the field.
notify::NotificationRequest parseNotificationRequest(const Poco::JSON::Object::Ptr& body);
Poco::JSON::Object::Ptr acceptResultJson(const notify::AcceptResult& result);
Poco::JSON::Object::Ptr notificationJson(const notify::NotificationView& view, bool withAttempts);
// Unix ms from a number (ms) or an ISO 8601 string; throws 422 naming `field`.
int64_t parseTimestamp(const Poco::Dynamic::Var& value, const std::string& field);

}  // namespace sb::http
