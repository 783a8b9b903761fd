// EventListener: told after events were stored, e.g. to invalidate cached recommendations.
#pragma once

#include <string>
#include <vector>

namespace sb::recommend {

class EventListener {
 public:
  virtual ~EventListener() = default;
  // Called on the writing thread after the events' transaction committed, once per commit
  // (an import commits in chunks); `users` holds each user with new events once. Must not
  // throw: the events are stored whatever happens here.
  virtual void eventsRecorded(const std::string& tenant, const std::vector<std::string>& users) = 0;
};

}  // namespace sb::recommend
