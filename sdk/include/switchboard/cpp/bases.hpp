// switchboard/cpp/bases.hpp — part of plugin.hpp (include that, not this). Base classes: ChannelPlugin, RecommenderPlugin, RulePlugin.
#ifndef SWITCHBOARD_CPP_BASES_HPP
#define SWITCHBOARD_CPP_BASES_HPP

#ifndef SWITCHBOARD_PLUGIN_HPP
#error "include <switchboard/plugin.hpp>, not its parts"
#endif

namespace switchboard {

// ============================================================== base classes

namespace detail {
class PluginBase {
 public:
  PluginBase() = default;
  PluginBase(const PluginBase&) = delete;
  PluginBase& operator=(const PluginBase&) = delete;
  // Destructors must not throw (the host's destroy() cannot fail).
  virtual ~PluginBase() = default;
  // Optional: throw when the instance cannot work (credentials rejected, peer down).
  // Only offered to the host when your class overrides it. Cheap; host thread.
  virtual void health() {}
};
}  // namespace detail

class ChannelPlugin : public detail::PluginBase {
 public:
  // Deliver one message; return the provider's message id. Blocking is fine when you
  // declare `static constexpr uint32_t flags = SB_FLAG_BLOCKING;`.
  virtual SendResult send(const Message& message) = 0;
  // Optional: verify and apply a provider callback. Only offered to the host when your
  // class overrides it.
  virtual void handleWebhook(const WebhookRequest&, WebhookResponse&) {
    throw Unsupported("this channel takes no webhooks");
  }
};

class RecommenderPlugin : public detail::PluginBase {
 public:
  // Train on a snapshot; never overlapped with another fit() on one object. With
  // REENTRANT, recommend() may run meanwhile: build the new model aside, swap it in at
  // the end under your own lock.
  virtual void fit(const Dataset& data) = 0;
  // Best first; the wrapper passes on at most request.limit. Throw Unsupported (or return
  // nothing) for a user you cannot serve, so the host takes its fallback chain.
  virtual std::vector<Candidate> recommend(const RecommendRequest& request) = 0;
  // Optional: items like `item_id`, best first. Only offered when overridden.
  virtual std::vector<Candidate> similar(std::string_view, uint32_t) {
    throw Unsupported("this recommender has no similar-items");
  }
  // The trained model as bytes (std::string as a byte buffer); the host stores them.
  virtual std::string save() { throw Unsupported("this recommender cannot save its model"); }
  // Replace the model with bytes from save(), maybe by an older version of the plugin:
  // throw Unsupported for a format you cannot read, and the host retrains.
  virtual void load(std::string_view) { throw Unsupported("this recommender cannot load a model"); }
};

class RulePlugin : public detail::PluginBase {
 public:
  // The candidates to keep, in their new order; leaving one out drops it.
  virtual std::vector<RuleOutput> apply(const RuleInput& input) = 0;
};

}  // namespace switchboard

#endif  // SWITCHBOARD_CPP_BASES_HPP
