// /api/v1/items through the real dispatcher and store: create-or-replace, validation, batch
// upserts with per-entry errors, keyset listing, deletion, tenant isolation.
#include "CatalogApi.hpp"

#include <Poco/JSON/Array.h>

namespace sb::recommend::testing {
namespace {

const std::string kBook = R"({"title": "Dune", "category": "books", "tags": ["scifi", "classic"],
  "attributes": {"in_stock": true, "promoted": false, "age_rating": 12, "regions_allowed": ["DE", "US"],
                 "publisher": {"name": "Chilton"}}})";

class ItemRoutes : public CatalogApi {};

TEST_F(ItemRoutes, PutCreatesWith201ThenReplacesWith200) {
  auto created = callA("PUT", "/api/v1/items/dune", kBook);
  ASSERT_EQ(created.status, 201) << created.body;
  auto item = parseObject(created.body);
  EXPECT_EQ(item->getValue<std::string>("id"), "dune");
  EXPECT_EQ(item->getArray("tags")->size(), 2u);
  const auto createdAt = item->getValue<Poco::Int64>("created_at");
  EXPECT_GT(createdAt, 1600000000000);

  auto replaced = callA("PUT", "/api/v1/items/dune", R"({"title":"Dune, 2nd ed."})");
  ASSERT_EQ(replaced.status, 200) << replaced.body;
  auto after = parseObject(callA("GET", "/api/v1/items/dune").body);
  EXPECT_EQ(after->getValue<std::string>("title"), "Dune, 2nd ed.");
  EXPECT_EQ(after->getValue<std::string>("category"), "");  // a full replace
  EXPECT_EQ(after->getArray("tags")->size(), 0u);
  EXPECT_EQ(after->getObject("attributes")->size(), 0u);
  EXPECT_EQ(after->getValue<Poco::Int64>("created_at"), createdAt);  // the first PUT's time
}

TEST_F(ItemRoutes, GetReturnsWhatWasPutAndTheBodyCanBeSentBack) {
  ASSERT_EQ(callA("PUT", "/api/v1/items/dune", kBook).status, 201);
  auto got = callA("GET", "/api/v1/items/dune");
  ASSERT_EQ(got.status, 200) << got.body;
  auto item = parseObject(got.body);
  EXPECT_EQ(item->getValue<std::string>("title"), "Dune");
  EXPECT_EQ(item->getValue<std::string>("category"), "books");
  EXPECT_EQ(item->getArray("tags")->getElement<std::string>(1), "classic");
  auto attributes = item->getObject("attributes");
  EXPECT_TRUE(attributes->getValue<bool>("in_stock"));
  EXPECT_EQ(attributes->getValue<int>("age_rating"), 12);
  EXPECT_EQ(attributes->getObject("publisher")->getValue<std::string>("name"), "Chilton");  // any other key kept
  EXPECT_EQ(callA("PUT", "/api/v1/items/dune", got.body).status, 200);
}

TEST_F(ItemRoutes, CreatedAtComesFromTheAttributesAsMillisecondsOrIso8601) {
  auto ms = parseObject(callA("PUT", "/api/v1/items/a", R"({"attributes":{"created_at":1700000000123}})").body);
  EXPECT_EQ(ms->getValue<Poco::Int64>("created_at"), 1700000000123);
  auto iso = parseObject(
      callA("PUT", "/api/v1/items/b", R"({"attributes":{"created_at":"2023-11-14T22:13:20Z"}})").body);
  EXPECT_EQ(iso->getValue<Poco::Int64>("created_at"), 1700000000000);
  auto offset = parseObject(
      callA("PUT", "/api/v1/items/c", R"({"attributes":{"created_at":"2023-11-15T00:13:20.5+02:00"}})").body);
  EXPECT_EQ(offset->getValue<Poco::Int64>("created_at"), 1700000000500);
  auto bad = callA("PUT", "/api/v1/items/d", R"({"attributes":{"created_at":"yesterday"}})");
  EXPECT_EQ(bad.status, 422);
  EXPECT_EQ(errorDetail(bad, "field"), "attributes.created_at");
}

