// The item and event repositories' contract, for every backend. Instantiated in
// SqliteCatalogTest.cpp and PostgresCatalogTest.cpp.
#include "CatalogRepositoryBehaviour.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <random>
#include <set>

namespace sb::recommend::testing {
namespace {

ItemWrite item(const std::string& tenant, const std::string& id, const std::string& category = "",
               std::vector<std::string> tags = {}) {
  ItemWrite w;
  w.item.tenant_id = tenant;
  w.item.id = id;
  w.item.title = "title of " + id;
  w.item.category = category;
  w.item.tags = std::move(tags);
  return w;
}

std::string padded(int i) {
  char buf[16];
  std::snprintf(buf, sizeof buf, "i%06d", i);
  return buf;
}

Event event(const std::string& user, const std::string& itemId, double weight, int64_t at) {
  Event e;
  e.user_id = user;
  e.item_id = itemId;
  e.type = EventType::View;
  e.weight = weight;
  e.occurred_at = at;
  e.received_at = at;
  return e;
}

TEST_P(CatalogRepositoryBehaviour, PutCreatesThenFullyReplacesKeepingTheFirstCreationTime) {
  auto first = item("t1", "book-1", "books", {"a", "b"});
  first.item.attributes_json = R"({"in_stock":true,"age_rating":12,"regions_allowed":["DE","FR"],"x":1})";
  Item stored;
  EXPECT_TRUE(items->put(first, 1000, &stored));
  EXPECT_EQ(stored.created_at, 1000);

  auto back = items->find("t1", "book-1");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->title, "title of book-1");
  EXPECT_EQ(back->category, "books");
  EXPECT_EQ(back->tags, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(back->attributes.in_stock, std::optional<bool>(true));
  EXPECT_EQ(back->attributes.age_rating, std::optional<double>(12));
  EXPECT_EQ(back->attributes.regions_allowed, (std::vector<std::string>{"DE", "FR"}));
  EXPECT_EQ(back->created_at, 1000);
  EXPECT_EQ(back->updated_at, 1000);

  auto second = item("t1", "book-1", "comics");  // no tags, no attributes: a full replace clears them
  EXPECT_FALSE(items->put(second, 2000, &stored));
  EXPECT_EQ(stored.created_at, 1000);
  back = items->find("t1", "book-1");
  ASSERT_TRUE(back);
  EXPECT_EQ(back->category, "comics");
  EXPECT_TRUE(back->tags.empty());
  EXPECT_EQ(back->attributes_json, "{}");
  EXPECT_FALSE(back->attributes.in_stock);
  EXPECT_EQ(back->created_at, 1000);
  EXPECT_EQ(back->updated_at, 2000);
}

TEST_P(CatalogRepositoryBehaviour, AGivenCreationTimeIsStoredOnInsertAndOnReplace) {
  auto w = item("t1", "x");
  w.has_created_at = true;
  w.item.created_at = 123;
  EXPECT_TRUE(items->put(w, 1000));
  EXPECT_EQ(items->find("t1", "x")->created_at, 123);
  w.item.created_at = 456;
  items->upsert({w}, 2000);
  EXPECT_EQ(items->find("t1", "x")->created_at, 456);
  items->upsert({item("t1", "x")}, 3000);  // none given: the stored one stays
  EXPECT_EQ(items->find("t1", "x")->created_at, 456);
  EXPECT_EQ(items->find("t1", "x")->updated_at, 3000);
}

TEST_P(CatalogRepositoryBehaviour, UpsertsTenThousandItemsInOneCallAndReplacesOnTheNext) {
  std::vector<ItemWrite> batch;
  for (int i = 0; i < 10000; ++i) batch.push_back(item("t1", padded(i), i % 2 ? "odd" : "even", {"t" + std::to_string(i % 7)}));
  items->upsert(batch, 1000);
  EXPECT_EQ(items->count("t1"), 10000);

  // Half of them again (changed) plus 5,000 new ones.
  std::vector<ItemWrite> again;
  for (int i = 5000; i < 15000; ++i) {
    auto w = item("t1", padded(i), "changed");
    again.push_back(w);
  }
  items->upsert(again, 2000);
  EXPECT_EQ(items->count("t1"), 15000);
  auto kept = items->find("t1", padded(10));
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->category, "even");
  EXPECT_EQ(kept->tags, (std::vector<std::string>{"t3"}));
  auto replaced = items->find("t1", padded(7000));
  ASSERT_TRUE(replaced);
  EXPECT_EQ(replaced->category, "changed");
  EXPECT_EQ(replaced->created_at, 1000);  // the first write's time stays
  EXPECT_EQ(replaced->updated_at, 2000);
  EXPECT_EQ(items->find("t1", padded(14999))->created_at, 2000);
}

TEST_P(CatalogRepositoryBehaviour, ListsACategoryInKeysetPagesById) {
  std::vector<ItemWrite> batch;
  std::vector<std::string> expected;
  for (int i = 0; i < 30; ++i) {
    const std::string category = i % 3 == 0 ? "b" : "a";
    batch.push_back(item("t1", padded(29 - i), category));
    if (category == "b") expected.push_back(padded(29 - i));
  }
  batch.push_back(item("t2", "zzz", "b"));
  items->upsert(batch, 1);
  std::sort(expected.begin(), expected.end());
  ASSERT_EQ(expected.size(), 10u);

  std::vector<std::string> seen;
  std::optional<std::string> cursor;
  int pages = 0;
  do {
    auto page = items->list("t1", std::string("b"), cursor, 4);
    for (const auto& it : page.items) {
      EXPECT_EQ(it.category, "b");
      seen.push_back(it.id);
    }
    cursor = page.next_cursor;
    ++pages;
  } while (cursor && pages < 10);
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(seen, expected);

  auto everything = items->list("t1", std::nullopt, std::nullopt, 100);
  EXPECT_EQ(everything.items.size(), 30u);
  EXPECT_FALSE(everything.next_cursor);
  EXPECT_TRUE(std::is_sorted(everything.items.begin(), everything.items.end(),
                             [](const Item& a, const Item& b) { return a.id < b.id; }));
}

TEST_P(CatalogRepositoryBehaviour, FindsManyIdsInTheAskedOrderEachOnce) {
  std::vector<ItemWrite> batch;
  for (int i = 0; i < 1200; ++i) batch.push_back(item("t1", padded(i)));
  items->upsert(batch, 1);
  std::vector<std::string> ask;
  for (int i = 1199; i >= 0; i -= 2) ask.push_back(padded(i));  // 600 ids: two IN lists
  ask.push_back("missing");
  ask.push_back(padded(1199));  // twice
  auto found = items->find("t1", ask);
  ASSERT_EQ(found.size(), 600u);
  for (size_t i = 0; i < found.size(); ++i) EXPECT_EQ(found[i].id, ask[i]);
  EXPECT_TRUE(items->find("t2", ask).empty());
}

TEST_P(CatalogRepositoryBehaviour, AllReadsTheWholeCatalogAcrossPages) {
  std::vector<ItemWrite> batch;
  for (int i = 0; i < 50; ++i) batch.push_back(item("t1", padded(i)));
  batch.push_back(item("t2", "other"));
  items->upsert(batch, 1);
  auto all = items->all("t1", 7);
  ASSERT_EQ(all.size(), 50u);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(all[static_cast<size_t>(i)].id, padded(i));
  int pages = 0;
  items->forEach("t1", [&](std::vector<Item>& page) {
    EXPECT_LE(page.size(), 7u);
    ++pages;
  }, 7);
  EXPECT_EQ(pages, 8);
}

TEST_P(CatalogRepositoryBehaviour, TenantsNeverSeeEachOthersItemsOrEvents) {
  auto mine = item("t1", "same", "t1-cat");
  auto theirs = item("t2", "same", "t2-cat");
  EXPECT_TRUE(items->put(mine, 1));
  EXPECT_TRUE(items->put(theirs, 1));  // the same id in another tenant is another item
  EXPECT_EQ(items->find("t1", "same")->category, "t1-cat");
  EXPECT_EQ(items->find("t2", "same")->category, "t2-cat");
  EXPECT_TRUE(items->remove("t2", "same"));
  EXPECT_FALSE(items->remove("t2", "same"));
  EXPECT_TRUE(items->find("t1", "same"));
  EXPECT_EQ(items->all("t2").size(), 0u);

  events->insert("t1", {event("u", "same", 1, 10)});
  events->insert("t2", {event("u", "other", 1, 20), event("u", "other2", 1, 30)});
  ASSERT_EQ(events->history("t1", "u", 10).size(), 1u);
  EXPECT_EQ(events->history("t1", "u", 10)[0].item_id, "same");
  EXPECT_EQ(events->count("t2"), 2);
  int64_t streamed = events->forEach("t1", 0, [](std::vector<Interaction>& rows) {
    for (const auto& r : rows) EXPECT_EQ(r.item_id, "same");
  });
  EXPECT_EQ(streamed, 1);
}

TEST_P(CatalogRepositoryBehaviour, HistoryIsNewestFirstLimitedAndBreaksTiesByStorageOrder) {
  events->insert("t1", {event("alice", "a", 1, 300), event("alice", "b", 2, 100), event("bob", "x", 1, 999),
                        event("alice", "c", 3, 200), event("alice", "d", 4, 300)});
  auto h = events->history("t1", "alice", 3);
  ASSERT_EQ(h.size(), 3u);
  EXPECT_EQ(h[0].item_id, "d");  // same time as "a", stored later
  EXPECT_EQ(h[1].item_id, "a");
  EXPECT_EQ(h[2].item_id, "c");
  EXPECT_DOUBLE_EQ(h[0].weight, 4);
  EXPECT_EQ(h[2].occurred_at, 200);
  EXPECT_EQ(events->history("t1", "alice", 100).size(), 4u);
  EXPECT_TRUE(events->history("t1", "nobody", 10).empty());
}

TEST_P(CatalogRepositoryBehaviour, ForEachStreamsEveryEventInChunksInStorageOrder) {
  std::vector<Event> batch;
  for (int i = 0; i < 2500; ++i) batch.push_back(event("u" + std::to_string(i % 10), padded(i), i * 0.5, 1000 + i));
  events->insert("t1", batch);  // two statements: 2,000 + 500 rows
  events->insert("t2", {event("u", "x", 1, 5000)});

  std::vector<size_t> chunks;
  std::vector<Interaction> all;
  int64_t total = events->forEach("t1", 0, [&](std::vector<Interaction>& rows) {
    chunks.push_back(rows.size());
    std::move(rows.begin(), rows.end(), std::back_inserter(all));
  }, 1000);
  EXPECT_EQ(total, 2500);
  EXPECT_EQ(chunks, (std::vector<size_t>{1000, 1000, 500}));
  ASSERT_EQ(all.size(), 2500u);
  for (int i = 0; i < 2500; i += 499) {
    EXPECT_EQ(all[static_cast<size_t>(i)].item_id, padded(i));
    EXPECT_EQ(all[static_cast<size_t>(i)].user_id, "u" + std::to_string(i % 10));
    EXPECT_DOUBLE_EQ(all[static_cast<size_t>(i)].weight, i * 0.5);
    EXPECT_EQ(all[static_cast<size_t>(i)].occurred_at, 1000 + i);
  }

  int64_t recent = events->forEach("t1", 3000, [](std::vector<Interaction>& rows) {
    for (const auto& r : rows) EXPECT_GE(r.occurred_at, 3000);
  }, 1000);
  EXPECT_EQ(recent, 500);
  EXPECT_EQ(events->count("t1", 3000), 500);
}

TEST_P(CatalogRepositoryBehaviour, CountsSinceRanksItemsByTheirSummedWeight) {
  events->insert("t1", {event("a", "light", 1, 100), event("b", "light", 1, 100), event("c", "light", 1, 100),
                        event("a", "heavy", 5, 100), event("a", "old", 50, 10)});
  auto top = events->countsSince("t1", 50, 10);
  ASSERT_EQ(top.size(), 2u);
  EXPECT_EQ(top[0].item_id, "heavy");
  EXPECT_EQ(top[0].events, 1);
  EXPECT_DOUBLE_EQ(top[0].weight, 5);
  EXPECT_EQ(top[1].item_id, "light");
  EXPECT_EQ(top[1].events, 3);
  EXPECT_EQ(events->countsSince("t1", 0, 1).front().item_id, "old");
}

TEST_P(CatalogRepositoryBehaviour, ImportsMovieLensTextAndReportsTheBadLines) {
  std::string text;
  int good = 0;
  for (int i = 0; i < 3000; ++i) {
    if (i == 5) text += "17\tbroken line\n";
    if (i == 1000) text += "18\t42\tfive\t881250949\n";
    if (i == 2000) text += "bad user!\t42\t3\t881250949\n";
    text += std::to_string(i % 50) + "\t" + std::to_string(i % 300) + "\t" + std::to_string(1 + i % 5) + "\t" +
            std::to_string(881250949 + i) + "\n";
    ++good;
  }
  auto options = ImportOptions::from([](std::string_view name) -> std::optional<std::string> {
    if (name == "format") return std::string("movielens");
    return std::nullopt;
  });
  auto result = service->import("t1", text, options);
  EXPECT_EQ(result.imported, static_cast<size_t>(good));
  EXPECT_EQ(result.rejected, 3u);
  ASSERT_EQ(result.errors.size(), 3u);
  EXPECT_EQ(result.errors[0].line, 6u);
  EXPECT_EQ(result.errors[1].line, 1002u);
  EXPECT_NE(result.errors[1].message.find("rating"), std::string::npos) << result.errors[1].message;
  EXPECT_EQ(result.errors[2].line, 2003u);
  EXPECT_NE(result.errors[2].message.find("user_id"), std::string::npos) << result.errors[2].message;
  EXPECT_EQ(events->count("t1"), good);

  // The last line: user 2999 % 50 = 49, item 299, rating 5, seconds -> ms; weight = rating x 1.0.
  auto h = events->history("t1", "49", 1);
  ASSERT_EQ(h.size(), 1u);
  EXPECT_EQ(h[0].item_id, "299");
  EXPECT_EQ(h[0].occurred_at, (881250949LL + 2999) * 1000);
  EXPECT_DOUBLE_EQ(h[0].weight, 5.0);
}

// MovieLens-100K's shape: 100,000 ratings by 943 users of 1,682 items. Prints the time.
TEST_P(CatalogRepositoryBehaviour, ImportsOneHundredThousandMovieLensLinesInAFewSeconds) {
  std::mt19937 random(7);
  std::string text;
  text.reserve(2200000);
  for (int i = 0; i < 100000; ++i) {
    text += std::to_string(1 + random() % 943) + "\t" + std::to_string(1 + random() % 1682) + "\t" +
            std::to_string(1 + random() % 5) + "\t" + std::to_string(874724710 + static_cast<int>(random() % 20000000)) +
            "\n";
  }
  auto options = ImportOptions::from([](std::string_view name) -> std::optional<std::string> {
    if (name == "format") return std::string("movielens");
    return std::nullopt;
  });
  const auto started = std::chrono::steady_clock::now();
  auto result = service->import("t1", text, options);
  const double importSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  EXPECT_EQ(result.imported, 100000u);
  EXPECT_EQ(result.rejected, 0u);

  const auto streamStarted = std::chrono::steady_clock::now();
  std::set<std::string> users;
  int64_t streamed = events->forEach("t1", 0, [&](std::vector<Interaction>& rows) {
    for (const auto& r : rows) users.insert(r.user_id);
  });
  const double streamSeconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - streamStarted).count();
  EXPECT_EQ(streamed, 100000);
  EXPECT_GT(users.size(), 900u);
  std::printf("[ %s ] import of 100,000 MovieLens lines: %.2f s (%.0f lines/s); forEach over them: %.2f s\n",
              GetParam().name.c_str(), importSeconds, 100000 / importSeconds, streamSeconds);
  EXPECT_LT(importSeconds, 30.0);  // a few seconds here; 30 s leaves room for a loaded CI box
}

}  // namespace
}  // namespace sb::recommend::testing
