// The bus events and client messages of the live inbox round-trip and escape correctly.
#include "ws/InboxWire.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

namespace sb::ws {
namespace {

Poco::JSON::Object::Ptr parse(const std::string& text) {
  return Poco::JSON::Parser().parse(text).extract<Poco::JSON::Object::Ptr>();
}

notify::InboxItem item() {
  notify::InboxItem i;
  i.tenant_id = "t1";
  i.user_id = "al\"ice";
  i.notification_id = "ntf_01";
  i.title = "Hi <b>there</b>\n";
  i.body = "line\twith \\ and \"quotes\"";
  i.data_json = R"({"order":42,"tags":["a"]})";
  i.category = "orders";
  i.created_at = 1795000000123;
  return i;
}

TEST(InboxWire, LandedEventsRoundTripThroughTheBus) {
  auto event = decodeBusEvent(encodeLanded({item(), item()}));
  ASSERT_EQ(event.kind, InboxBusEvent::Kind::Landed);
  ASSERT_EQ(event.items.size(), 2u);
  const auto& got = event.items[0];
  EXPECT_EQ(got.tenant_id, "t1");
  EXPECT_EQ(got.user_id, "al\"ice");
  EXPECT_EQ(got.title, "Hi <b>there</b>\n");
  EXPECT_EQ(got.body, "line\twith \\ and \"quotes\"");
  EXPECT_EQ(parse(got.data_json)->getValue<int>("order"), 42);
  EXPECT_EQ(got.created_at, 1795000000123);
}

TEST(InboxWire, ChangedEventsNameTheUser) {
  auto event = decodeBusEvent(encodeChanged("t1", "bob"));
  EXPECT_EQ(event.kind, InboxBusEvent::Kind::Changed);
  EXPECT_EQ(event.tenant, "t1");
  EXPECT_EQ(event.user, "bob");
  EXPECT_THROW(decodeBusEvent(R"({"kind":"other"})"), std::exception);
  EXPECT_THROW(decodeBusEvent("not json"), std::exception);
}

TEST(InboxWire, TheNotificationMessageIsValidJsonWithTheDocumentedFields) {
  auto m = parse(notificationMessage(item()));
  EXPECT_EQ(m->getValue<std::string>("type"), "notification");
  EXPECT_EQ(m->getValue<std::string>("id"), "ntf_01");
  EXPECT_EQ(m->getValue<std::string>("title"), "Hi <b>there</b>\n");
  EXPECT_EQ(m->getObject("data")->getValue<int>("order"), 42);
  EXPECT_EQ(m->getValue<std::string>("category"), "orders");
  EXPECT_EQ(m->getValue<std::string>("created_at"), "2026-11-18T11:06:40.123Z");
  auto plain = item();
  plain.data_json.clear();
  EXPECT_EQ(parse(notificationMessage(plain))->getObject("data")->size(), 0u);
  EXPECT_EQ(parse(unreadCountMessage(7))->getValue<int>("count"), 7);
  EXPECT_EQ(parse(errorMessage("x", "a \"b\""))->getValue<std::string>("message"), "a \"b\"");
}

}  // namespace
}  // namespace sb::ws
