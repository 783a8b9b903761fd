#include "ws/InboxHub.hpp"

#include "bus/Bus.hpp"
#include "notify/inbox/InboxService.hpp"
#include "ws/InboxWire.hpp"

#include <Poco/JSON/Parser.h>
#include <spdlog/spdlog.h>

#include <chrono>
#include <map>

namespace sb::ws {
namespace {

constexpr size_t kMaxTasks = 10000;    // queued client requests before "busy"
constexpr size_t kMaxReadIds = 1000;   // ids in one "read" message
constexpr auto kBatchWindow = std::chrono::milliseconds(10);  // pushes coalesce this long

std::string keyOf(const std::string& tenant, const std::string& user) { return tenant + '\x1f' + user; }

}  // namespace

InboxHub::InboxHub(notify::InboxService& inbox, bus::Bus& bus, const config::WebSocketSettings& settings)
    : inbox_(inbox), bus_(bus), settings_(settings) {
  for (int i = 0; i < settings.io_threads; ++i)
    loops_.push_back(std::make_unique<WsLoop>(*this, settings.ping_interval, settings.missed_pongs));
  bus_.subscribe(kInboxChannel, [this](const std::string& payload) { onBusEvent(payload); });
  // Pushes published while the bus was down never reached other instances: catch up.
  bus_.onReconnect([this] { post([this] { resyncAll(); }); });
}

InboxHub::~InboxHub() { stop(); }

void InboxHub::start() {
  for (auto& loop : loops_) loop->start();
  worker_ = std::thread([this] { runWorker(); });
}

void InboxHub::stop() {
  for (auto& loop : loops_) loop->stop();
  {
    std::lock_guard lock(work_mutex_);
    if (stopping_) return;
    stopping_ = true;
  }
  work_ready_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void InboxHub::attach(Poco::Net::WebSocket socket, const std::string& tenant, const std::string& user,
                      const std::string& sinceId) {
  ConnectionLimits limits{static_cast<size_t>(settings_.send_queue_bytes),
                          static_cast<size_t>(settings_.max_message_bytes)};
  auto connection = std::make_shared<WsConnection>(std::move(socket), tenant, user, limits);
  // Registered before the replay is read: whatever lands from now on is either in the
  // replay or arrives live (held until the replay is out, duplicates dropped).
  {
    std::unique_lock lock(registry_mutex_);
    by_user_[keyOf(tenant, user)].push_back(connection);
  }
  loops_[next_loop_++ % loops_.size()]->add(connection);
  try {
    sync(connection, sinceId);
  } catch (const std::exception& e) {
    spdlog::warn("websocket {}/{}: replay failed, closing: {}", tenant, user, e.what());
    connection->close(kCloseServerError, "inbox unavailable, reconnect later");
  }
}

void InboxHub::sync(const std::shared_ptr<WsConnection>& connection, const std::string& sinceId) {
  connection->beginSync();
  auto items = inbox_.replay(connection->tenant(), connection->user(), sinceId, settings_.replay_limit);
  auto unread = inbox_.unreadCount(connection->tenant(), connection->user());
  std::vector<std::pair<std::string, std::string>> replay;
  std::vector<notify::InboxRef> firstPush;
  for (const auto& item : items) {
    replay.emplace_back(item.notification_id, notificationMessage(item));
    if (!item.delivered_at) firstPush.push_back({item.tenant_id, item.notification_id});
  }
  connection->finishSync(replay, unreadCountMessage(unread));
  // Recorded now, not batched: a client that reconnects at once must not be replayed these
  // again as "never pushed".
  if (!firstPush.empty()) inbox_.markDelivered(firstPush);
}

void InboxHub::resyncAll() {
  std::vector<std::shared_ptr<WsConnection>> all;
  {
    std::shared_lock lock(registry_mutex_);
    for (const auto& [key, connections] : by_user_) all.insert(all.end(), connections.begin(), connections.end());
  }
  spdlog::info("websocket: bus reconnected, catching up {} sockets", all.size());
  for (const auto& c : all) {
    if (c->closed()) continue;
    try {
      sync(c, c->lastNotificationId());
    } catch (const std::exception& e) {
      spdlog::warn("websocket {}/{}: catch-up failed: {}", c->tenant(), c->user(), e.what());
    }
  }
}

size_t InboxHub::connectionCount() const {
  size_t n = 0;
  for (const auto& loop : loops_) n += loop->size();
  return n;
}

void InboxHub::landed(const std::vector<notify::InboxItem>& items) {
  // One bus message per accept batch; large batches are split to keep messages modest.
  constexpr size_t kPerMessage = 500;
  for (size_t at = 0; at < items.size(); at += kPerMessage) {
    std::vector<notify::InboxItem> part(items.begin() + static_cast<std::ptrdiff_t>(at),
                                        items.begin() + static_cast<std::ptrdiff_t>(std::min(items.size(), at + kPerMessage)));
    bus_.publish(kInboxChannel, encodeLanded(part));
  }
}

void InboxHub::changed(const std::string& tenant, const std::string& user) {
  bus_.publish(kInboxChannel, encodeChanged(tenant, user));
}

void InboxHub::onBusEvent(const std::string& payload) {
  InboxBusEvent event;
  try {
    event = decodeBusEvent(payload);
  } catch (const std::exception& e) {
    spdlog::warn("websocket: ignoring a malformed inbox event: {}", e.what());
    return;
  }
  if (event.kind == InboxBusEvent::Kind::Landed) return pushLocal(event.items);
  if (connectionsOf(event.tenant, event.user).empty()) return;
  {
    std::lock_guard lock(work_mutex_);
    stale_counts_.insert({event.tenant, event.user});
  }
  work_ready_.notify_one();
}

void InboxHub::pushLocal(const std::vector<notify::InboxItem>& items) {
  std::vector<notify::InboxRef> pushed;
  std::vector<UserKey> stale;
  for (const auto& item : items) {
    auto connections = connectionsOf(item.tenant_id, item.user_id);
    if (connections.empty()) continue;
    const std::string json = notificationMessage(item);
    bool any = false;
    for (const auto& c : connections) any = c->pushNotification(item.notification_id, json) || any;
    if (!any) continue;
    pushed.push_back({item.tenant_id, item.notification_id});
    stale.emplace_back(item.tenant_id, item.user_id);
  }
  if (pushed.empty()) return;
  {
    std::lock_guard lock(work_mutex_);
    delivered_.insert(delivered_.end(), pushed.begin(), pushed.end());
    stale_counts_.insert(stale.begin(), stale.end());
  }
  work_ready_.notify_one();
}

InboxHub::Connections InboxHub::connectionsOf(const std::string& tenant, const std::string& user) const {
  std::shared_lock lock(registry_mutex_);
  auto it = by_user_.find(keyOf(tenant, user));
  return it == by_user_.end() ? Connections{} : it->second;
}

void InboxHub::onMessage(const std::shared_ptr<WsConnection>& connection, std::string text) {
  Poco::JSON::Object::Ptr message;
  try {
    message = Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
  } catch (const std::exception&) {
  }
  if (!message) {
    connection->sendText(errorMessage("invalid_json", "messages are JSON objects with a \"type\""));
    return;
  }
  const std::string type = message->optValue<std::string>("type", "");
  if (type == "ping") {
    connection->sendText(pongMessage());
    return;
  }
  if (type != "read") {
    connection->sendText(errorMessage("unknown_type", "expected type \"ping\" or \"read\", got \"" + type + "\""));
    return;
  }
  const bool all = message->optValue<bool>("all", false);
  std::vector<std::string> ids;
  if (auto array = message->getArray("ids")) {
    for (size_t i = 0; i < array->size() && ids.size() <= kMaxReadIds; ++i)
      if (array->get(static_cast<unsigned>(i)).isString()) ids.push_back(array->getElement<std::string>(static_cast<unsigned>(i)));
  }
  if (!all && (ids.empty() || ids.size() > kMaxReadIds)) {
    connection->sendText(errorMessage("invalid_input", "\"read\" needs \"ids\": 1 to 1000 notification ids, or \"all\": true"));
    return;
  }
  std::weak_ptr<WsConnection> weak = connection;
  bool queued = post([this, weak, ids = std::move(ids), all, tenant = connection->tenant(), user = connection->user()] {
    try {
      // The count follows through the bus ("changed"), to every socket of the user.
      if (all) inbox_.markAllRead(tenant, user);
      else inbox_.markRead(tenant, user, ids);
    } catch (const std::exception& e) {
      spdlog::warn("websocket {}/{}: marking read failed: {}", tenant, user, e.what());
      if (auto c = weak.lock()) c->sendText(errorMessage("store_unavailable", "could not mark as read; try again"));
    }
  });
  if (!queued) connection->sendText(errorMessage("busy", "the server is busy; try again"));
}

void InboxHub::onClosed(const std::shared_ptr<WsConnection>& connection) {
  std::unique_lock lock(registry_mutex_);
  auto it = by_user_.find(keyOf(connection->tenant(), connection->user()));
  if (it == by_user_.end()) return;
  auto& list = it->second;
  std::erase(list, connection);
  if (list.empty()) by_user_.erase(it);
}

bool InboxHub::post(std::function<void()> task) {
  {
    std::lock_guard lock(work_mutex_);
    if (stopping_ || tasks_.size() >= kMaxTasks) return false;
    tasks_.push_back(std::move(task));
  }
  work_ready_.notify_one();
  return true;
}

void InboxHub::runWorker() {
  for (;;) {
    std::deque<std::function<void()>> tasks;
    {
      std::unique_lock lock(work_mutex_);
      work_ready_.wait(lock, [this] { return stopping_ || !tasks_.empty() || !delivered_.empty() || !stale_counts_.empty(); });
      if (stopping_) return;
      tasks.swap(tasks_);
    }
    for (auto& task : tasks) task();
    // Let a fan-out's pushes gather into one batch of store writes.
    std::this_thread::sleep_for(kBatchWindow);
    flushDelivered();
    flushCounts();
  }
}

void InboxHub::flushDelivered() {
  std::vector<notify::InboxRef> refs;
  {
    std::lock_guard lock(work_mutex_);
    refs.swap(delivered_);
  }
  if (refs.empty()) return;
  try {
    inbox_.markDelivered(refs);
  } catch (const std::exception& e) {
    // Not fatal: the item stays "sent"; a later replay pushes it and marks it then.
    spdlog::warn("websocket: could not record {} in-app deliveries: {}", refs.size(), e.what());
  }
}

void InboxHub::flushCounts() {
  std::set<UserKey> stale;
  {
    std::lock_guard lock(work_mutex_);
    stale.swap(stale_counts_);
  }
  std::map<std::string, std::vector<std::string>> byTenant;
  for (const auto& [tenant, user] : stale) byTenant[tenant].push_back(user);
  for (const auto& [tenant, users] : byTenant) {
    try {
      for (const auto& [user, count] : inbox_.unreadCounts(tenant, users)) {
        const std::string json = unreadCountMessage(count);
        for (const auto& c : connectionsOf(tenant, user)) c->sendText(json);
      }
    } catch (const std::exception& e) {
      spdlog::warn("websocket: could not refresh unread counts: {}", e.what());
    }
  }
}

}  // namespace sb::ws
