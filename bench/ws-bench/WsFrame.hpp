// RFC 6455 framing for a WebSocket *client*: masked frames out, unmasked frames in.
#pragma once

#include <cstddef>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <string_view>

namespace wsb {

enum class Opcode : uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

struct Frame {
  bool fin = false;
  Opcode opcode = Opcode::Continuation;
  std::string_view payload;  // points into the buffer given to parseFrame
};

// A frame a client must not accept (RFC 6455 §5): the connection is failed.
struct ProtocolError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// Frames larger than this are refused (a notification is a few hundred bytes).
inline constexpr uint64_t kMaxPayload = 16 * 1024 * 1024;

// Appends one client frame (FIN set, payload masked with `mask`) to `out`.
void appendClientFrame(std::string& out, Opcode opcode, std::string_view payload, uint32_t mask);

// Parses the frame starting at buf[pos]. Returns the bytes it spans, or 0 when the buffer does
// not hold the whole frame yet. Throws ProtocolError on a frame a server must not send (masked,
// reserved bits or opcodes, fragmented or oversized control frames).
size_t parseFrame(std::string_view buf, size_t pos, Frame& frame);

// "Sec-WebSocket-Accept" the server must answer for `key` (base64 of SHA-1 of key + GUID).
std::string acceptKeyFor(const std::string& key);

}  // namespace wsb
