// `ws_bench fanout`: one in-app notification per connected user, posted in batches; how long
// from the API's 202 (and from the request) until the user's socket has it.
// `ws_bench users`: creates the users the benchmarks connect as.
#include "Fleet.hpp"
#include "Modes.hpp"
#include "RestClient.hpp"

#include <Poco/JSON/Parser.h>

#include <atomic>
#include <cmath>
#include <iostream>
#include <mutex>
#include <thread>
#include <unordered_map>

namespace wsb {
namespace {

// What the posting threads record, indexed by sequence number (= user index).
struct PostLog {
  explicit PostLog(uint32_t n) : sentAt(n), acceptedAt(n), ids(n), accepted(n, 0) {}
  std::vector<Clock::time_point> sentAt, acceptedAt;
  std::vector<std::string> ids;
  std::vector<uint8_t> accepted;
  std::mutex mutex;  // guards the fields below
  std::vector<double> batchMs;
  uint64_t failedBatches = 0, rejectedItems = 0;
  std::string firstError;

  void error(const std::string& what) {
    std::lock_guard lock(mutex);
    if (firstError.empty()) firstError = what.substr(0, 600);
  }
};

std::string batchBody(const Fleet& fleet, uint32_t first, uint32_t count, const std::string& channel,
                      const std::string& category) {
  std::string body = R"({"notifications":[)";
  for (uint32_t seq = first; seq < first + count; ++seq) {
    if (seq != first) body += ',';
    body += R"({"user_id":")" + fleet.userId(seq) + R"(","channels":[")" + channel + R"("],)";
    if (!category.empty()) body += R"("category":")" + category + R"(",)";
    body += R"("content":{"subject":"bench )" + std::to_string(seq) + R"(","text":"fan-out message )" +
            std::to_string(seq) + R"(","data":{"seq":)" + std::to_string(seq) + "}}}";
  }
  return body + "]}";
}

// Posts batch after batch (taken from `next`) on one connection until none is left.
void postBatches(const std::string& url, const std::string& key, const std::vector<std::string>& bodies, uint32_t batch,
                 uint32_t total, std::atomic<uint32_t>& next, PostLog& log) {
  RestClient client(url, key);
  for (uint32_t b = next++; b < bodies.size(); b = next++) {
    const uint32_t first = b * batch;
    const uint32_t count = std::min(batch, total - first);
    const auto sent = Clock::now();
    const auto reply = client.send("POST", "/api/v1/notifications/batch", bodies[b]);
    const auto accepted = Clock::now();
    {
      std::lock_guard lock(log.mutex);
      log.batchMs.push_back(millis(accepted - sent));
    }
    if (reply.status != 202) {
      std::lock_guard lock(log.mutex);
      ++log.failedBatches;
      if (log.firstError.empty())
        log.firstError = "batch answered " + std::to_string(reply.status) + ": " + reply.body.substr(0, 500);
      continue;
    }
    Poco::JSON::Array::Ptr results;
    try {
      Poco::JSON::Parser parser;
      results = parser.parse(reply.body).extract<Poco::JSON::Object::Ptr>()->getArray("results");
    } catch (const Poco::Exception& e) {
      log.error("unreadable batch answer: " + e.displayText());
    }
    if (!results) continue;
    for (size_t i = 0; i < results->size(); ++i) {
      auto item = results->getObject(static_cast<unsigned>(i));
      const auto index = item->optValue<uint32_t>("index", static_cast<uint32_t>(i));
      if (index >= count) continue;
      const uint32_t seq = first + index;
      log.sentAt[seq] = sent;
      log.acceptedAt[seq] = accepted;
      if (item->optValue<int>("status", 0) == 202) {
        log.accepted[seq] = 1;
        log.ids[seq] = item->optValue<std::string>("id", "");
      } else {
        std::lock_guard lock(log.mutex);
        ++log.rejectedItems;
        if (log.firstError.empty()) {
          std::ostringstream out;
          item->stringify(out);
          log.firstError = "item rejected: " + out.str();
        }
      }
    }
  }
}

struct Matched {
  std::vector<Clock::time_point> receivedAt;  // first receipt per seq (epoch = never)
  uint64_t duplicates = 0, misrouted = 0, unknown = 0;
};

Matched match(const Fleet& fleet, const PostLog& log, uint32_t n) {
  Matched m;
  m.receivedAt.resize(n);
  std::unordered_map<std::string, uint32_t> seqOf;
  for (uint32_t s = 0; s < n; ++s)
    if (!log.ids[s].empty()) seqOf.emplace(log.ids[s], s);
  for (const auto& r : fleet.receipts) {
    int64_t seq = r.seq;
    if (auto it = seqOf.find(r.id); it != seqOf.end()) seq = it->second;
    if (seq < 0 || seq >= static_cast<int64_t>(n)) {
      ++m.unknown;
      continue;
    }
    if (r.user != static_cast<uint32_t>(seq)) ++m.misrouted;
    auto& at = m.receivedAt[static_cast<size_t>(seq)];
    if (at != Clock::time_point{}) ++m.duplicates;
    else at = r.at;
  }
  return m;
}

}  // namespace

