#include "WsFrame.hpp"

#include <Poco/Base64Encoder.h>
#include <Poco/SHA1Engine.h>

#include <sstream>

namespace wsb {

void appendClientFrame(std::string& out, Opcode opcode, std::string_view payload, uint32_t mask) {
  out.push_back(static_cast<char>(0x80 | static_cast<uint8_t>(opcode)));
  const uint64_t n = payload.size();
  if (n < 126) {
    out.push_back(static_cast<char>(0x80 | n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(n >> 8));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((n >> shift) & 0xFF));
  }
  const uint8_t key[4] = {static_cast<uint8_t>(mask >> 24), static_cast<uint8_t>(mask >> 16),
                          static_cast<uint8_t>(mask >> 8), static_cast<uint8_t>(mask)};
  out.append(reinterpret_cast<const char*>(key), 4);
  const size_t start = out.size();
  out.append(payload);
  for (size_t i = 0; i < n; ++i) out[start + i] = static_cast<char>(out[start + i] ^ key[i & 3]);
}

size_t parseFrame(std::string_view buf, size_t pos, Frame& frame) {
  const size_t avail = buf.size() - pos;
  if (avail < 2) return 0;
  const auto* p = reinterpret_cast<const uint8_t*>(buf.data() + pos);
  if (p[0] & 0x70) throw ProtocolError("reserved bits set in a frame");
  frame.fin = (p[0] & 0x80) != 0;
  const uint8_t op = p[0] & 0x0F;
  if ((op > 0x2 && op < 0x8) || op > 0xA) throw ProtocolError("reserved opcode " + std::to_string(op));
  frame.opcode = static_cast<Opcode>(op);
  if (p[1] & 0x80) throw ProtocolError("server sent a masked frame");
  uint64_t len = p[1] & 0x7F;
  size_t header = 2;
  if (len == 126) {
    if (avail < 4) return 0;
    len = (uint64_t(p[2]) << 8) | p[3];
    header = 4;
  } else if (len == 127) {
    if (avail < 10) return 0;
    len = 0;
    for (int i = 0; i < 8; ++i) len = (len << 8) | p[2 + i];
    header = 10;
  }
  const bool control = op >= 0x8;
  if (control && (len > 125 || !frame.fin)) throw ProtocolError("fragmented or oversized control frame");
  if (len > kMaxPayload) throw ProtocolError("frame of " + std::to_string(len) + " bytes");
  if (avail < header + len) return 0;
  frame.payload = buf.substr(pos + header, len);
  return header + len;
}

std::string acceptKeyFor(const std::string& key) {
  Poco::SHA1Engine sha1;
  sha1.update(key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11");
  const auto& digest = sha1.digest();
  std::ostringstream out;
  Poco::Base64Encoder b64(out);
  b64.write(reinterpret_cast<const char*>(digest.data()), static_cast<std::streamsize>(digest.size()));
  b64.close();
  return out.str();
}

}  // namespace wsb
