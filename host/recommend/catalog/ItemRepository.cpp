#include "recommend/catalog/ItemRepository.hpp"

#include "store/Database.hpp"
#include "store/MultiRow.hpp"
#include "store/Transaction.hpp"

#include <Poco/Data/Statement.h>
#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/JSON/Stringifier.h>

#include <algorithm>
#include <sstream>
#include <unordered_map>

using namespace Poco::Data::Keywords;
using Poco::Int64;

namespace sb::recommend {
namespace {

// 8 columns a row, within libpq's limit on parameters per statement (store/MultiRow.hpp).
constexpr size_t kItemsPerStatement = store::rowsPerStatement(8);
// Ids per `IN (...)` list.
constexpr size_t kIdsPerQuery = 500;

const char* kColumns = "id, title, category, tags, attributes, created_at, updated_at";

std::string tagsToJson(const std::vector<std::string>& tags) {
  Poco::JSON::Array list;
  for (const auto& t : tags) list.add(t);
  std::ostringstream out;
  Poco::JSON::Stringifier::stringify(list, out);
  return out.str();
}

std::vector<std::string> tagsFromJson(const std::string& text) {
  std::vector<std::string> tags;
  if (text.size() <= 2) return tags;  // "[]"
  try {
    Poco::JSON::Parser parser;
    auto list = parser.parse(text).extract<Poco::JSON::Array::Ptr>();
    for (unsigned i = 0; list && i < list->size(); ++i) tags.push_back(list->get(i).convert<std::string>());
  } catch (const std::exception&) {
    // Written by us as a JSON list; a hand-edited row reads as untagged.
  }
  return tags;
}

// Columns of kColumns, read in bulk (no RecordSet of Vars).
struct ItemColumns {
  std::vector<std::string> id, title, category, tags, attributes;
  std::vector<Int64> created_at, updated_at;

  void into(Poco::Data::Statement& st) {
    st, Poco::Data::Keywords::into(id), Poco::Data::Keywords::into(title), Poco::Data::Keywords::into(category),
        Poco::Data::Keywords::into(tags), Poco::Data::Keywords::into(attributes),
        Poco::Data::Keywords::into(created_at), Poco::Data::Keywords::into(updated_at);
  }

  void appendTo(const std::string& tenant, std::vector<Item>& out) {
    out.reserve(out.size() + id.size());
    for (size_t i = 0; i < id.size(); ++i) {
      Item item;
      item.tenant_id = tenant;
      item.id = std::move(id[i]);
      item.title = std::move(title[i]);
      item.category = std::move(category[i]);
      item.tags = tagsFromJson(tags[i]);
      item.attributes_json = std::move(attributes[i]);
      item.attributes = parseItemAttributes(item.attributes_json);
      item.created_at = created_at[i];
      item.updated_at = updated_at[i];
      out.push_back(std::move(item));
    }
  }
};

// One multi-row upsert per chunk. With `setCreatedAt` an existing row takes the given
// creation time; without, it keeps its own (a new row gets the bound one either way).
void upsertRows(store::Lease& lease, const std::vector<const ItemWrite*>& rows, bool setCreatedAt, int64_t at) {
  for (size_t from = 0; from < rows.size(); from += kItemsPerStatement) {
    const size_t count = std::min(kItemsPerStatement, rows.size() - from);
    Poco::Data::Statement st(lease.session());
    st << lease.sql("INSERT INTO items (tenant_id, id, title, category, tags, attributes, created_at, updated_at) "
                    "VALUES " + store::valuesPlaceholders(count, 8) +
                    " ON CONFLICT (tenant_id, id) DO UPDATE SET title = excluded.title, category = excluded.category, "
                    "tags = excluded.tags, attributes = excluded.attributes, updated_at = excluded.updated_at" +
                    (setCreatedAt ? ", created_at = excluded.created_at" : ""));
    for (size_t i = from; i < from + count; ++i) {
      const Item& item = rows[i]->item;
      const Int64 created = setCreatedAt ? item.created_at : at;
      st, bind(item.tenant_id), bind(item.id), bind(item.title), bind(item.category), bind(tagsToJson(item.tags)),
          bind(item.attributes_json), bind(created), bind(static_cast<Int64>(at));
    }
    st.execute();
  }
}

void upsertAll(store::Lease& lease, const std::vector<const ItemWrite*>& writes, int64_t at) {
  std::vector<const ItemWrite*> given, kept;
  for (const auto* w : writes) (w->has_created_at ? given : kept).push_back(w);
  upsertRows(lease, given, true, at);
  upsertRows(lease, kept, false, at);
}

}  // namespace

bool ItemRepository::put(const ItemWrite& write, int64_t at, Item* stored) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    store::Transaction tx(lease);
    std::string sql = "SELECT created_at FROM items WHERE tenant_id = ? AND id = ?";
    if (lease.dialect() == store::Dialect::Postgres) sql += " FOR UPDATE";
    std::vector<Int64> existing;
    Poco::Data::Statement select(lease.session());
    select << lease.sql(sql), bind(write.item.tenant_id), bind(write.item.id), into(existing);
    select.execute();
    upsertAll(lease, {&write}, at);
    tx.commit();
    if (stored) {
      *stored = write.item;
      stored->created_at = write.has_created_at ? write.item.created_at : existing.empty() ? at : existing.front();
      stored->updated_at = at;
    }
    return existing.empty();
  });
}

