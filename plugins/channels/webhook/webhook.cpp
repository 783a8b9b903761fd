// webhook: POSTs each rendered notification as JSON to the operator's URL, signed with a
// shared secret so the receiver can tell it came from us and is fresh. All HTTP goes
// through the host's client, so timeouts, the call deadline and TLS verification are the
// host's; connection errors and timeouts come back from it as Retry.
#include "webhook_config.hpp"
#include "webhook_payload.hpp"
#include "webhook_signature.hpp"

#include <switchboard/plugin.hpp>

#include <string>

namespace {

using switchboard::Permanent;
using switchboard::Retry;

std::string excerpt(const std::string& body) {
  constexpr std::size_t kLimit = 200;
  std::string out = body.substr(0, kLimit);
  for (char& c : out)
    if (c == '\n' || c == '\r') c = ' ';
  return body.size() > kLimit ? out + "..." : out;
}

class WebhookChannel final : public switchboard::ChannelPlugin {
 public:
  static constexpr const char* id = "webhook";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description = "POSTs each notification as signed JSON to a configured URL.";
  // The members are fixed at creation; each call works on its own stack.
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;
  static constexpr uint32_t flags = SB_FLAG_BLOCKING;
  static constexpr sb_config_field schema[] = {
      switchboard::option::string("url", "Where to POST each notification (http:// or https://).").required(),
      switchboard::option::string("secret", "Key of the HMAC-SHA256 signature the receiver checks.")
          .required()
          .secret(),
      switchboard::option::string("signature_header", "Header carrying the signature 't=<unix s>,v1=<hex>'.")
          .withDefault("X-Switchboard-Signature"),
      switchboard::option::duration("timeout", "Overall deadline of one POST.").withDefault("10s"),
      // Secret because extra headers usually carry the receiver's credentials (Authorization).
      switchboard::option::json("headers", "Extra headers to send, as a map of names to values.")
          .withDefault("{}")
          .secret(),
  };

  WebhookChannel(const switchboard::Host& host, const switchboard::Config& config)
      : host_(host), settings_(webhook::readSettings(config)) {}

  switchboard::SendResult send(const switchboard::Message& message) override {
    const int64_t now_ms = host_.nowMs();
    switchboard::HttpRequest request;
    request.method = "POST";
    request.url = settings_.url;
    request.body = webhook::renderPayload(message, now_ms);
    request.deadline = settings_.timeout;
    // The default User-Agent first: the host's client keeps the last of equal names, so an
    // operator's own User-Agent in `headers` wins.
    request.headers.emplace_back("User-Agent", std::string("Switchboard-Webhook/") + version);
    request.headers.insert(request.headers.end(), settings_.headers.begin(), settings_.headers.end());
    request.headers.emplace_back("Content-Type", "application/json");
    // Stable across retries of one notification: receivers de-duplicate with it.
    request.headers.emplace_back(webhook::kNotificationIdHeader, std::string(message.notification_id));
    request.headers.emplace_back(settings_.signature_header,
                                 webhook::signatureHeaderValue(settings_.secret, now_ms / 1000, request.body));

    switchboard::HttpResponse response = host_.http().send(request);
    const int status = response.status;
    if (status >= 200 && status < 300) return {std::string(message.notification_id)};

    std::string reason = "receiver answered " + std::to_string(status);
    if (!response.body.empty()) reason += ": " + excerpt(response.body);
    // 408 and 429 say "not now"; 5xx is the receiver's trouble: all worth another try.
    if (status == 408 || status == 429 || status >= 500)
      throw Retry(reason, response.retryAfter(now_ms));
    // Other 4xx (and 3xx: redirects are not followed) will not change on a retry.
    throw Permanent(reason);
  }

 private:
  const switchboard::Host& host_;  // outlives this object
  const webhook::Settings settings_;
};

}  // namespace

SWITCHBOARD_PLUGIN(WebhookChannel);
