#include "recommend/serving/ImpressionLog.hpp"

#include "core/Clock.hpp"
#include "recommend/serving/RecommendationService.hpp"
#include "store/Database.hpp"
#include "store/StoreError.hpp"
#include "store/Transaction.hpp"

#include <Poco/Data/Statement.h>
#include <spdlog/spdlog.h>

using namespace Poco::Data::Keywords;

namespace sb::recommend {
namespace {
constexpr size_t kMaxPending = 100000;  // beyond this, impressions are dropped (logged)
using Poco::Int64;
}  // namespace

ImpressionLog::ImpressionLog(store::Database& db) : db_(db), thread_([this] { run(); }) {}

ImpressionLog::~ImpressionLog() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  flush();
}

void ImpressionLog::record(const std::string& tenant, const std::string& user, const RecommendationResult& result) {
  Pending p{tenant, result.experiment, result.variant, user, {}, nowUnixMs()};
  for (const auto& item : result.items) p.items.push_back(item.item_id);
  std::lock_guard lock(mutex_);
  if (pending_.size() >= kMaxPending) return;
  pending_.push_back(std::move(p));
}

void ImpressionLog::run() {
  std::unique_lock lock(mutex_);
  while (!stopping_) {
    wake_.wait_for(lock, std::chrono::milliseconds(200));
    if (pending_.empty()) continue;
    std::vector<Pending> batch;
    batch.swap(pending_);
    lock.unlock();
    write(std::move(batch));
    lock.lock();
  }
}

void ImpressionLog::flush() {
  std::vector<Pending> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  write(std::move(batch));
}

void ImpressionLog::write(std::vector<Pending> batch) {
  if (batch.empty()) return;
  std::lock_guard writing(write_mutex_);
  try {
    auto lease = db_.acquire();
    store::translateErrors([&] {
      store::Transaction tx(lease);
      for (const auto& p : batch) {
        Int64 id = 0;
        Int64 at = p.shown_at;
        lease.session() << lease.sql("INSERT INTO impressions (tenant_id, experiment, variant, user_id, shown_at) "
                                     "VALUES (?, ?, ?, ?, ?) RETURNING id"),
            bind(p.tenant), bind(p.experiment), bind(p.variant), bind(p.user), bind(at), into(id), now;
        if (p.items.empty()) continue;
        std::string sql = "INSERT INTO impression_items (impression_id, tenant_id, user_id, item_id, shown_at) VALUES ";
        for (size_t i = 0; i < p.items.size(); ++i) sql += i ? ", (?, ?, ?, ?, ?)" : "(?, ?, ?, ?, ?)";
        Poco::Data::Statement st(lease.session());
        st << lease.sql(sql);
        for (const auto& item : p.items) st, bind(id), bind(p.tenant), bind(p.user), bind(item), bind(at);
        st.execute();
      }
      tx.commit();
    });
  } catch (const std::exception& e) {
    spdlog::warn("experiments: {} impressions not recorded: {}", batch.size(), e.what());
  }
}

std::vector<VariantReport> ImpressionLog::report(const std::string& tenant, const ExperimentSpec& experiment) {
  flush();
  std::vector<VariantReport> out;
  auto lease = db_.acquire();
  store::translateErrors([&] {
    for (const auto& v : experiment.variants) {
      VariantReport r{experiment.name, v.name, v.pipeline, 0, 0, 0};
      Int64 impressions = 0, clicks = 0;
      Int64 window = experiment.click_window.count();
      lease.session() << lease.sql("SELECT COUNT(*) FROM impressions WHERE tenant_id = ? AND experiment = ? AND variant = ?"),
          bind(tenant), bind(experiment.name), bind(v.name), into(impressions), now;
      lease.session() << lease.sql(
          "SELECT COUNT(DISTINCT e.id) FROM impressions i JOIN impression_items ii ON ii.impression_id = i.id "
          "JOIN events e ON e.tenant_id = ii.tenant_id AND e.user_id = ii.user_id AND e.item_id = ii.item_id "
          "AND e.occurred_at >= ii.shown_at AND e.occurred_at <= ii.shown_at + ? "
          "WHERE i.tenant_id = ? AND i.experiment = ? AND i.variant = ?"),
          bind(window), bind(tenant), bind(experiment.name), bind(v.name), into(clicks), now;
      r.impressions = impressions;
      r.clicks = clicks;
      r.ctr = impressions > 0 ? static_cast<double>(clicks) / static_cast<double>(impressions) : 0.0;
      out.push_back(r);
    }
  });
  return out;
}

}  // namespace sb::recommend
