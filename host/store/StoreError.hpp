// StoreError: the store's exception hierarchy; Poco::Data exceptions never leave the store layer raw.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>

namespace sb::store {

// Any failure of the database. Messages never contain connection strings or passwords.
class StoreError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// The database cannot be reached, or no connection became free in time (HTTP 503).
class StoreUnavailable : public StoreError {
 public:
  using StoreError::StoreError;
};

// A unique (or primary-key) constraint was violated (HTTP 409).
class StoreConflict : public StoreError {
 public:
  using StoreError::StoreError;
};

// Must be called inside a catch block: rethrows the exception in flight as the matching
// StoreError subclass when it comes from Poco (StoreErrors and other std exceptions pass
// through unchanged).
[[noreturn]] void rethrowAsStoreError();

// Runs fn(), translating Poco::Data exceptions into StoreError / StoreConflict /
// StoreUnavailable. Wrap the statements you run on a Lease's session with it:
//   translateErrors([&] { lease.session() << db.sql("INSERT ..."), use(id), now; });
template <class Fn>
decltype(auto) translateErrors(Fn&& fn) {
  try {
    return std::forward<Fn>(fn)();
  } catch (...) {
    rethrowAsStoreError();
  }
}

}  // namespace sb::store
