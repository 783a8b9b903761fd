// RFC 6455 framing: what the server writes and how it reads masked, fragmented, split or
// hostile client frames.
#include "ws/WsFrame.hpp"

#include <gtest/gtest.h>

namespace sb::ws {
namespace {

// A client frame: masked with a fixed key.
std::string clientFrame(uint8_t firstByte, const std::string& payload) {
  const uint8_t mask[4] = {0x11, 0x22, 0x33, 0x44};
  std::string out;
  out.push_back(static_cast<char>(firstByte));
  if (payload.size() < 126) {
    out.push_back(static_cast<char>(0x80 | payload.size()));
  } else {
    out.push_back(static_cast<char>(0x80 | 126));
    out.push_back(static_cast<char>(payload.size() >> 8));
    out.push_back(static_cast<char>(payload.size() & 0xFF));
  }
  out.append(reinterpret_cast<const char*>(mask), 4);
  for (size_t i = 0; i < payload.size(); ++i) out.push_back(static_cast<char>(payload[i] ^ mask[i % 4]));
  return out;
}

TEST(WsFrame, ServerFramesAreUnmaskedWithTheRightLengthEncoding) {
  auto small = encodeFrame(Opcode::Text, "hi");
  ASSERT_EQ(small.size(), 4u);
  EXPECT_EQ(static_cast<uint8_t>(small[0]), 0x81);
  EXPECT_EQ(static_cast<uint8_t>(small[1]), 2);
  auto medium = encodeFrame(Opcode::Text, std::string(300, 'x'));
  EXPECT_EQ(static_cast<uint8_t>(medium[1]), 126);
  EXPECT_EQ(medium.size(), 4u + 300u);
  auto large = encodeFrame(Opcode::Binary, std::string(70000, 'x'));
  EXPECT_EQ(static_cast<uint8_t>(large[1]), 127);
  EXPECT_EQ(large.size(), 10u + 70000u);
  auto close = encodeClose(1008, "missed pongs");
  EXPECT_EQ(static_cast<uint8_t>(close[0]), 0x88);
  EXPECT_EQ(static_cast<uint8_t>(close[2]), 1008 >> 8);
  EXPECT_EQ(static_cast<uint8_t>(close[3]), 1008 & 0xFF);
}

TEST(WsFrame, ParsesMaskedMessagesFedAByteAtATime) {
  FrameParser parser(1024);
  std::string bytes = clientFrame(0x81, "{\"type\":\"ping\"}") + clientFrame(0x89, "p");
  std::vector<Message> got;
  for (char c : bytes) {
    parser.feed(&c, 1);
    while (auto m = parser.next()) got.push_back(*m);
    parser.compact();
  }
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].opcode, Opcode::Text);
  EXPECT_EQ(got[0].payload, "{\"type\":\"ping\"}");
  EXPECT_EQ(got[1].opcode, Opcode::Ping);
  EXPECT_EQ(got[1].payload, "p");
}

TEST(WsFrame, ReassemblesFragmentsWithControlFramesBetween) {
  FrameParser parser(1024);
  std::string bytes = clientFrame(0x01, "hel") + clientFrame(0x8A, "") + clientFrame(0x80, "lo");
  parser.feed(bytes.data(), bytes.size());
  auto pong = parser.next();
  ASSERT_TRUE(pong);
  EXPECT_EQ(pong->opcode, Opcode::Pong);
  auto text = parser.next();
  ASSERT_TRUE(text);
  EXPECT_EQ(text->opcode, Opcode::Text);
  EXPECT_EQ(text->payload, "hello");
  EXPECT_FALSE(parser.next());
}

TEST(WsFrame, LongerMessagesUseTheExtendedLength) {
  FrameParser parser(100000);
  std::string payload(1000, 'z');
  std::string bytes = clientFrame(0x81, payload);
  parser.feed(bytes.data(), bytes.size());
  auto m = parser.next();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->payload, payload);
}

TEST(WsFrame, RefusesUnmaskedOversizedAndMalformedFrames) {
  auto refuse = [](const std::string& bytes, size_t max, uint16_t code) {
    FrameParser parser(max);
    parser.feed(bytes.data(), bytes.size());
    try {
      parser.next();
      ADD_FAILURE() << "accepted";
    } catch (const ProtocolError& e) {
      EXPECT_EQ(e.code, code) << e.what();
    }
  };
  refuse(std::string("\x81\x02hi", 4), 1024, kCloseProtocolError);               // unmasked
  refuse(clientFrame(0x81, std::string(200, 'x')), 100, kCloseTooBig);           // too big
  refuse(clientFrame(0xC1, "x"), 1024, kCloseProtocolError);                     // reserved bit
  refuse(clientFrame(0x83, "x"), 1024, kCloseProtocolError);                     // unknown opcode
  refuse(clientFrame(0x80, "x"), 1024, kCloseProtocolError);                     // continuation first
  refuse(clientFrame(0x09, "x"), 1024, kCloseProtocolError);                     // fragmented control
  refuse(clientFrame(0x01, "a") + clientFrame(0x81, "b"), 1024, kCloseProtocolError);  // interleaved data
}

}  // namespace
}  // namespace sb::ws
