#include "ws/WsFrame.hpp"

namespace sb::ws {

std::string encodeFrame(Opcode opcode, std::string_view payload) {
  std::string out;
  const size_t n = payload.size();
  out.reserve(n + 10);
  out.push_back(static_cast<char>(0x80 | static_cast<uint8_t>(opcode)));
  if (n < 126) {
    out.push_back(static_cast<char>(n));
  } else if (n <= 0xFFFF) {
    out.push_back(static_cast<char>(126));
    out.push_back(static_cast<char>((n >> 8) & 0xFF));
    out.push_back(static_cast<char>(n & 0xFF));
  } else {
    out.push_back(static_cast<char>(127));
    for (int shift = 56; shift >= 0; shift -= 8) out.push_back(static_cast<char>((static_cast<uint64_t>(n) >> shift) & 0xFF));
  }
  out.append(payload);
  return out;
}

std::string encodeClose(uint16_t code, std::string_view reason) {
  std::string payload;
  payload.push_back(static_cast<char>(code >> 8));
  payload.push_back(static_cast<char>(code & 0xFF));
  payload.append(reason.substr(0, 123));  // control frames carry at most 125 bytes
  return encodeFrame(Opcode::Close, payload);
}

namespace {

bool isControl(uint8_t opcode) { return opcode & 0x8; }
bool isKnown(uint8_t opcode) { return opcode <= 0x2 || (opcode >= 0x8 && opcode <= 0xA); }

}  // namespace

std::optional<Message> FrameParser::next() {
  for (;;) {
    const size_t available = buffer_.size() - pos_;
    if (available < 2) return std::nullopt;
    const auto* p = reinterpret_cast<const uint8_t*>(buffer_.data() + pos_);
    const bool fin = p[0] & 0x80;
    const uint8_t opcode = p[0] & 0x0F;
    if (p[0] & 0x70) throw ProtocolError(kCloseProtocolError, "reserved bits set (no extension was negotiated)");
    if (!isKnown(opcode)) throw ProtocolError(kCloseProtocolError, "unknown opcode");
    if (!(p[1] & 0x80)) throw ProtocolError(kCloseProtocolError, "client frames must be masked");
    uint64_t length = p[1] & 0x7F;
    size_t header = 2;
    if (length == 126) {
      if (available < 4) return std::nullopt;
      length = (uint64_t{p[2]} << 8) | p[3];
      header = 4;
    } else if (length == 127) {
      if (available < 10) return std::nullopt;
      length = 0;
      for (int i = 0; i < 8; ++i) length = (length << 8) | p[2 + i];
      header = 10;
    }
    if (isControl(opcode) && (length > 125 || !fin))
      throw ProtocolError(kCloseProtocolError, "control frames must be whole and at most 125 bytes");
    if (length + fragments_.size() > max_message_) throw ProtocolError(kCloseTooBig, "message too big");
    if (available < header + 4 + length) return std::nullopt;

    const uint8_t* mask = p + header;
    std::string payload(reinterpret_cast<const char*>(p + header + 4), static_cast<size_t>(length));
    for (size_t i = 0; i < payload.size(); ++i) payload[i] = static_cast<char>(payload[i] ^ mask[i % 4]);
    pos_ += header + 4 + static_cast<size_t>(length);

    if (isControl(opcode)) return Message{static_cast<Opcode>(opcode), std::move(payload)};
    if (opcode == 0x0) {
      if (!fragment_opcode_) throw ProtocolError(kCloseProtocolError, "continuation without a message");
      fragments_ += payload;
      if (!fin) continue;
      Message m{*fragment_opcode_, std::move(fragments_)};
      fragments_.clear();
      fragment_opcode_.reset();
      return m;
    }
    if (fragment_opcode_) throw ProtocolError(kCloseProtocolError, "new message before the last one finished");
    if (fin) return Message{static_cast<Opcode>(opcode), std::move(payload)};
    fragment_opcode_ = static_cast<Opcode>(opcode);
    fragments_ = std::move(payload);
  }
}

void FrameParser::compact() {
  if (pos_ == 0) return;
  if (pos_ >= buffer_.size()) {
    std::string().swap(buffer_);  // release the memory: idle sockets keep no buffer
  } else {
    buffer_.erase(0, pos_);
  }
  pos_ = 0;
}

}  // namespace sb::ws
