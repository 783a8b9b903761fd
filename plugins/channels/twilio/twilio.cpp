// twilio: delivers SMS through Twilio's Messages API and turns Twilio's signed status
// callbacks into delivery updates. All HTTP goes through the host's client, so timeouts,
// the call deadline and TLS verification are the host's.
#include "form_encoding.hpp"
#include "twilio_config.hpp"
#include "twilio_response.hpp"
#include "twilio_signature.hpp"

#include <switchboard/plugin.hpp>

#include <Poco/Base64Encoder.h>

#include <sstream>
#include <string>
#include <string_view>

namespace {

using switchboard::Failure;
using switchboard::Permanent;

std::string basicAuthorization(const std::string& user, const std::string& password) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);  // a header value is one line
  encoder << user << ':' << password;
  encoder.close();
  return "Basic " + out.str();
}

// Twilio's MessageStatus -> the host's delivery status; "" = not worth an update
// (queued, accepted, sending, scheduled: the message is still on its way; receiving,
// received, read: not about an outbound SMS's delivery).
std::string_view deliveryStatus(std::string_view twilio_status) {
  if (twilio_status == "delivered") return "delivered";
  if (twilio_status == "undelivered") return "undelivered";
  if (twilio_status == "failed") return "failed";
  if (twilio_status == "sent") return "sent";
  return {};
}

std::string field(const twilio::FormFields& fields, std::string_view name) {
  for (const auto& [key, value] : fields)
    if (key == name) return value;
  return {};
}

class TwilioChannel final : public switchboard::ChannelPlugin {
 public:
  static constexpr const char* id = "twilio";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description = "SMS through Twilio's Messages API, with signed delivery status callbacks.";
  // Everything mutable lives on the stack of each call; the members are fixed at creation.
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;
  static constexpr uint32_t flags = SB_FLAG_BLOCKING;
  static constexpr sb_config_field schema[] = {
      switchboard::option::string("account_sid", "Twilio Account SID (AC...); also the user of HTTP Basic auth.")
          .required(),
      switchboard::option::string("auth_token",
                                  "Twilio Auth Token: the API password and the key of the status callbacks' signature.")
          .required()
          .secret(),
      switchboard::option::string("from", "Sender: an E.164 number, short code or alphanumeric sender id. "
                                          "Set exactly one of from / messaging_service_sid."),
      switchboard::option::string("messaging_service_sid", "Messaging Service SID (MG...) that picks the sender. "
                                                            "Set exactly one of from / messaging_service_sid."),
      switchboard::option::string("base_url", "Twilio API base URL (tests point it at a local server).")
          .withDefault("https://api.twilio.com"),
      switchboard::option::duration("timeout", "Overall deadline of one Messages API request.").withDefault("10s"),
      switchboard::option::string("webhook_url", "The exact URL Twilio calls for status callbacks, when a proxy "
                                                  "rewrites it; default: server.public_url + /webhooks/<instance>."),
  };

  TwilioChannel(const switchboard::Host& host, const switchboard::Config& config)
      : host_(host),
        settings_(twilio::readSettings(config)),
        authorization_(basicAuthorization(settings_.account_sid, settings_.auth_token)),
        status_callback_(settings_.webhook_url.empty() ? host.webhookUrl() : settings_.webhook_url) {
    if (status_callback_.empty())
      host_.warn("server.public_url is not set: Twilio will send no delivery status callbacks for this instance");
  }

  switchboard::SendResult send(const switchboard::Message& message) override {
    if (message.recipient.empty()) throw Permanent("no recipient phone number", Failure::Recipient);
    // An SMS has no subject; a notification with only a title still gets delivered.
    std::string_view body = message.text.empty() ? message.subject : message.text;

    twilio::FormFields form{{"To", std::string(message.recipient)}, {"Body", std::string(body)}};
    if (!settings_.from.empty()) form.emplace_back("From", settings_.from);
    else form.emplace_back("MessagingServiceSid", settings_.messaging_service_sid);
    if (!status_callback_.empty()) form.emplace_back("StatusCallback", status_callback_);

    switchboard::HttpRequest request;
    request.method = "POST";
    request.url = settings_.messages_url;
    request.headers = {{"Authorization", authorization_},
                       {"Content-Type", "application/x-www-form-urlencoded"},
                       {"Accept", "application/json"}};
    request.body = twilio::formEncode(form);
    request.deadline = settings_.timeout;
    // Connection errors and timeouts come back as Retry from the host's client.
    switchboard::HttpResponse response = host_.http().send(request);
    return {twilio::messageSidOrThrow(response, host_.nowMs())};
  }

  void handleWebhook(const switchboard::WebhookRequest& request, switchboard::WebhookResponse& response) override {
    if (request.method != "POST") {
      response.respond(405, "status callbacks are POSTed\n");
      throw Permanent("status callback with method " + std::string(request.method) + ", expected POST");
    }
    twilio::FormFields params = twilio::formDecode(request.body);
    // Twilio signs the URL it called: ours, unless a proxy in front rewrites it.
    std::string_view url = settings_.webhook_url.empty() ? request.url : std::string_view(settings_.webhook_url);
    std::string_view signature = request.header("X-Twilio-Signature");
    if (!twilio::signatureMatches(settings_.auth_token, url, params, signature)) {
      // Nothing of an unauthenticated request is reported: the wrapper drops updates on a throw.
      response.respond(403, "invalid signature\n");
      throw Permanent(signature.empty() ? "invalid signature: no X-Twilio-Signature header" : "invalid signature");
    }

    std::string sid = field(params, "MessageSid");
    std::string_view status = deliveryStatus(field(params, "MessageStatus"));
    if (!sid.empty() && !status.empty()) {
      std::string code = field(params, "ErrorCode");
      std::string text = field(params, "ErrorMessage");
      std::string error = code.empty() ? text : text.empty() ? code : code + ": " + text;
      response.deliveryUpdate(sid, std::string(status), error);
    }
    // Twilio ignores the body of a status callback's answer, but expects TwiML-shaped XML.
    response.respond(200, "<Response/>", "text/xml");
  }

 private:
  const switchboard::Host& host_;  // outlives this object
  const twilio::Settings settings_;
  const std::string authorization_;
  const std::string status_callback_;  // "" = do not ask Twilio for callbacks
};

}  // namespace

SWITCHBOARD_PLUGIN(TwilioChannel);
