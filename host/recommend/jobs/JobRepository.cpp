#include "recommend/jobs/JobRepository.hpp"

#include "core/Clock.hpp"
#include "core/Random.hpp"
#include "store/Database.hpp"
#include "store/RowValues.hpp"
#include "store/StoreError.hpp"

#include <Poco/Data/RecordSet.h>
#include <Poco/Data/Statement.h>
#include <Poco/Nullable.h>

using namespace Poco::Data::Keywords;

namespace sb::recommend {
namespace {
using Poco::Int64;
}  // namespace

Job JobRepository::create(const std::string& tenant, const std::string& kind, const std::string& target) {
  Job job;
  job.id = "job_" + randomHexId(20);
  job.tenant_id = tenant;
  job.kind = kind;
  job.target = target;
  job.status = "queued";
  job.created_at = nowUnixMs();
  auto lease = db_.acquire();
  store::translateErrors([&] {
    lease.session() << lease.sql("INSERT INTO jobs (id, tenant_id, kind, target, status, created_at) VALUES (?, ?, ?, ?, ?, ?)"),
        bind(job.id), bind(tenant), bind(kind), bind(target), bind(job.status), bind(static_cast<Int64>(job.created_at)),
        now;
  });
  return job;
}

void JobRepository::markRunning(const std::string& id) {
  auto lease = db_.acquire();
  Int64 at = nowUnixMs();
  store::translateErrors([&] {
    lease.session() << lease.sql("UPDATE jobs SET status = 'running', started_at = ? WHERE id = ?"), bind(at), bind(id), now;
  });
}

void JobRepository::finish(const std::string& id, bool ok, const std::string& error, const std::string& resultJson) {
  auto lease = db_.acquire();
  Int64 at = nowUnixMs();
  Poco::Nullable<std::string> err = error.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(error);
  Poco::Nullable<std::string> result =
      resultJson.empty() ? Poco::Nullable<std::string>() : Poco::Nullable<std::string>(resultJson);
  store::translateErrors([&] {
    lease.session() << lease.sql("UPDATE jobs SET status = ?, error = ?, result = ?, finished_at = ? WHERE id = ?"),
        bind(std::string(ok ? "succeeded" : "failed")), bind(err), bind(result), bind(at), bind(id), now;
  });
}

std::optional<Job> JobRepository::find(const std::string& tenant, const std::string& id) {
  auto lease = db_.acquire();
  return store::translateErrors([&]() -> std::optional<Job> {
    Poco::Data::Statement st(lease.session());
    st << lease.sql("SELECT id, tenant_id, kind, target, status, error, result, created_at, started_at, finished_at "
                    "FROM jobs WHERE tenant_id = ? AND id = ?"),
        bind(tenant), bind(id);
    st.execute();
    Poco::Data::RecordSet rs(st);
    if (!rs.moveFirst()) return std::nullopt;
    Job j;
    j.id = store::textOf(rs, "id");
    j.tenant_id = store::textOf(rs, "tenant_id");
    j.kind = store::textOf(rs, "kind");
    j.target = store::textOf(rs, "target");
    j.status = store::textOf(rs, "status");
    j.error = store::textOf(rs, "error");
    j.result_json = store::textOf(rs, "result");
    j.created_at = store::integerOf(rs, "created_at");
    j.started_at = store::optionalIntegerOf(rs, "started_at");
    j.finished_at = store::optionalIntegerOf(rs, "finished_at");
    return j;
  });
}

}  // namespace sb::recommend
