// TemplateRepository: the SQL for versioned templates (table templates). Rows are never
// updated: every change, deletion included, is a new version.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace sb::store { class Database; }

namespace sb::notify {

struct TemplateRecord {
  std::string tenant_id;
  std::string key;
  int version = 0;
  std::string definition_json;
  bool deleted = false;  // a tombstone: the version that deleted the template
  int64_t created_at = 0;
};

class TemplateRepository {
 public:
  explicit TemplateRepository(store::Database& db) : db_(db) {}

  // The highest version of the key (a tombstone if the template is deleted).
  std::optional<TemplateRecord> latest(const std::string& tenant, const std::string& key);
  struct VersionState {
    int version = 0;
    bool deleted = false;
  };
  // latest() without the definition: one index lookup, for the render path.
  std::optional<VersionState> latestVersion(const std::string& tenant, const std::string& key);
  std::optional<TemplateRecord> find(const std::string& tenant, const std::string& key, int version);
  // Throws store::StoreConflict when that version exists (a concurrent writer got there first).
  void insert(const TemplateRecord& record);
  // The latest version of each template that is not deleted, with key > afterKey, by key.
  std::vector<TemplateRecord> listLatest(const std::string& tenant, const std::string& afterKey, int limit);

 private:
  store::Database& db_;
};

}  // namespace sb::notify
