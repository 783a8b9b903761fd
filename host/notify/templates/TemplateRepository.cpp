#include "notify/templates/TemplateRepository.hpp"

#include "store/Database.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>

using namespace Poco::Data::Keywords;

namespace sb::notify {
namespace {

constexpr const char* kColumns = "SELECT template_key, version, definition, deleted, created_at FROM templates";

TemplateRecord recordFromRow(const std::string& tenant, Poco::Data::RecordSet& rs) {
  TemplateRecord r;
  r.tenant_id = tenant;
  r.key = rs["template_key"].convert<std::string>();
  r.version = rs["version"].convert<int>();
  r.definition_json = rs["definition"].convert<std::string>();
  r.deleted = rs["deleted"].convert<int>() != 0;
  r.created_at = rs["created_at"].convert<Poco::Int64>();
  return r;
}

}  // namespace

std::optional<TemplateRecord> TemplateRepository::latest(const std::string& tenant, const std::string& key) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<TemplateRecord> {
    Poco::Data::Statement st(lease.session());
    st << lease.sql(std::string(kColumns) +
                    " WHERE tenant_id = ? AND template_key = ? ORDER BY version DESC LIMIT 1"),
        bind(tenant), bind(key), now;
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    return recordFromRow(tenant, rs);
  });
}

std::optional<TemplateRepository::VersionState> TemplateRepository::latestVersion(const std::string& tenant,
                                                                                  const std::string& key) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<VersionState> {
    Poco::Data::Statement st(lease.session());
    st << lease.sql("SELECT version, deleted FROM templates WHERE tenant_id = ? AND template_key = ? "
                    "ORDER BY version DESC LIMIT 1"),
        bind(tenant), bind(key), now;
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    return VersionState{rs["version"].convert<int>(), rs["deleted"].convert<int>() != 0};
  });
}

std::optional<TemplateRecord> TemplateRepository::find(const std::string& tenant, const std::string& key,
                                                       int version) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<TemplateRecord> {
    Poco::Data::Statement st(lease.session());
    st << lease.sql(std::string(kColumns) + " WHERE tenant_id = ? AND template_key = ? AND version = ?"),
        bind(tenant), bind(key), bind(version), now;
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    return recordFromRow(tenant, rs);
  });
}

void TemplateRepository::insert(const TemplateRecord& r) {
  auto lease = db_.acquire();
  store::translateErrors([&] {
    lease.session() << lease.sql(
                           "INSERT INTO templates (tenant_id, template_key, version, definition, deleted, created_at) "
                           "VALUES (?, ?, ?, ?, ?, ?)"),
        bind(r.tenant_id), bind(r.key), bind(r.version), bind(r.definition_json), bind(r.deleted ? 1 : 0),
        bind(static_cast<Poco::Int64>(r.created_at)), now;
  });
}

std::vector<TemplateRecord> TemplateRepository::listLatest(const std::string& tenant, const std::string& afterKey,
                                                           int limit) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Poco::Data::Statement st(lease.session());
    st << lease.sql(std::string(kColumns) +
                    " t WHERE tenant_id = ? AND template_key > ? AND deleted = 0 AND version = "
                    "(SELECT MAX(m.version) FROM templates m WHERE m.tenant_id = t.tenant_id "
                    "AND m.template_key = t.template_key) ORDER BY template_key LIMIT ?"),
        bind(tenant), bind(afterKey), bind(limit), now;
    Poco::Data::RecordSet rs(st);
    std::vector<TemplateRecord> out;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) out.push_back(recordFromRow(tenant, rs));
    return out;
  });
}

}  // namespace sb::notify
