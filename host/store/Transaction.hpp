// Transaction: RAII database transaction on a Lease; rolled back unless commit() succeeded.
#pragma once

namespace sb::store {

class Lease;

// Begins in the constructor; the destructor rolls back unless commit() succeeded.
// Not nestable (one transaction per Lease at a time).
//
// On SQLite it begins with BEGIN IMMEDIATE, taking the write lock up front: a deferred
// transaction that reads and then writes fails with SQLITE_BUSY (without waiting) when
// another connection wrote in between, which WAL makes likely. On PostgreSQL it is a plain
// BEGIN (READ COMMITTED) through Poco, which also frees Poco's deferred prepared statements
// at the end.
class Transaction {
 public:
  explicit Transaction(Lease& lease);
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  // StoreConflict / StoreError on failure; the transaction is then rolled back.
  void commit();

 private:
  Lease& lease_;
  bool open_ = false;
};

}  // namespace sb::store