TEST_F(ItemRoutes, RejectsInvalidFieldsNamingThem) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {R"({"title": 5})", "title"},
      {R"({"category": ["a"]})", "category"},
      {R"({"tags": "scifi"})", "tags"},
      {R"({"tags": ["ok", 7]})", "tags[1]"},
      {R"({"attributes": []})", "attributes"},
      {R"({"attributes": {"in_stock": "yes"}})", "attributes.in_stock"},
      {R"({"attributes": {"promoted": 1}})", "attributes.promoted"},
      {R"({"attributes": {"age_rating": -1}})", "attributes.age_rating"},
      {R"({"attributes": {"age_rating": "12"}})", "attributes.age_rating"},
      {R"({"attributes": {"regions_allowed": ["DE", 3]}})", "attributes.regions_allowed[1]"},
      {R"({"colour": "red"})", "colour"},
      {R"({"id": "other"})", "id"},
  };
  for (const auto& [body, field] : cases) {
    auto r = callA("PUT", "/api/v1/items/x", body);
    EXPECT_EQ(r.status, 422) << body << " -> " << r.body;
    EXPECT_EQ(errorCode(r), "unprocessable") << body;
    EXPECT_EQ(errorDetail(r, "field"), field) << body;
  }
  std::string tags = R"({"tags": [)";
  for (int i = 0; i <= 100; ++i) tags += (i ? ",\"t" : "\"t") + std::to_string(i) + "\"";
  auto tooMany = callA("PUT", "/api/v1/items/x", tags + "]}");
  EXPECT_EQ(tooMany.status, 422);
  EXPECT_EQ(errorDetail(tooMany, "field"), "tags");
  auto longId = callA("PUT", "/api/v1/items/" + std::string(129, 'a'), "{}");
  EXPECT_EQ(longId.status, 422);
  EXPECT_EQ(errorDetail(longId, "field"), "id");
  EXPECT_EQ(callA("PUT", "/api/v1/items/" + std::string(128, 'a'), "{}").status, 201);
  EXPECT_EQ(callA("GET", "/api/v1/items/x").status, 404);  // nothing was written
}

TEST_F(ItemRoutes, UnknownItemsAre404AndDeleteRemovesOnlyThatOne) {
  EXPECT_EQ(callA("GET", "/api/v1/items/nope").status, 404);
  auto missing = callA("DELETE", "/api/v1/items/nope");
  EXPECT_EQ(missing.status, 404);
  EXPECT_EQ(errorCode(missing), "not_found");
  ASSERT_EQ(callA("PUT", "/api/v1/items/a", "{}").status, 201);
  ASSERT_EQ(callA("PUT", "/api/v1/items/b", "{}").status, 201);
  EXPECT_EQ(callA("DELETE", "/api/v1/items/a").status, 204);
  EXPECT_EQ(callA("GET", "/api/v1/items/a").status, 404);
  EXPECT_EQ(callA("GET", "/api/v1/items/b").status, 200);
  EXPECT_EQ(callA("DELETE", "/api/v1/items/a").status, 404);
}

