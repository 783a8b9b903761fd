#include "recommend/jobs/JobRunner.hpp"

#include <spdlog/spdlog.h>

namespace sb::recommend {
namespace {

std::string keyOf(const Job& job) { return job.tenant_id + '\x1f' + job.kind + '\x1f' + job.target; }

}  // namespace

JobRunner::JobRunner(JobRepository& jobs, int threads) : jobs_(jobs) {
  for (int i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
}

JobRunner::~JobRunner() { stop(); }

Job JobRunner::submit(const std::string& tenant, const std::string& kind, const std::string& target, Work work) {
  Job job = jobs_.create(tenant, kind, target);
  {
    std::lock_guard lock(mutex_);
    queue_.push_back({job, std::move(work)});
  }
  ready_.notify_one();
  return job;
}

void JobRunner::stop() {
  std::deque<Queued> dropped;
  {
    std::lock_guard lock(mutex_);
    if (stopping_) return;
    stopping_ = true;
    dropped.swap(queue_);
  }
  ready_.notify_all();
  for (auto& t : threads_) t.join();
  for (auto& q : dropped) {
    try {
      jobs_.finish(q.job.id, false, "the server shut down before the job ran", "");
    } catch (const std::exception&) {
    }
  }
}

void JobRunner::run() {
  for (;;) {
    Queued next;
    {
      std::unique_lock lock(mutex_);
      auto runnable = [&] {
        for (auto it = queue_.begin(); it != queue_.end(); ++it)
          if (!running_.count(keyOf(it->job))) return it;
        return queue_.end();
      };
      ready_.wait(lock, [&] { return stopping_ || runnable() != queue_.end(); });
      if (stopping_) return;
      auto it = runnable();
      next = std::move(*it);
      queue_.erase(it);
      running_.insert(keyOf(next.job));
    }
    bool ok = true;
    std::string error, result;
    try {
      jobs_.markRunning(next.job.id);
      result = next.work();
    } catch (const std::exception& e) {
      ok = false;
      error = e.what();
      spdlog::warn("job {} ({} {}) failed: {}", next.job.id, next.job.kind, next.job.target, error);
    }
    try {
      jobs_.finish(next.job.id, ok, error, result);
    } catch (const std::exception& e) {
      spdlog::error("job {}: cannot record its end: {}", next.job.id, e.what());
    }
    {
      std::lock_guard lock(mutex_);
      running_.erase(keyOf(next.job));
    }
    ready_.notify_all();
  }
}

}  // namespace sb::recommend
