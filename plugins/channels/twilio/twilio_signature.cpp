#include "twilio_signature.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/HMACEngine.h>
#include <Poco/SHA1Engine.h>

#include <algorithm>
#include <sstream>
#include <vector>

namespace twilio {
namespace {

std::string base64(const Poco::DigestEngine::Digest& digest) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);  // one line, as in the header
  encoder.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
  encoder.close();
  return out.str();
}

// Length first, then a data-independent comparison: the signature is a secret-derived
// value an attacker could otherwise guess byte by byte from response times.
bool constantTimeEquals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i)
    diff = static_cast<unsigned char>(diff | (static_cast<unsigned char>(a[i]) ^ static_cast<unsigned char>(b[i])));
  return diff == 0;
}

// `url` with its default port toggled ("https://h/x" <-> "https://h:443/x"), or "" when
// the scheme has no default port or the URL carries another port.
std::string withToggledDefaultPort(std::string_view url) {
  std::size_t scheme_end = url.find("://");
  if (scheme_end == std::string_view::npos) return {};
  std::string_view scheme = url.substr(0, scheme_end);
  std::string_view port = scheme == "https" ? "443" : scheme == "http" ? "80" : "";
  if (port.empty()) return {};
  std::size_t host_start = scheme_end + 3;
  std::size_t host_end = url.find_first_of("/?#", host_start);
  if (host_end == std::string_view::npos) host_end = url.size();
  std::string_view authority = url.substr(host_start, host_end - host_start);
  // The port colon comes after any user info and after an IPv6 literal's brackets.
  std::size_t host_from = authority.rfind('@');
  host_from = host_from == std::string_view::npos ? 0 : host_from + 1;
  std::size_t bracket = authority.rfind(']');
  std::size_t colon = authority.rfind(':');
  bool has_port = colon != std::string_view::npos && colon >= host_from &&
                  (bracket == std::string_view::npos || colon > bracket);
  std::string out(url.substr(0, host_start));
  if (!has_port) {
    out.append(authority).append(":").append(port);
  } else if (authority.substr(colon + 1) == port) {
    out.append(authority.substr(0, colon));
  } else {
    return {};
  }
  out.append(url.substr(host_end));
  return out;
}

}  // namespace

std::string computeSignature(std::string_view auth_token, std::string_view url, FormFields params) {
  // Sorted by name; a repeated name contributes each of its values, in sorted order
  // (what Twilio's helper libraries do).
  std::sort(params.begin(), params.end());
  Poco::HMACEngine<Poco::SHA1Engine> hmac{std::string(auth_token)};
  hmac.update(url.data(), url.size());
  for (const auto& [name, value] : params) {
    hmac.update(name);
    hmac.update(value);
  }
  return base64(hmac.digest());
}

bool signatureMatches(std::string_view auth_token, std::string_view url, const FormFields& params,
                      std::string_view signature) {
  if (signature.empty()) return false;
  if (constantTimeEquals(computeSignature(auth_token, url, params), signature)) return true;
  std::string other = withToggledDefaultPort(url);
  return !other.empty() && constantTimeEquals(computeSignature(auth_token, other, params), signature);
}

}  // namespace twilio