TEST_F(ItemRoutes, AnotherTenantsItemIsInvisible) {
  ASSERT_EQ(callA("PUT", "/api/v1/items/dune", kBook).status, 201);
  EXPECT_EQ(callB("GET", "/api/v1/items/dune").status, 404);
  EXPECT_EQ(callB("DELETE", "/api/v1/items/dune").status, 404);
  EXPECT_EQ(parseObject(callB("GET", "/api/v1/items").body)->getArray("items")->size(), 0u);
  EXPECT_EQ(callB("PUT", "/api/v1/items/dune", R"({"title":"B's"})").status, 201);  // its own item
  EXPECT_EQ(parseObject(callA("GET", "/api/v1/items/dune").body)->getValue<std::string>("title"), "Dune");
}

TEST_F(ItemRoutes, BatchWritesTheValidItemsAndReportsEachInvalidOneByIndex) {
  auto r = callA("POST", "/api/v1/items/batch", R"({"items": [
      {"id": "a", "title": "A", "category": "c1"},
      {"title": "no id"},
      {"id": "b", "tags": [1]},
      "not an object",
      {"id": "c", "attributes": {"created_at": 5}},
      {"id": "a", "title": "A again"}]})");
  ASSERT_EQ(r.status, 200) << r.body;
  auto root = parseObject(r.body);
  EXPECT_EQ(root->getValue<int>("upserted"), 3);
  EXPECT_EQ(root->getValue<int>("rejected"), 3);
  auto errors = root->getArray("errors");
  ASSERT_EQ(errors->size(), 3u);
  EXPECT_EQ(errors->getObject(0)->getValue<int>("index"), 1);
  EXPECT_EQ(errors->getObject(0)->getValue<int>("status"), 422);
  EXPECT_EQ(errors->getObject(0)->getObject("error")->getObject("details")->getValue<std::string>("field"), "id");
  EXPECT_EQ(errors->getObject(1)->getValue<int>("index"), 2);
  EXPECT_EQ(errors->getObject(1)->getObject("error")->getObject("details")->getValue<std::string>("field"), "tags[0]");
  EXPECT_EQ(errors->getObject(2)->getValue<int>("index"), 3);
  EXPECT_EQ(parseObject(callA("GET", "/api/v1/items/a").body)->getValue<std::string>("title"), "A again");
  EXPECT_EQ(parseObject(callA("GET", "/api/v1/items/c").body)->getValue<Poco::Int64>("created_at"), 5);
  EXPECT_EQ(callA("GET", "/api/v1/items/b").status, 404);
}

TEST_F(ItemRoutes, BatchTakesTenThousandItemsInOneRequest) {
  std::string body = R"({"items": [)";
  for (int i = 0; i < 10000; ++i) {
    body += (i ? "," : "") + std::string(R"({"id":"m)") + std::to_string(i) + R"(","title":"Movie )" +
            std::to_string(i) + R"(","category":"c)" + std::to_string(i % 10) +
            R"(","tags":["x","y"],"attributes":{"in_stock":true,"age_rating":12,"regions_allowed":["DE"]}})";
  }
  body += "]}";
  auto r = callA("POST", "/api/v1/items/batch", body);
  ASSERT_EQ(r.status, 200) << r.body.substr(0, 500);
  EXPECT_EQ(parseObject(r.body)->getValue<int>("upserted"), 10000);
  EXPECT_EQ(itemRepository->count("tenant-a"), 10000);
  EXPECT_EQ(parseObject(callA("GET", "/api/v1/items/m9999").body)->getValue<std::string>("category"), "c9");

  auto tooMany = callA("POST", "/api/v1/items/batch", body.substr(0, body.size() - 2) + R"(,{"id":"extra"}]})");
  EXPECT_EQ(tooMany.status, 422);
  EXPECT_EQ(callA("POST", "/api/v1/items/batch", R"({"items": []})").status, 422);
  EXPECT_EQ(callA("POST", "/api/v1/items/batch", R"({"things": []})").status, 422);
}

TEST_F(ItemRoutes, ListsACategoryPageByPageWithTheCursor) {
  for (int i = 0; i < 7; ++i) {
    const std::string id = "item" + std::to_string(i);
    ASSERT_EQ(callA("PUT", "/api/v1/items/" + id, i % 2 ? R"({"category":"odd"})" : R"({"category":"even"})").status, 201);
  }
  std::vector<std::string> seen;
  std::string cursor;
  int pages = 0;
  while (true) {
    auto r = callA("GET", "/api/v1/items?category=even&limit=3" + (cursor.empty() ? "" : "&cursor=" + cursor));
    ASSERT_EQ(r.status, 200) << r.body;
    auto root = parseObject(r.body);
    auto list = root->getArray("items");
    for (unsigned i = 0; i < list->size(); ++i) seen.push_back(list->getObject(i)->getValue<std::string>("id"));
    ++pages;
    if (root->isNull("next_cursor") || pages > 5) break;
    cursor = root->getValue<std::string>("next_cursor");
  }
  EXPECT_EQ(seen, (std::vector<std::string>{"item0", "item2", "item4", "item6"}));
  EXPECT_EQ(pages, 2);
  EXPECT_EQ(callA("GET", "/api/v1/items?limit=0").status, 400);
  EXPECT_EQ(callA("GET", "/api/v1/items?limit=501").status, 400);
}

}  // namespace
}  // namespace sb::recommend::testing
