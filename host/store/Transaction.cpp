#include "store/Transaction.hpp"

#include "store/Database.hpp"
#include "store/NativeSession.hpp"

namespace sb::store {

Transaction::Transaction(Lease& lease) : lease_(lease) {
  if (lease_.dialect() == Dialect::Sqlite)
    native::executeScript(lease_.session(), Dialect::Sqlite, "BEGIN IMMEDIATE");
  else
    translateErrors([&] { lease_.session().begin(); });
  open_ = true;
}

Transaction::~Transaction() {
  if (!open_) return;
  // Destructor: nothing may escape. If the rollback fails the connection is broken, and
  // the Lease tries again when it hands the connection back (then the pool drops it).
  try {
    if (!native::inTransaction(lease_.session(), lease_.dialect()))
      return;  // already ended (e.g. by an error)
    if (lease_.dialect() == Dialect::Sqlite)
      native::executeScript(lease_.session(), Dialect::Sqlite, "ROLLBACK");
    else
      lease_.session().rollback();
  } catch (...) {
  }
}

void Transaction::commit() {
  if (lease_.dialect() == Dialect::Sqlite)
    native::executeScript(lease_.session(), Dialect::Sqlite, "COMMIT");
  else
    translateErrors([&] { lease_.session().commit(); });
  open_ = false;
}

}  // namespace sb::store
