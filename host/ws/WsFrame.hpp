// WsFrame: RFC 6455 framing, written here rather than through Poco's WebSocket because
// the event loop needs non-blocking, partial reads and writes: Poco's receiveFrame blocks
// until a whole frame arrived and its sendFrame cannot resume half-written frames.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

namespace sb::ws {

enum class Opcode : uint8_t { Continuation = 0x0, Text = 0x1, Binary = 0x2, Close = 0x8, Ping = 0x9, Pong = 0xA };

// Close codes used by the server.
inline constexpr uint16_t kCloseNormal = 1000;
inline constexpr uint16_t kCloseGoingAway = 1001;
inline constexpr uint16_t kCloseProtocolError = 1002;
inline constexpr uint16_t kClosePolicy = 1008;     // e.g. missed pongs, slow consumer
inline constexpr uint16_t kCloseTooBig = 1009;
inline constexpr uint16_t kCloseServerError = 1011;

// A server frame: FIN set, unmasked (RFC 6455 5.1: servers never mask).
std::string encodeFrame(Opcode opcode, std::string_view payload);
std::string encodeClose(uint16_t code, std::string_view reason);

// A client violated the protocol; the connection is closed with `code`.
struct ProtocolError : std::runtime_error {
  ProtocolError(uint16_t closeCode, const std::string& what) : std::runtime_error(what), code(closeCode) {}
  uint16_t code;
};

struct Message {
  Opcode opcode;  // Text, Binary (reassembled), Close, Ping or Pong
  std::string payload;
};

// Incremental parser of client frames: feed whatever recv() returned, take whole
// messages. Client frames must be masked; data messages may be fragmented (control frames
// may interleave). Keeps only an incomplete tail between calls, so an idle connection
// holds no buffer.
class FrameParser {
 public:
  explicit FrameParser(size_t maxMessageBytes) : max_message_(maxMessageBytes) {}

  void feed(const char* data, size_t size) { buffer_.append(data, size); }
  // The next whole message, if the bytes fed so far hold one. Throws ProtocolError.
  std::optional<Message> next();
  // Drops the consumed prefix (call after draining next()).
  void compact();

 private:
  size_t max_message_;
  std::string buffer_;
  size_t pos_ = 0;
  std::string fragments_;  // a fragmented data message in progress
  std::optional<Opcode> fragment_opcode_;
};

}  // namespace sb::ws
