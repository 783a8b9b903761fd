// Envelope: every origin and payload round-trips; anything else is recognised as foreign.
#include <gtest/gtest.h>

#include "bus/Envelope.hpp"

using sb::bus::decodeEnvelope;
using sb::bus::encodeEnvelope;

TEST(Envelope, RoundTripsOriginAndPayload) {
  const auto decoded = decodeEnvelope(encodeEnvelope("instance-1", R"({"user":"u1","n":3})"));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->origin, "instance-1");
  EXPECT_EQ(decoded->payload, R"({"user":"u1","n":3})");
}

TEST(Envelope, RoundTripsAwkwardBytes) {
  const std::string origin = "a:1:b\n";
  const std::string payload = std::string("sb1:9:x\0\r\n\xff", 12);
  const auto decoded = decodeEnvelope(encodeEnvelope(origin, payload));
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->origin, origin);
  EXPECT_EQ(decoded->payload, payload);
}

TEST(Envelope, RoundTripsEmptyOriginAndPayload) {
  EXPECT_EQ(encodeEnvelope("", ""), "sb1:0:");
  const auto decoded = decodeEnvelope("sb1:0:");
  ASSERT_TRUE(decoded.has_value());
  EXPECT_EQ(decoded->origin, "");
  EXPECT_EQ(decoded->payload, "");
}

TEST(Envelope, RejectsWhatIsNotAnEnvelope) {
  for (const char* message : {"", "hello", "sb1:", "sb1:x:abc", "sb1:5:abc", "sb1:3abc", "sb2:1:ax",
                              "sb1:-1:a", "sb1:99999999999999999999999:a"})
    EXPECT_FALSE(decodeEnvelope(message).has_value()) << message;
}
