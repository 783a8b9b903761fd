// JobRunner: runs recorded jobs on a few background threads, one job per target at a time
// (two trainings of one recommender for one tenant never overlap), and records how each
// ended. Serving never runs here.
#pragma once

#include "recommend/jobs/JobRepository.hpp"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace sb::recommend {

class JobRunner {
 public:
  // The work returns the job's result as JSON text; a thrown exception fails the job.
  using Work = std::function<std::string()>;

  JobRunner(JobRepository& jobs, int threads);
  ~JobRunner();
  JobRunner(const JobRunner&) = delete;
  JobRunner& operator=(const JobRunner&) = delete;

  // Records the job (queued) and runs `work` when a thread is free and no other job of the
  // same tenant and target runs. Returns the recorded job.
  Job submit(const std::string& tenant, const std::string& kind, const std::string& target, Work work);
  // Finishes the running jobs, drops the queued ones (recorded as failed: "shutdown").
  void stop();

 private:
  struct Queued {
    Job job;
    Work work;
  };
  void run();

  JobRepository& jobs_;
  std::mutex mutex_;
  std::condition_variable ready_;
  std::deque<Queued> queue_;
  std::set<std::string> running_;  // tenant + '\x1f' + target
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

}  // namespace sb::recommend
