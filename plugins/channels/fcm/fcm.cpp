// fcm: push notifications through Firebase Cloud Messaging's HTTP v1 API.
// The recipient is a device registration token. Authentication is a Google service
// account: a JWT signed with its key is traded for an access token, cached and shared by
// every sending thread until shortly before it expires.
#include "fcm_errors.hpp"
#include "fcm_message.hpp"
#include "jwt_assertion.hpp"
#include "oauth_token_cache.hpp"
#include "service_account.hpp"
#include "token_endpoint.hpp"

#include <switchboard/plugin.hpp>

#include <chrono>
#include <memory>
#include <string>

namespace {

using switchboard::Failure;
using switchboard::InvalidConfig;
using switchboard::Permanent;

constexpr const char* kScope = "https://www.googleapis.com/auth/firebase.messaging";
constexpr const char* kDefaultTokenUri = "https://oauth2.googleapis.com/token";

bool isHttpUrl(const std::string& url) { return url.rfind("https://", 0) == 0 || url.rfind("http://", 0) == 0; }

// Project ids are [a-z0-9-], with an optional "domain.com:" prefix; anything else would
// change the request path.
bool isProjectId(const std::string& id) {
  if (id.empty()) return false;
  for (char c : id)
    if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '.' ||
          c == ':' || c == '_'))
      return false;
  return true;
}

// The service account from whichever of the two keys is set (exactly one must be).
fcm::ServiceAccount loadServiceAccount(const switchboard::Config& config) {
  std::string inline_json = config.string("service_account_json", "");
  std::string file = config.string("service_account_file", "");
  if (!inline_json.empty() && !file.empty())
    throw InvalidConfig("set service_account_json or service_account_file, not both");
  if (!file.empty()) return fcm::parseServiceAccount(fcm::readKeyFile(file), "service_account_file '" + file + "'");
  if (!inline_json.empty()) return fcm::parseServiceAccount(inline_json, "service_account_json");
  throw InvalidConfig("no service account: set service_account_file (a key file path) or service_account_json");
}

class FcmChannel final : public switchboard::ChannelPlugin {
 public:
  static constexpr const char* id = "fcm";
  static constexpr const char* version = "0.1.0";
  static constexpr const char* description = "Push notifications through Firebase Cloud Messaging (HTTP v1).";
  // Configuration is fixed in the constructor; the token cache locks itself.
  static constexpr uint32_t threading = SB_THREADING_REENTRANT;
  static constexpr uint32_t flags = SB_FLAG_BLOCKING;
  static constexpr sb_config_field schema[] = {
      switchboard::option::string("service_account_json",
                                  "The service-account key file's JSON content (use ${ENV}); or service_account_file.")
          .secret(),
      switchboard::option::string("service_account_file",
                                  "Path of the service-account key file (JSON), readable by the service user."),
      switchboard::option::string("project_id", "Firebase project id; default: project_id of the service account."),
      switchboard::option::string("base_url", "FCM API base URL.").withDefault("https://fcm.googleapis.com"),
      switchboard::option::string("token_uri", "OAuth token endpoint; default: token_uri of the service account."),
      switchboard::option::duration("timeout", "Budget of each HTTP request (token or send).").withDefault("10s"),
      switchboard::option::boolean("dry_run", "Ask FCM to validate messages without delivering them.")
          .withDefault("false"),
  };

  FcmChannel(const switchboard::Host& host, const switchboard::Config& config)
      : host_(host),
        account_(loadServiceAccount(config)),
        signer_(std::make_unique<fcm::AssertionSigner>(account_.private_key_pem)),
        token_uri_(config.string("token_uri", "")),
        project_id_(config.string("project_id", "")),
        base_url_(config.string("base_url")),
        timeout_(config.duration("timeout")),
        dry_run_(config.boolean("dry_run")),
        tokens_([this] { return fetchToken(); }, [this] { return host_.nowMs(); }) {
    if (token_uri_.empty()) token_uri_ = account_.token_uri.empty() ? kDefaultTokenUri : account_.token_uri;
    if (project_id_.empty()) project_id_ = account_.project_id;
    if (project_id_.empty()) throw InvalidConfig("no project_id: set it, or use a key file that has one");
    if (!isProjectId(project_id_)) throw InvalidConfig("project_id '" + project_id_ + "' is not a project id");
    if (!isHttpUrl(base_url_)) throw InvalidConfig("base_url must start with https:// or http://");
    if (!isHttpUrl(token_uri_)) throw InvalidConfig("token_uri must start with https:// or http://");
    while (!base_url_.empty() && base_url_.back() == '/') base_url_.pop_back();
    if (timeout_.count() <= 0) throw InvalidConfig("timeout must be positive");
    if (!host_.http().available()) throw InvalidConfig("this host offers no HTTP client");
    send_url_ = base_url_ + "/v1/projects/" + project_id_ + "/messages:send";
  }

  switchboard::SendResult send(const switchboard::Message& message) override {
    if (message.recipient.empty()) throw Permanent("no device token", Failure::Recipient);
    const std::string body = fcm::buildSendBody(message, dry_run_);
    std::string token = tokens_.get();
    switchboard::HttpResponse response = post(token, body);
    if (response.status == 401 && fcm::parseGoogleError(response.body).error_code != "THIRD_PARTY_AUTH_ERROR") {
      // Our token was revoked or expired early: one fresh token, one more attempt. A 401
      // means FCM did not take the message, so sending it again cannot duplicate it.
      // (THIRD_PARTY_AUTH_ERROR is a 401 about the APNs/web-push credentials instead.)
      tokens_.invalidate(token);
      token = tokens_.get();
      response = post(token, body);
    }
    if (response.status == 200) return {fcm::messageName(response.body)};
    fcm::throwSendFailure(response, host_.nowMs());
  }

  // Credentials that no longer work show up here before the next notification fails.
  void health() override { tokens_.get(); }

 private:
  switchboard::HttpResponse post(const std::string& token, const std::string& body) const {
    switchboard::HttpRequest request;
    request.method = "POST";
    request.url = send_url_;
    request.headers.emplace_back("Authorization", "Bearer " + token);
    request.headers.emplace_back("Content-Type", "application/json; charset=UTF-8");
    request.body = body;
    request.deadline = timeout_;
    return host_.http().send(request);
  }

  // Runs under the token cache's lock.
  fcm::AccessToken fetchToken() const {
    fcm::AssertionClaims claims;
    claims.issuer = account_.client_email;
    claims.scope = kScope;
    claims.audience = token_uri_;
    const int64_t now_ms = host_.nowMs();
    claims.issued_at_s = now_ms / 1000;
    fcm::AccessToken token =
        fcm::exchangeAssertion(host_.http(), token_uri_, signer_->sign(claims), timeout_, now_ms);
    host_.metrics().counter("token_fetches");
    host_.debug("fetched an FCM access token valid for " + std::to_string(token.lifetime.count()) + " s");
    return token;
  }

  const switchboard::Host& host_;  // outlives this object
  fcm::ServiceAccount account_;
  std::unique_ptr<fcm::AssertionSigner> signer_;
  std::string token_uri_;
  std::string project_id_;
  std::string base_url_;
  std::string send_url_;
  std::chrono::milliseconds timeout_;
  bool dry_run_;
  fcm::OAuthTokenCache tokens_;
};

}  // namespace

SWITCHBOARD_PLUGIN(FcmChannel);
