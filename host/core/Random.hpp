// Random: identifiers and secrets from the OS's cryptographic random source.
#pragma once

#include <cstddef>
#include <string>

namespace sb {

// `bytes` random bytes, URL-safe base64 without padding (for secrets and tokens).
std::string randomToken(std::size_t bytes);
// `chars` random lower-case hex characters (for ids that appear in URLs and logs).
std::string randomHexId(std::size_t chars);

}  // namespace sb
