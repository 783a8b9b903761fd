// Clock: Unix-millisecond wall time in one place, so timestamps are written one way.
#pragma once

#include <chrono>
#include <cstdint>

namespace sb {

inline int64_t nowUnixMs() {
  using namespace std::chrono;
  return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

}  // namespace sb
