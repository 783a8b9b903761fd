// service_account: the fields of a Google service-account key file that the OAuth flow needs.
#pragma once

#include <string>

namespace fcm {

struct ServiceAccount {
  std::string client_email;     // the JWT issuer
  std::string private_key_pem;  // RSA private key, PEM (Google writes PKCS#8)
  std::string token_uri;        // where the signed assertion is exchanged; "" if absent
  std::string project_id;       // "" if absent (the instance config may name it)
};

// Parses the key file's JSON. Throws switchboard::InvalidConfig naming `source` and the
// missing or malformed field; the message never quotes the JSON, which holds the key.
ServiceAccount parseServiceAccount(const std::string& json, const std::string& source);

// The whole content of a key file. Throws switchboard::InvalidConfig with the path and
// the reason when it cannot be read (typically: not readable by the service user).
std::string readKeyFile(const std::string& path);

}  // namespace fcm
