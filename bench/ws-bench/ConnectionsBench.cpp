// `ws_bench connections`: how much server memory an idle, synced WebSocket costs.
#include "Fleet.hpp"
#include "Modes.hpp"

#include <cmath>
#include <cstdio>
#include <iostream>
#include <thread>

namespace wsb {

std::vector<Endpoint> endpointsFrom(const Args& args) {
  std::vector<Endpoint> endpoints;
  for (const auto& url : args.all("url")) endpoints.push_back(Endpoint::parse(url));
  if (endpoints.empty()) throw std::invalid_argument("--url ws://HOST:PORT is required");
  return endpoints;
}

TokenSigner signerFrom(const Args& args) {
  TokenClaims claims;
  claims.tenant = args.str("tenant", claims.tenant);
  claims.tenantClaim = args.str("tenant-claim", claims.tenantClaim);
  claims.issuer = args.str("issuer", claims.issuer);
  claims.audience = args.str("audience", claims.audience);
  claims.ttlSeconds = args.integer("token-ttl", claims.ttlSeconds);
  return TokenSigner(args.required("secret"), claims);
}

namespace {

std::string kib(int64_t rssDelta, uint32_t conns) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.2f", conns ? static_cast<double>(rssDelta) / conns : 0.0);
  return buf;
}

}  // namespace

int runConnections(const Args& args) {
  const auto fdLimit = raiseFileLimit();
  const auto conns = static_cast<uint32_t>(args.integer("conns", 10000));
  const auto users = static_cast<uint32_t>(args.integer("users", conns));
  const auto wave = static_cast<uint32_t>(args.integer("wave", 500));
  const int pid = static_cast<int>(args.integer("server-pid", 0));
  const auto hold = args.duration("hold", std::chrono::seconds(10));
  const auto syncTimeout = args.duration("sync-timeout", std::chrono::seconds(30));
  if (conns + 64 > fdLimit) std::cout << "warning: open-file limit " << fdLimit << " is below " << conns << " connections\n";

  Fleet fleet(endpointsFrom(args), parseAuthStyle(args.str("auth", "query")), args.str("query"), signerFrom(args),
              args.str("prefix", "u"));
  fleet.loop().setAnswerPings(!args.has("ignore-pings"));
  std::cout << "connections: " << conns << " to " << fleet.loop().endpoints().size() << " endpoint(s) ("
            << fleet.loop().endpoints().front().url << "), " << users << " users, waves of " << wave << "\n";

  const auto before = ProcessSample::of(pid);
  const auto ramp = fleet.ramp(conns, users, wave, syncTimeout, std::cout);
  fleet.loop().runFor(std::chrono::seconds(1));  // let the server settle (allocations after the sync)
  const auto afterConnect = ProcessSample::of(pid);
  std::cout << "synced " << ramp.synced << "/" << conns << " in " << ramp.seconds << " s ("
            << static_cast<int64_t>(ramp.synced / std::max(ramp.seconds, 1e-9)) << " connections/s); failed "
            << ramp.failed << ", open but never synced " << ramp.unsynced << "\n";
  std::cout << "connect to synced: " << Distribution(ramp.syncMs).describe() << "\n";

  const uint64_t pingsBeforeHold = fleet.loop().counters().pingsAnswered;
  fleet.loop().runFor(hold);
  const auto afterHold = ProcessSample::of(pid);
  const uint32_t openAfterHold = fleet.openCount();
  uint64_t pingsSeen = 0;
  for (const auto& c : fleet.loop().connections()) pingsSeen += c->serverPings;
  const auto rtts = fleet.appPingAll(std::chrono::seconds(15));
  const auto& counters = fleet.loop().counters();

  if (pid > 0) {
    std::cout << "server RSS: " << before.rssKiB << " KiB before, " << afterConnect.rssKiB << " KiB with "
              << ramp.synced << " connections (" << kib(afterConnect.rssKiB - before.rssKiB, ramp.synced)
              << " KiB per connection), " << afterHold.rssKiB << " KiB after holding " << seconds(hold) << " s ("
              << kib(afterHold.rssKiB - before.rssKiB, ramp.synced) << " KiB per connection)\n";
    std::cout << "server threads: " << before.threads << " before, " << afterConnect.threads << " connected, "
              << afterHold.threads << " after the hold\n";
  }
  std::cout << "hold " << seconds(hold) << " s: " << openAfterHold << " still open; server pings " << pingsSeen
            << ", answered " << counters.pingsAnswered << " (" << counters.pingsAnswered - pingsBeforeHold
            << " during the hold); closed by the server " << counters.closedByServer << ", dropped without a close frame "
            << counters.dropped << "\n";
  std::cout << "app ping after the hold: " << rtts.size() << "/" << openAfterHold << " answered; "
            << Distribution(rtts).describe() << "\n";
  for (const auto& [why, n] : counters.failures) std::cout << "  failure: " << n << " x " << why << "\n";
  if (!counters.firstFailureDetail.empty()) std::cout << "  first refused upgrade:\n" << counters.firstFailureDetail << "\n";
  if (fleet.backlogNotifications) std::cout << "note: " << fleet.backlogNotifications << " missed notifications sent on connect\n";
  for (const auto& [type, n] : fleet.otherTypes) std::cout << "note: " << n << " messages of type '" << type << "'\n";

  fleet.loop().closeAll();
  int64_t rssAfterClose = 0;
  if (pid > 0) {
    std::this_thread::sleep_for(std::chrono::seconds(2));
    rssAfterClose = ProcessSample::of(pid).rssKiB;
    std::cout << "server RSS 2 s after closing all: " << rssAfterClose << " KiB\n";
  }

  auto s = orderedObject();
  s->set("mode", "connections");
  s->set("conns", conns);
  s->set("synced", ramp.synced);
  s->set("failed", ramp.failed);
  s->set("unsynced", ramp.unsynced);
  s->set("ramp_s", std::round(ramp.seconds * 100) / 100);
  s->set("connect_rate", static_cast<int64_t>(ramp.synced / std::max(ramp.seconds, 1e-9)));
  s->set("sync_ms", Distribution(ramp.syncMs).json());
  s->set("rss_before_kib", before.rssKiB);
  s->set("rss_connected_kib", afterConnect.rssKiB);
  s->set("rss_held_kib", afterHold.rssKiB);
  s->set("rss_closed_kib", rssAfterClose);
  s->set("kib_per_conn", std::stod(kib(afterConnect.rssKiB - before.rssKiB, ramp.synced)));
  s->set("kib_per_conn_held", std::stod(kib(afterHold.rssKiB - before.rssKiB, ramp.synced)));
  s->set("threads_before", before.threads);
  s->set("threads_connected", afterConnect.threads);
  s->set("hold_s", seconds(hold));
  s->set("open_after_hold", openAfterHold);
  s->set("server_pings", counters.pingsAnswered);
  s->set("app_pongs", static_cast<uint64_t>(rtts.size()));
  s->set("app_ping_ms", Distribution(rtts).json());
  s->set("dropped", counters.dropped);
  s->set("closed_by_server", counters.closedByServer);
  std::cout << oneLine(s) << std::endl;
  const bool ok = ramp.synced == conns && (args.has("ignore-pings") || rtts.size() == conns);
  return ok ? 0 : 1;
}

}  // namespace wsb
