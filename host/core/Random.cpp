#include "core/Random.hpp"

#include <Poco/RandomStream.h>

#include <array>
#include <stdexcept>

namespace sb {
namespace {

void fillRandom(unsigned char* out, std::size_t n) {
  // Poco::RandomInputStream reads /dev/urandom (getrandom) — a CSPRNG.
  Poco::RandomInputStream rnd;
  rnd.read(reinterpret_cast<char*>(out), static_cast<std::streamsize>(n));
  if (static_cast<std::size_t>(rnd.gcount()) != n) throw std::runtime_error("random source failed");
}

}  // namespace

std::string randomToken(std::size_t bytes) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
  std::string raw(bytes, '\0');
  fillRandom(reinterpret_cast<unsigned char*>(raw.data()), bytes);
  std::string out;
  out.reserve((bytes * 4 + 2) / 3);
  unsigned int buffer = 0;
  int bits = 0;
  for (unsigned char c : raw) {
    buffer = (buffer << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out.push_back(kAlphabet[(buffer >> bits) & 0x3F]);
    }
  }
  if (bits > 0) out.push_back(kAlphabet[(buffer << (6 - bits)) & 0x3F]);
  return out;
}

std::string randomHexId(std::size_t chars) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string raw((chars + 1) / 2, '\0');
  fillRandom(reinterpret_cast<unsigned char*>(raw.data()), raw.size());
  std::string out;
  out.reserve(chars);
  for (unsigned char c : raw) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xF]);
  }
  out.resize(chars);
  return out;
}

}  // namespace sb
