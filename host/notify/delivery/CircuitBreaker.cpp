#include "notify/delivery/CircuitBreaker.hpp"

namespace sb::notify {

bool CircuitBreaker::allow(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  switch (state_) {
    case State::Closed:
      return true;
    case State::Open:
      if (now - opened_at_ < cool_down_) return false;
      state_ = State::HalfOpen;
      probe_in_flight_ = true;
      return true;
    case State::HalfOpen:
      if (probe_in_flight_) return false;
      probe_in_flight_ = true;
      return true;
  }
  return false;
}

void CircuitBreaker::recordSuccess() {
  std::lock_guard lock(mutex_);
  state_ = State::Closed;
  consecutive_failures_ = 0;
  probe_in_flight_ = false;
}

void CircuitBreaker::recordFailure(Clock::time_point now) {
  std::lock_guard lock(mutex_);
  if (state_ == State::HalfOpen) {  // the probe failed: wait another cool-down
    state_ = State::Open;
    opened_at_ = now;
    probe_in_flight_ = false;
    return;
  }
  if (++consecutive_failures_ >= failures_to_open_ && state_ == State::Closed) {
    state_ = State::Open;
    opened_at_ = now;
  }
}

CircuitBreaker::State CircuitBreaker::state(Clock::time_point now) const {
  std::lock_guard lock(mutex_);
  if (state_ == State::Open && now - opened_at_ >= cool_down_) return State::HalfOpen;
  return state_;
}

CircuitBreaker::Clock::time_point CircuitBreaker::reopensAt() const {
  std::lock_guard lock(mutex_);
  return opened_at_ + cool_down_;
}

const char* breakerStateName(CircuitBreaker::State state) {
  switch (state) {
    case CircuitBreaker::State::Closed: return "closed";
    case CircuitBreaker::State::Open: return "open";
    case CircuitBreaker::State::HalfOpen: return "half_open";
  }
  return "closed";
}

}  // namespace sb::notify
