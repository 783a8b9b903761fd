#include "recommend/models/ModelRepository.hpp"

#include "store/Database.hpp"
#include "store/RowValues.hpp"
#include "store/StoreError.hpp"
#include "store/Transaction.hpp"

#include <Poco/Base64Decoder.h>
#include <Poco/Base64Encoder.h>
#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

#include <sstream>

using namespace Poco::Data::Keywords;

namespace sb::recommend {
namespace {

using Poco::Int64;

std::string toBase64(const std::string& bytes) {
  std::ostringstream out;
  Poco::Base64Encoder encoder(out);
  encoder.rdbuf()->setLineLength(0);
  encoder << bytes;
  encoder.close();
  return out.str();
}

std::string fromBase64(const std::string& text) {
  std::istringstream in(text);
  Poco::Base64Decoder decoder(in);
  return std::string(std::istreambuf_iterator<char>(decoder), std::istreambuf_iterator<char>());
}

ModelVersion versionFrom(Poco::Data::RecordSet& rs) {
  ModelVersion v;
  v.tenant_id = store::textOf(rs, "tenant_id");
  v.recommender = store::textOf(rs, "recommender");
  v.version = static_cast<int>(store::integerOf(rs, "version"));
  v.metrics_json = store::textOf(rs, "metrics");
  v.active = store::integerOf(rs, "active") != 0;
  v.trained_at = store::integerOf(rs, "trained_at");
  return v;
}

constexpr const char* kColumns = "SELECT tenant_id, recommender, version, metrics, active, trained_at FROM models";

}  // namespace

int ModelRepository::addActive(const std::string& tenant, const std::string& recommender, const std::string& bytes,
                               const std::string& metricsJson, int64_t trainedAt) {
  const std::string encoded = toBase64(bytes);
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    store::Transaction tx(lease);
    Poco::Nullable<Int64> latest;
    lease.session() << lease.sql("SELECT MAX(version) FROM models WHERE tenant_id = ? AND recommender = ?"), bind(tenant),
        bind(recommender), into(latest), now;
    int version = latest.isNull() ? 1 : static_cast<int>(latest.value()) + 1;
    lease.session() << lease.sql("UPDATE models SET active = 0 WHERE tenant_id = ? AND recommender = ? AND active = 1"),
        bind(tenant), bind(recommender), now;
    lease.session() << lease.sql("INSERT INTO models (tenant_id, recommender, version, model, metrics, active, trained_at) "
                                 "VALUES (?, ?, ?, ?, ?, 1, ?)"),
        bind(tenant), bind(recommender), bind(version), bind(encoded), bind(metricsJson),
        bind(static_cast<Int64>(trainedAt)), now;
    tx.commit();
    return version;
  });
}

std::vector<ModelVersion> ModelRepository::list(const std::string& tenant, const std::string& recommender) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    Poco::Data::Statement st(lease.session());
    st << lease.sql(std::string(kColumns) + " WHERE tenant_id = ? AND recommender = ? ORDER BY version DESC LIMIT 100"),
        bind(tenant), bind(recommender);
    st.execute();
    Poco::Data::RecordSet rs(st);
    std::vector<ModelVersion> out;
    for (bool more = rs.moveFirst(); more; more = rs.moveNext()) out.push_back(versionFrom(rs));
    return out;
  });
}

std::optional<ModelVersion> ModelRepository::active(const std::string& tenant, const std::string& recommender) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<ModelVersion> {
    Poco::Data::Statement st(lease.session());
    st << lease.sql(std::string(kColumns) + " WHERE tenant_id = ? AND recommender = ? AND active = 1"), bind(tenant),
        bind(recommender);
    st.execute();
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    return versionFrom(rs);
  });
}

std::optional<std::string> ModelRepository::bytes(const std::string& tenant, const std::string& recommender,
                                                  int version) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<std::string> {
    Poco::Nullable<std::string> encoded;
    lease.session() << lease.sql("SELECT model FROM models WHERE tenant_id = ? AND recommender = ? AND version = ?"),
        bind(tenant), bind(recommender), bind(version), into(encoded), now;
    if (encoded.isNull()) return std::nullopt;
    return fromBase64(encoded.value());
  });
}

bool ModelRepository::activate(const std::string& tenant, const std::string& recommender, int version) {
  auto lease = db_.acquire();
  return store::translateErrors([&] {
    store::Transaction tx(lease);
    Int64 exists = 0;
    lease.session() << lease.sql("SELECT COUNT(*) FROM models WHERE tenant_id = ? AND recommender = ? AND version = ?"),
        bind(tenant), bind(recommender), bind(version), into(exists), now;
    if (exists == 0) return false;
    lease.session() << lease.sql("UPDATE models SET active = CASE WHEN version = ? THEN 1 ELSE 0 END "
                                 "WHERE tenant_id = ? AND recommender = ?"),
        bind(version), bind(tenant), bind(recommender), now;
    tx.commit();
    return true;
  });
}

}  // namespace sb::recommend
