// DeliveryContentJson: how a delivery's rendered content is stored (deliveries.content).
#pragma once

#include "notify/notifications/Notification.hpp"

#include <string>

namespace sb::notify {

std::string deliveryContentToJson(const DeliveryContent& content);
DeliveryContent deliveryContentFromJson(const std::string& json);

}  // namespace sb::notify
