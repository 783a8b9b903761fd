#include "Fleet.hpp"

#include <ostream>

namespace wsb {

Fleet::Fleet(std::vector<Endpoint> endpoints, AuthStyle auth, std::string extraQuery, TokenSigner signer,
             std::string userPrefix)
    : loop_(std::move(endpoints), auth, std::move(extraQuery)), signer_(std::move(signer)), prefix_(std::move(userPrefix)) {
  loop_.setTextHandler([this](Connection& c, std::string_view text, Clock::time_point at) { onText(c, text, at); });
}

void Fleet::onText(Connection& c, std::string_view text, Clock::time_point at) {
  Poco::JSON::Object::Ptr msg;
  try {
    parser_.reset();
    msg = parser_.parse(std::string(text)).extract<Poco::JSON::Object::Ptr>();
  } catch (const Poco::Exception&) {
    ++badJson;
    return;
  }
  const std::string type = msg->optValue<std::string>("type", "");
  if (type == "unread_count") {
    ++unreadCounts;
    if (!c.synced) {
      c.synced = true;
      c.syncedAt = at;
      ++syncedCount;
    }
  } else if (type == "notification") {
    ++notifications;
    if (!c.synced) {
      ++c.backlog;
      ++backlogNotifications;
      return;
    }
    Receipt r;
    r.id = msg->optValue<std::string>("id", "");
    r.user = c.user;
    r.at = at;
    if (auto data = msg->getObject("data")) r.seq = data->optValue<Poco::Int64>("seq", -1);
    const std::string read = markRead ? R"({"type":"read","ids":[")" + r.id + R"("]})" : "";
    receipts.push_back(std::move(r));
    if (markRead) {
      ++readsSent;
      loop_.sendText(c, read);
    }
  } else if (type == "pong") {
    ++pongs;
    if (c.appPingSent != Clock::time_point{}) {
      pingRtts_.push_back(millis(at - c.appPingSent));
      c.appPingSent = {};
      --pongsPending_;
    }
  } else {
    ++otherTypes[type.empty() ? "(no type)" : type];
  }
}

RampResult Fleet::ramp(uint32_t conns, uint32_t users, uint32_t wave, Clock::duration syncTimeout, std::ostream& log) {
  RampResult result;
  result.requested = conns;
  const auto start = Clock::now();
  const auto endpoints = static_cast<uint32_t>(loop_.endpoints().size());
  uint32_t next = 0;
  for (uint32_t waveNo = 1; next < conns; ++waveNo) {
    const auto first = static_cast<uint32_t>(loop_.connections().size());
    const uint32_t count = std::min(wave, conns - next);
    const auto waveStart = Clock::now();
    for (uint32_t i = 0; i < count; ++i, ++next) {
      const uint32_t user = next % users;
      loop_.open(user, static_cast<uint16_t>(next % endpoints), signer_.forUser(userId(user)));
    }
    auto settled = [&] {
      for (uint32_t i = first; i < first + count; ++i) {
        const auto& c = *loop_.connections()[i];
        if (!c.synced && (c.state == ConnState::Connecting || c.state == ConnState::Handshake || c.state == ConnState::Open))
          return false;
      }
      return true;
    };
    loop_.runUntil(settled, waveStart + syncTimeout);
    uint32_t synced = 0, failed = 0, unsynced = 0;
    for (uint32_t i = first; i < first + count; ++i) {
      const auto& c = *loop_.connections()[i];
      if (c.synced) {
        ++synced;
        result.syncMs.push_back(millis(c.syncedAt - c.started));
      } else if (c.state == ConnState::Open) {
        ++unsynced;
      } else {
        ++failed;
      }
    }
    result.synced += synced;
    result.failed += failed;
    result.unsynced += unsynced;
    if (failed || unsynced || waveNo == 1 || next == conns || waveNo % 4 == 0)
      log << "  wave " << waveNo << " (" << next << "/" << conns << "): " << synced << "/" << count << " synced, " << failed
          << " failed, " << unsynced << " open but not synced, " << seconds(Clock::now() - waveStart) << " s\n"
          << std::flush;
  }
  result.seconds = seconds(Clock::now() - start);
  return result;
}

uint32_t Fleet::openCount() const {
  uint32_t n = 0;
  for (const auto& c : loop_.connections()) n += c->state == ConnState::Open ? 1 : 0;
  return n;
}

std::vector<double> Fleet::appPingAll(Clock::duration timeout) {
  pingRtts_.clear();
  pongsPending_ = 0;
  for (const auto& c : loop_.connections()) {
    if (c->state != ConnState::Open) continue;
    c->appPingSent = Clock::now();
    ++pongsPending_;
    loop_.sendText(*c, R"({"type":"ping"})");
  }
  loop_.runUntil([&] { return pongsPending_ == 0; }, Clock::now() + timeout);
  for (const auto& c : loop_.connections()) c->appPingSent = {};
  return pingRtts_;
}

}  // namespace wsb
