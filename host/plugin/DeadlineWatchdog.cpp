#include "plugin/DeadlineWatchdog.hpp"

#include <sys/socket.h>

#include <condition_variable>
#include <map>
#include <mutex>
#include <set>
#include <thread>

namespace sb::plugin {
namespace {

class Watchdog {
 public:
  static Watchdog& instance() {
    // Leaked on purpose: its thread is detached and waits on members; destroying them at
    // exit (static destruction) would leave that thread blocked on a dead condition
    // variable and hang the process.
    static Watchdog* w = new Watchdog;
    return *w;
  }

  uint64_t arm(int fd, std::chrono::steady_clock::time_point deadline) {
    std::lock_guard lock(mutex_);
    uint64_t id = ++next_id_;
    entries_[id] = Entry{fd, deadline};
    cv_.notify_one();
    return id;
  }

  void disarm(uint64_t id) {
    std::lock_guard lock(mutex_);
    entries_.erase(id);
    fired_.erase(id);
  }

  bool fired(uint64_t id) {
    std::lock_guard lock(mutex_);
    return fired_.count(id) > 0;
  }

 private:
  struct Entry {
    int fd;
    std::chrono::steady_clock::time_point deadline;
  };

  Watchdog() : thread_([this] { run(); }) { thread_.detach(); }

  void run() {
    std::unique_lock lock(mutex_);
    for (;;) {
      auto next = std::chrono::steady_clock::time_point::max();
      auto now = std::chrono::steady_clock::now();
      for (auto it = entries_.begin(); it != entries_.end();) {
        if (it->second.deadline <= now) {
          // The owner still holds the socket open (the guard is alive), so the fd is ours.
          ::shutdown(it->second.fd, SHUT_RDWR);
          fired_.insert(it->first);
          it = entries_.erase(it);
        } else {
          next = std::min(next, it->second.deadline);
          ++it;
        }
      }
      if (next == std::chrono::steady_clock::time_point::max()) {
        cv_.wait(lock);
      } else {
        cv_.wait_until(lock, next);
      }
    }
  }

  std::mutex mutex_;
  std::condition_variable cv_;
  std::map<uint64_t, Entry> entries_;
  std::set<uint64_t> fired_;
  uint64_t next_id_ = 0;
  std::thread thread_;
};

}  // namespace

DeadlineWatchdog::Guard::Guard(int fd, std::chrono::steady_clock::time_point deadline)
    : id_(Watchdog::instance().arm(fd, deadline)) {}

DeadlineWatchdog::Guard::~Guard() { Watchdog::instance().disarm(id_); }

bool DeadlineWatchdog::Guard::fired() const { return Watchdog::instance().fired(id_); }

}  // namespace sb::plugin
