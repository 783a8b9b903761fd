// CatalogInput: ids, timestamps, typed attributes, and event weights.
#include "recommend/catalog/CatalogInput.hpp"
#include "recommend/catalog/EventService.hpp"

#include <Poco/JSON/Parser.h>
#include <gtest/gtest.h>

namespace sb::recommend {
namespace {

Poco::JSON::Object::Ptr json(const std::string& text) {
  Poco::JSON::Parser parser;
  return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

TEST(CatalogInput, ItemIdsAreOneTo128BytesWithoutControlCharactersOrSlashes) {
  EXPECT_TRUE(validItemId("tt0111161"));
  EXPECT_TRUE(validItemId("Café au lait #3"));
  EXPECT_TRUE(validItemId(std::string(128, 'x')));
  EXPECT_FALSE(validItemId(""));
  EXPECT_FALSE(validItemId(std::string(129, 'x')));
  EXPECT_FALSE(validItemId("a/b"));
  EXPECT_FALSE(validItemId("a\nb"));
}

TEST(CatalogInput, UserIdsFollowTheUsersResourceRule) {
  EXPECT_TRUE(validUserId("alice@example.com"));
  EXPECT_TRUE(validUserId("196"));
  EXPECT_FALSE(validUserId("al ice"));
  EXPECT_FALSE(validUserId("a/b"));
}

TEST(CatalogInput, TimestampsAreUnixTimeInTheGivenUnitOrIso8601) {
  EXPECT_EQ(timestampFromText("881250949", TimestampUnit::Seconds), 881250949000);
  EXPECT_EQ(timestampFromText("1700000000123", TimestampUnit::Milliseconds), 1700000000123);
  EXPECT_EQ(timestampFromText("2023-11-14T22:13:20Z", TimestampUnit::Seconds), 1700000000000);
  EXPECT_EQ(timestampFromText("2023-11-14T22:13:20.042Z", TimestampUnit::Milliseconds), 1700000000042);
  EXPECT_EQ(timestampFromText("1970-01-01T00:00:00Z", TimestampUnit::Milliseconds), 0);
  EXPECT_EQ(timestampFromText("2024-02-29T12:00:00Z", TimestampUnit::Milliseconds), 1709208000000);
  EXPECT_EQ(timestampFromText("2023-11-15T00:13:20+02:00", TimestampUnit::Milliseconds), 1700000000000);
  EXPECT_FALSE(timestampFromText("2023-13-14T22:13:20Z", TimestampUnit::Milliseconds));
  EXPECT_FALSE(timestampFromText("12ab", TimestampUnit::Milliseconds));
  EXPECT_FALSE(timestampFromText("", TimestampUnit::Milliseconds));
}

TEST(CatalogInput, AnItemsKnownAttributesAreReadTypedAndTheRestKept) {
  auto w = itemFromJson("t", "x", json(R"({"attributes":{"in_stock":false,"promoted":true,"age_rating":16.5,
      "regions_allowed":["BR"],"created_at":"2023-11-14T22:13:20Z","studio":"A24"}})"));
  EXPECT_EQ(w.item.attributes.in_stock, std::optional<bool>(false));
  EXPECT_TRUE(w.item.attributes.promoted);
  EXPECT_EQ(w.item.attributes.age_rating, std::optional<double>(16.5));
  EXPECT_EQ(w.item.attributes.regions_allowed, std::vector<std::string>{"BR"});
  EXPECT_TRUE(w.has_created_at);
  EXPECT_EQ(w.item.created_at, 1700000000000);
  EXPECT_NE(w.item.attributes_json.find("A24"), std::string::npos);
  auto again = parseItemAttributes(w.item.attributes_json);
  EXPECT_EQ(again.age_rating, std::optional<double>(16.5));
  EXPECT_TRUE(again.promoted);
  EXPECT_FALSE(itemFromJson("t", "x", json("{}")).has_created_at);
}

TEST(CatalogInput, DuplicateTagsCountOnce) {
  auto w = itemFromJson("t", "x", json(R"({"tags":["a","b","a"]})"));
  EXPECT_EQ(w.item.tags, (std::vector<std::string>{"a", "b"}));
}

TEST(CatalogInput, ErrorsAboutAListElementCarryItsIndex) {
  try {
    checkEvent(eventFromJson(json(R"({"user_id":"u","type":"view"})"), TimestampUnit::Milliseconds));
    FAIL() << "no error";
  } catch (const Error& e) {
    auto indexed = atIndex(e, 7, "events");
    EXPECT_EQ(indexed.details()->getValue<int>("index"), 7);
    EXPECT_EQ(indexed.details()->getValue<std::string>("field"), "item_id");
    EXPECT_EQ(std::string(indexed.what()).rfind("events[7]: ", 0), 0u) << indexed.what();
  }
}

}  // namespace
}  // namespace sb::recommend