int runFanout(const Args& args) {
  raiseFileLimit();
  const auto n = static_cast<uint32_t>(args.integer("users", 5000));
  const auto batch = static_cast<uint32_t>(args.integer("batch", 100));
  const auto httpConns = static_cast<uint32_t>(args.integer("http-conns", 2));
  const auto timeout = args.duration("timeout", std::chrono::seconds(30));
  const std::string postUrl = args.str("post-url", args.required("http"));
  const std::string key = args.required("key");

  Fleet fleet(endpointsFrom(args), parseAuthStyle(args.str("auth", "query")), args.str("query"), signerFrom(args),
              args.str("prefix", "u"));
  std::cout << "fan-out: " << n << " users, one socket each, on";
  for (const auto& ep : fleet.loop().endpoints()) std::cout << " " << ep.url;
  std::cout << "; posting to " << postUrl << " in batches of " << batch << " on " << httpConns << " HTTP connection(s)\n";

  const auto ramp = fleet.ramp(n, n, static_cast<uint32_t>(args.integer("wave", 500)),
                               args.duration("sync-timeout", std::chrono::seconds(30)), std::cout);
  std::cout << "synced " << ramp.synced << "/" << n << " in " << ramp.seconds << " s; failed " << ramp.failed << "\n";
  fleet.loop().runFor(std::chrono::milliseconds(500));
  fleet.receipts.clear();
  const uint64_t unreadCountsBefore = fleet.unreadCounts;
  fleet.markRead = args.has("read");

  std::vector<std::string> bodies;
  for (uint32_t first = 0; first < n; first += batch)
    bodies.push_back(batchBody(fleet, first, std::min(batch, n - first), args.str("channel", "inapp"), args.str("category")));
  PostLog log(n);
  std::atomic<uint32_t> next{0};
  std::atomic<uint32_t> running{httpConns};
  const auto postStart = Clock::now();
  std::vector<std::thread> posters;
  for (uint32_t i = 0; i < httpConns; ++i)
    posters.emplace_back([&] {
      postBatches(postUrl, key, bodies, batch, n, next, log);
      --running;
    });

  Clock::time_point postsDone{};
  fleet.loop().runUntil(
      [&] {
        if (running.load() != 0) return false;
        if (postsDone == Clock::time_point{}) postsDone = Clock::now();
        return fleet.receipts.size() >= n || Clock::now() - postsDone > timeout;
      },
      Clock::time_point::max());
  for (auto& t : posters) t.join();
  fleet.loop().runFor(args.duration("grace", std::chrono::milliseconds(300)));  // late duplicates

  const auto m = match(fleet, log, n);
  std::vector<double> fromAccept, fromSend;
  uint32_t accepted = 0, received = 0, beforeAccept = 0;
  std::vector<uint32_t> missing;
  Clock::time_point lastReceipt = postStart, lastAccept = postStart;
  for (uint32_t s = 0; s < n; ++s) {
    if (!log.accepted[s]) continue;
    ++accepted;
    lastAccept = std::max(lastAccept, log.acceptedAt[s]);
    const auto at = m.receivedAt[s];
    if (at == Clock::time_point{}) {
      missing.push_back(s);
      continue;
    }
    ++received;
    lastReceipt = std::max(lastReceipt, at);
    fromAccept.push_back(millis(at - log.acceptedAt[s]));
    fromSend.push_back(millis(at - log.sentAt[s]));
    if (at < log.acceptedAt[s]) ++beforeAccept;
  }
  const Distribution acceptDist(fromAccept), sendDist(fromSend), batchDist(log.batchMs);
  const double postSeconds = seconds(lastAccept - postStart);
  const double totalSeconds = seconds(lastReceipt - postStart);

  std::cout << "posted " << bodies.size() << " batches: " << accepted << " accepted, " << log.rejectedItems
            << " rejected, " << log.failedBatches << " batches failed, in " << postSeconds << " s ("
            << static_cast<int64_t>(accepted / std::max(postSeconds, 1e-9)) << " notifications/s)\n";
  std::cout << "batch request (send -> 202): " << batchDist.describe() << "\n";
  if (!log.firstError.empty()) std::cout << "  first error: " << log.firstError << "\n";
  std::cout << "received " << received << "/" << accepted << " (missing " << missing.size() << ", duplicates "
            << m.duplicates << ", misrouted " << m.misrouted << ", unmatched " << m.unknown << "); " << beforeAccept
            << " arrived before their 202 (negative accept -> receipt)\n";
  std::cout << "accept -> receipt: " << acceptDist.describe() << "\n";
  std::cout << "send -> receipt:   " << sendDist.describe() << "\n";
  std::cout << "first send -> last receipt: " << totalSeconds << " s\n";
  if (!missing.empty()) {
    std::map<uint16_t, uint32_t> perEndpoint;
    std::cout << "  missing (first 10):";
    for (size_t i = 0; i < missing.size(); ++i) {
      const auto& c = *fleet.loop().connections()[missing[i]];
      ++perEndpoint[c.endpoint];
      if (i < 10) std::cout << " " << fleet.userId(missing[i]) << "=" << log.ids[missing[i]];
    }
    std::cout << "\n";
    for (const auto& [ep, count] : perEndpoint)
      std::cout << "  missing on " << fleet.loop().endpoints()[ep].url << ": " << count << "\n";
  }
  const auto& counters = fleet.loop().counters();
  for (const auto& [why, count] : counters.failures) std::cout << "  failure: " << count << " x " << why << "\n";
  if (!counters.firstFailureDetail.empty()) std::cout << "  first refused upgrade:\n" << counters.firstFailureDetail << "\n";
  if (fleet.markRead)
    std::cout << "read: " << fleet.readsSent << " {\"type\":\"read\"} sent; " << fleet.unreadCounts - unreadCountsBefore
              << " unread_count messages came back after the sync\n";
  std::cout << "other messages: " << fleet.unreadCounts << " unread_count, " << fleet.backlogNotifications
            << " missed notifications on connect";
  for (const auto& [type, count] : fleet.otherTypes) std::cout << ", " << count << " '" << type << "'";
  std::cout << "; server pings answered " << counters.pingsAnswered << "\n";

  fleet.loop().closeAll();
  auto s = orderedObject();
  s->set("mode", "fanout");
  s->set("users", n);
  s->set("endpoints", static_cast<uint64_t>(fleet.loop().endpoints().size()));
  s->set("post_url", postUrl);
  s->set("batch", batch);
  s->set("http_conns", httpConns);
  s->set("synced", ramp.synced);
  s->set("accepted", accepted);
  s->set("rejected", log.rejectedItems);
  s->set("failed_batches", log.failedBatches);
  s->set("received", received);
  s->set("missing", static_cast<uint64_t>(missing.size()));
  s->set("duplicates", m.duplicates);
  s->set("misrouted", m.misrouted);
  s->set("before_202", beforeAccept);
  s->set("accept_to_receipt_ms", acceptDist.json());
  s->set("send_to_receipt_ms", sendDist.json());
  s->set("batch_ms", batchDist.json());
  s->set("post_s", std::round(postSeconds * 1000) / 1000);
  s->set("total_s", std::round(totalSeconds * 1000) / 1000);
  s->set("dropped", counters.dropped);
  std::cout << oneLine(s) << std::endl;
  return accepted == n && received == n && m.duplicates == 0 && m.misrouted == 0 ? 0 : 1;
}