void ItemRepository::upsert(const std::vector<ItemWrite>& writes, int64_t at) {
  if (writes.empty()) return;
  std::vector<const ItemWrite*> rows;
  rows.reserve(writes.size());
  for (const auto& w : writes) rows.push_back(&w);
  auto lease = db_.acquire();
  store::translateErrors([&] {
    store::Transaction tx(lease);
    upsertAll(lease, rows, at);
    tx.commit();
  });
}

bool ItemRepository::remove(const std::string& tenant, const std::string& id) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Poco::Data::Statement st(lease.session());
    st << lease.sql("DELETE FROM items WHERE tenant_id = ? AND id = ?"), bind(tenant), bind(id);
    return st.execute() > 0;
  });
}

std::optional<Item> ItemRepository::find(const std::string& tenant, const std::string& id) {
  auto found = find(tenant, std::vector<std::string>{id});
  if (found.empty()) return std::nullopt;
  return std::move(found.front());
}

std::vector<Item> ItemRepository::find(const std::string& tenant, const std::vector<std::string>& ids) {
  std::vector<Item> rows;
  if (ids.empty()) return rows;
  auto lease = db_.acquire();
  store::translateErrors([&] {
    for (size_t from = 0; from < ids.size(); from += kIdsPerQuery) {
      const size_t count = std::min(kIdsPerQuery, ids.size() - from);
      std::string marks;
      for (size_t i = 0; i < count; ++i) marks += i ? ", ?" : "?";
      ItemColumns columns;
      Poco::Data::Statement st(lease.session());
      st << lease.sql(std::string("SELECT ") + kColumns + " FROM items WHERE tenant_id = ? AND id IN (" + marks + ")"),
          bind(tenant);
      for (size_t i = from; i < from + count; ++i) st, bind(ids[i]);
      columns.into(st);
      st.execute();
      columns.appendTo(tenant, rows);
    }
  });
  std::unordered_map<std::string, size_t> byId;
  for (size_t i = 0; i < rows.size(); ++i) byId.emplace(rows[i].id, i);
  std::vector<Item> ordered;
  ordered.reserve(rows.size());
  for (const auto& id : ids) {
    auto it = byId.find(id);
    if (it == byId.end()) continue;
    ordered.push_back(std::move(rows[it->second]));
    byId.erase(it);  // each once, even when asked twice
  }
  return ordered;
}

ItemPage ItemRepository::list(const std::string& tenant, const std::optional<std::string>& category,
                              const std::optional<std::string>& cursor, int limit) {
  ItemPage page;
  auto lease = db_.acquire();
  store::translateErrors([&] {
    // (tenant_id, category, id) and the primary key (tenant_id, id) both serve this order.
    std::string sql = std::string("SELECT ") + kColumns + " FROM items WHERE tenant_id = ?";
    if (category) sql += " AND category = ?";
    if (cursor) sql += " AND id > ?";
    sql += " ORDER BY id LIMIT ?";
    ItemColumns columns;
    Poco::Data::Statement st(lease.session());
    st << lease.sql(sql), bind(tenant);
    if (category) st, bind(*category);
    if (cursor) st, bind(*cursor);
    st, bind(limit);
    columns.into(st);
    st.execute();
    columns.appendTo(tenant, page.items);
  });
  if (static_cast<int>(page.items.size()) == limit && limit > 0) page.next_cursor = page.items.back().id;
  return page;
}

void ItemRepository::forEach(const std::string& tenant, const std::function<void(std::vector<Item>&)>& consume,
                             int chunk) {
  std::optional<std::string> cursor;
  while (true) {
    auto page = list(tenant, std::nullopt, cursor, chunk);
    if (!page.items.empty()) consume(page.items);
    if (!page.next_cursor) return;
    cursor = page.next_cursor;
  }
}

std::vector<Item> ItemRepository::all(const std::string& tenant, int chunk) {
  std::vector<Item> items;
  forEach(tenant, [&](std::vector<Item>& page) {
    std::move(page.begin(), page.end(), std::back_inserter(items));
  }, chunk);
  return items;
}

int64_t ItemRepository::count(const std::string& tenant) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Int64 n = 0;
    Poco::Data::Statement st(lease.session());
    st << lease.sql("SELECT COUNT(*) FROM items WHERE tenant_id = ?"), bind(tenant), into(n);
    st.execute();
    return static_cast<int64_t>(n);
  });
}

}  // namespace sb::recommend
