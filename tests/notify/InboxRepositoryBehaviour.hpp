// InboxRepositoryBehaviour: the inbox repository's contract, instantiated per backend beside
// RepositoryBehaviour (SqliteRepositoryTest.cpp, PostgresRepositoryTest.cpp).
#pragma once

#include "RepositoryBehaviour.hpp"

#include "notify/inbox/InboxRepository.hpp"
#include "notify/notifications/NotificationRepository.hpp"

#include <string>
#include <vector>

namespace sb::notify::testing {

class InboxRepositoryBehaviour : public RepositoryBehaviour {
 protected:
  // An accepted in-app notification, stored the way NotificationService stores it.
  std::string accept(const std::string& tenant, const std::string& user, int n) {
    NewNotification note;
    note.tenant_id = tenant;
    note.id = "ntf_" + std::to_string(1000 + n);
    note.user_id = user;
    note.created_at = note.send_at = 1000 + n;
    NewDelivery d;
    d.id = "dlv_" + tenant + std::to_string(n);
    d.channel = "inapp";
    d.recipient = user;
    d.status = DeliveryStatus::Sent;
    d.provider = "inapp";
    d.due_at = note.send_at;
    note.deliveries.push_back(d);
    InboxItem item;
    item.tenant_id = tenant;
    item.user_id = user;
    item.notification_id = note.id;
    item.title = "title " + std::to_string(n);
    item.body = "body";
    item.created_at = note.created_at;
    note.inbox = item;
    NotificationRepository(*db).insertAccepted({note});
    return note.id;
  }

  std::vector<std::string> ids(const std::vector<InboxItem>& items) {
    std::vector<std::string> out;
    for (const auto& i : items) out.push_back(i.notification_id);
    return out;
  }
};

}  // namespace sb::notify::testing