int runUsers(const Args& args) {
  const auto n = static_cast<uint32_t>(args.integer("users", 1000));
  const auto parallel = static_cast<uint32_t>(args.integer("parallel", 4));
  const std::string url = args.required("http"), key = args.required("key"), prefix = args.str("prefix", "u");
  const std::string body = args.str("body", "{}");
  std::atomic<uint32_t> next{0}, ok{0}, bad{0};
  std::mutex mutex;
  std::string firstError;
  const auto start = Clock::now();
  std::vector<std::thread> workers;
  for (uint32_t w = 0; w < parallel; ++w)
    workers.emplace_back([&] {
      RestClient client(url, key);
      for (uint32_t i = next++; i < n; i = next++) {
        auto reply = client.send("PUT", "/api/v1/users/" + prefix + std::to_string(i), body);
        if (reply.status == 0) reply = client.send("PUT", "/api/v1/users/" + prefix + std::to_string(i), body);
        if (reply.status == 200 || reply.status == 201) {
          ++ok;
          continue;
        }
        ++bad;
        std::lock_guard lock(mutex);
        if (firstError.empty()) firstError = std::to_string(reply.status) + " " + reply.body.substr(0, 400);
      }
    });
  for (auto& t : workers) t.join();
  const double secs = seconds(Clock::now() - start);
  std::cout << "users: " << ok << "/" << n << " created (" << prefix << "0.." << prefix << n - 1 << ") in " << secs
            << " s, " << bad << " failed" << (firstError.empty() ? "" : "; first error: " + firstError) << "\n";
  auto s = orderedObject();
  s->set("mode", "users");
  s->set("created", ok.load());
  s->set("failed", bad.load());
  s->set("seconds", std::round(secs * 100) / 100);
  std::cout << oneLine(s) << std::endl;
  return bad == 0 ? 0 : 1;
}

}  // namespace wsb
