// wrapper_plugins.hpp — small plugin classes that exercise every path of plugin.hpp, for
// the wrapper tests (linked straight into the test, driven through their descriptors).
#pragma once

#include <switchboard/plugin.hpp>

#include <chrono>
#include <stdexcept>
#include <string>
#include <vector>

namespace sbtest {
namespace plugins {  // keeps `using namespace switchboard` out of the tests

using namespace switchboard;

// A channel whose recipient picks the outcome of send().
class Scripted final : public ChannelPlugin {
 public:
  static constexpr const char* id = "scripted";
  static constexpr const char* version = "2.0.0";
  static constexpr const char* description = "Outcome chosen by the recipient.";
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;
  static constexpr uint32_t flags = SB_FLAG_BLOCKING;
  static constexpr sb_config_field schema[] = {
      option::string("endpoint", "Where to post.").required(),
      option::string("token", "API token.").secret(),
      option::duration("timeout", "Budget.").withDefault("2s"),
  };

  Scripted(const Host& host, const Config& config) : host_(host), unhealthy_(config.boolean("unhealthy", false)) {
    if (config.has("explode")) throw std::runtime_error("constructor exploded");
    if (!config.has("endpoint")) throw InvalidConfig("endpoint is required");
  }

  SendResult send(const Message& m) override {
    const std::string_view r = m.recipient;
    if (r == "retry") throw Retry("rate limited", std::chrono::milliseconds(250));
    if (r == "retry-now") throw Retry("try again");
    if (r == "permanent") throw Permanent("no such mailbox");
    if (r == "gone") throw Permanent("token unregistered", Failure::RecipientGone);
    if (r == "invalid") throw InvalidConfig("bad credentials");
    if (r == "unsupported") throw Unsupported("no attachments");
    if (r == "error-ok") throw Error(SB_OK, "an error that claims success");
    if (r == "std") throw std::runtime_error("kaput");
    if (r == "int") throw 7;
    if (r == "no-id") return {};
    if (r == "http") {
      HttpResponse response = host_.http().post("https://api.example.com/send", "{}", "application/json");
      return {"http-" + std::to_string(response.status)};
    }
    host_.info("to=" + std::string(r) + " subject=" + std::string(m.subject));
    host_.metrics().counter("sent", 1, "kind=test");
    return {"id-" + std::string(m.notification_id)};
  }

  void health() override {
    if (unhealthy_) throw Retry("peer down", std::chrono::milliseconds(1000));
  }

 private:
  const Host& host_;
  bool unhealthy_;
};

// The least a channel can be: no schema, no webhook, no health, default threading.
class Bare final : public ChannelPlugin {
 public:
  static constexpr const char* id = "bare";
  static constexpr const char* version = "0.0.1";
  static constexpr const char* description = "Nothing optional.";
  Bare(const Host&, const Config&) {}
  SendResult send(const Message&) override { return {}; }
};

// A channel with a webhook that checks a signature header.
class Hooked final : public ChannelPlugin {
 public:
  static constexpr const char* id = "hooked";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* description = "Takes provider callbacks.";
  Hooked(const Host&, const Config&) {}
  SendResult send(const Message&) override { return {}; }
  void handleWebhook(const WebhookRequest& request, WebhookResponse& response) override {
    response.deliveryUpdate(std::string(request.body), "delivered");
    if (request.header("x-signature") != "good") {
      response.respond(403, "bad signature");
      throw Permanent("bad signature");
    }
    response.respond(202, "{\"ok\":true}", "application/json");
  }
};

// A recommender that remembers what fit() saw and replays it.
class Replay final : public RecommenderPlugin {
 public:
  static constexpr const char* id = "replay";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* description = "Recommends the items of the last fit, in order.";
  Replay(const Host&, const Config&) {}

  void fit(const Dataset& data) override {
    seen_.clear();
    for (Item item : data.items()) seen_.push_back(std::string(item.id) + "/" + std::string(item.category));
    Interactions all = data.interactions();
    for (std::size_t i = 0; i < all.size(); ++i)
      seen_.push_back(std::to_string(all[i].user) + ">" + std::to_string(all[i].item) + "@" +
                      std::to_string(all[i].weight));
  }
  std::vector<Candidate> recommend(const RecommendRequest& request) override {
    std::vector<Candidate> out;
    double score = 10;
    for (const std::string& s : seen_)
      if (!request.excluded(s)) out.push_back({s, score--});
    return out;
  }
  std::string save() override { return std::string("model\0bytes", 11); }
  void load(std::string_view model) override {
    if (model != "v1") throw Unsupported("unknown model format");
    seen_ = {"loaded"};
  }

  std::vector<std::string> seen_;
};

// A recommender with similar() and without persistence.
class Neighbours final : public RecommenderPlugin {
 public:
  static constexpr const char* id = "neighbours";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* description = "Similar items only.";
  Neighbours(const Host&, const Config&) {}
  void fit(const Dataset&) override {}
  std::vector<Candidate> recommend(const RecommendRequest&) override { throw Unsupported("cold start"); }
  std::vector<Candidate> similar(std::string_view item, uint32_t) override {
    return {{std::string(item) + "-a", 2}, {std::string(item) + "-b", 1}, {std::string(item) + "-c", 0.5}};
  }
};

// A rule that keeps every other candidate, reversed; user "bad" makes it emit a bad index.
class EveryOther final : public RulePlugin {
 public:
  static constexpr const char* id = "every_other";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* description = "Keeps even positions, reversed.";
  EveryOther(const Host&, const Config&) {}
  std::vector<RuleOutput> apply(const RuleInput& input) override {
    std::vector<RuleOutput> out;
    if (input.user_id == "bad") out.push_back({0, 1});
    if (input.user_id == "bad") out.push_back({input.candidates.size(), 1});
    for (std::size_t i = input.candidates.size(); i-- > 0;)
      if (i % 2 == 0) out.push_back({i, input.candidates[i].score + 1});
    return out;
  }
};

}  // namespace plugins

using plugins::Bare;
using plugins::EveryOther;
using plugins::Hooked;
using plugins::Neighbours;
using plugins::Replay;
using plugins::Scripted;

}  // namespace sbtest
