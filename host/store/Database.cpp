#include "store/Database.hpp"

#include <Poco/Data/PostgreSQL/Connector.h>
#include <Poco/Data/SQLite/Connector.h>
#include <Poco/Data/SessionFactory.h>
#include <Poco/Data/SessionPool.h>

#include <cassert>
#include <filesystem>

#include "store/MigrationRunner.hpp"
#include "store/Migrations.hpp"
#include "store/NativeSession.hpp"

namespace sb::store {
namespace {

using namespace Poco::Data::Keywords;

constexpr int kIdleSeconds = 60;  // idle connections above one are closed after this

// Poco's SQLite sessions retry a failing open for their login timeout, 60 s by default,
// and SessionPool offers no way to pass another: an unopenable file would hang start-up
// and, later, every acquire() that opens a connection. This connector opens with 1 s.
class FastFailSqliteConnector : public Poco::Data::SQLite::Connector {
 public:
  static constexpr const char* kKey = "switchboard-sqlite";
  const std::string& name() const override {
    static const std::string key = kKey;
    return key;
  }
  Poco::AutoPtr<Poco::Data::SessionImpl> createSession(const std::string& connectionString,
                                                       std::size_t /*timeout*/) override {
    return Poco::Data::SQLite::Connector::createSession(connectionString, 1);
  }
};

void registerConnectorsOnce() {
  static std::once_flag once;
  std::call_once(once, [] {
    Poco::Data::SessionFactory::instance().add(new FastFailSqliteConnector);
    Poco::Data::PostgreSQL::Connector::registerConnector();
  });
}

std::string poolConnectorKey(const StoreUrl& url) {
  return url.dialect() == Dialect::Sqlite ? FastFailSqliteConnector::kKey : url.connector();
}

void createParentFolder(const StoreUrl& url) {
  if (url.dialect() != Dialect::Sqlite || url.inMemory()) return;
  const std::filesystem::path parent = std::filesystem::path(url.sqlitePath()).parent_path();
  if (parent.empty()) return;
  std::error_code error;
  std::filesystem::create_directories(parent, error);
  if (error) throw StoreError("cannot create folder " + parent.string() + ": " + error.message());
}

}  // namespace

class Database::Pool : public Poco::Data::SessionPool {
 public:
  Pool(const StoreUrl& url, int size)
      : SessionPool(poolConnectorKey(url), url.connectionString(), 1, size, kIdleSeconds),
        dialect_(url.dialect()) {}

 protected:
  // Called by SessionPool::get() for each newly opened connection only.
  void customizeSession(Poco::Data::Session& session) override {
    native::prepareNewConnection(session, dialect_);
  }

 private:
  Dialect dialect_;
};

// ---- Lease ----

Lease::Lease(Database& database, Poco::Data::Session session)
    : database_(&database), dialect_(database.dialect()), session_(std::move(session)) {}

Lease::Lease(Lease&& other) noexcept
    : database_(other.database_), dialect_(other.dialect_), session_(std::move(other.session_)) {
  other.session_.reset();
}

Lease::~Lease() {
  if (session_) database_->giveBack(*session_);
}

// ---- Database ----

std::unique_ptr<Database> Database::open(const config::StoreSettings& settings) {
  StoreUrl url = StoreUrl::parse(settings.url);
  if (settings.pool_size < 1) throw StoreError("store.pool_size must be at least 1");
  if (settings.acquire_timeout.count() < 0) throw StoreError("store.acquire_timeout must not be negative");
  createParentFolder(url);
  registerConnectorsOnce();

  std::unique_ptr<Database> database(new Database(std::move(url), settings));
  if (settings.migrate_on_start)
    database->migrate();
  else
    database->requireCurrentSchema();
  return database;
}

Database::Database(StoreUrl url, const config::StoreSettings& settings)
    : url_(std::move(url)),
      poolSize_(url_.inMemory() ? 1 : settings.pool_size),
      acquireTimeout_(settings.acquire_timeout),
      pool_(std::make_unique<Pool>(url_, poolSize_)),
      freeSlots_(poolSize_) {}

Database::~Database() {
  // A Lease still out would hand its session back to a destroyed pool.
  assert(freeSlots_ == poolSize_ && "a Lease outlived its Database");
  pool_->shutdown();
}

Lease Database::acquire() {
  {
    std::unique_lock lock(mutex_);
    if (!slotFreed_.wait_for(lock, acquireTimeout_, [this] { return freeSlots_ > 0; }))
      throw StoreUnavailable("no database connection free within " + std::to_string(acquireTimeout_.count()) +
                             " ms (store.pool_size = " + std::to_string(poolSize_) + ")");
    --freeSlots_;
  }
  try {
    return Lease(*this, pool_->get());
  } catch (...) {
    freeSlot();
    try {
      rethrowAsStoreError();
    } catch (const std::exception& e) {
      // Connection errors may echo connection parameters: scrub before anyone logs them.
      throw StoreUnavailable("cannot connect to " + url_.redacted() + ": " + url_.scrub(e.what()));
    }
  }
}

void Database::giveBack(Poco::Data::Session& session) noexcept {
  // Destructor path: nothing may escape. A failed rollback means the connection is broken;
  // PostgreSQL connections in that state report !isConnected() and the pool drops them.
  try {
    if (native::inTransaction(session, dialect())) session.rollback();
  } catch (...) {
  }
  try {
    session.close();  // PooledSessionImpl::close() puts the connection back into the pool
  } catch (...) {
  }
  freeSlot();
}

void Database::freeSlot() {
  {
    std::lock_guard lock(mutex_);
    ++freeSlots_;
  }
  slotFreed_.notify_one();
}

bool Database::ping(std::string* reason) {
  try {
    Lease lease = acquire();
    int one = 0;
    translateErrors([&] { lease.session() << "SELECT 1", into(one), now; });
    return true;
  } catch (const std::exception& e) {
    if (reason != nullptr) *reason = url_.scrub(e.what());
    return false;
  }
}

int Database::migrate() {
  Lease lease = acquire();
  return applyMigrations(lease, allMigrations());
}

int Database::schemaVersion() {
  Lease lease = acquire();
  return store::schemaVersion(lease);
}

void Database::requireCurrentSchema() {
  Lease lease = acquire();
  const int current = store::schemaVersion(lease);
  const int known = latestVersion(allMigrations());
  requireNotNewer(current, known);
  if (current < known)
    throw StoreError("database schema is at version " + std::to_string(current) +
                     ", this switchboard needs " + std::to_string(known) +
                     "; set store.migrate_on_start: true to upgrade it");
}

std::string Database::describe() const { return std::string(dialectName(dialect())) + " " + url_.redacted(); }

}  // namespace sb::store
