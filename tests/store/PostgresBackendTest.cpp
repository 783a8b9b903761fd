// The store contract on a real PostgreSQL, started once for this binary by the test harness,
// plus what only PostgreSQL has (server-side connection loss).
#include <Poco/Data/Session.h>

#include "StoreBehaviour.hpp"
#include "support/PostgresServer.hpp"

namespace sb::store::testing {
namespace {

using namespace Poco::Data::Keywords;

std::string postgresUnavailable() {
  std::string why;
  return sb::test::PostgresServer::available(&why) ? std::string() : why;
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreBehaviour,
                         ::testing::Values(Backend{
                             "Postgres", postgresUnavailable,
                             [](const sb::test::TempDir&) {
                               return sb::test::PostgresServer::shared().createDatabase();
                             }}),
                         backendName);

TEST(PostgresDatabase, ReplacesAConnectionTheServerClosed) {
  if (const std::string why = postgresUnavailable(); !why.empty()) GTEST_SKIP() << why;
  config::StoreSettings settings;
  settings.url = sb::test::PostgresServer::shared().createDatabase();
  settings.pool_size = 1;
  auto db = Database::open(settings);
  auto admin = Database::open(settings);

  int pid = 0;
  {
    Lease lease = db->acquire();
    lease.session() << "SELECT pg_backend_pid()", into(pid), now;
  }
  {
    Lease lease = admin->acquire();
    bool terminated = false;
    lease.session() << "SELECT pg_terminate_backend(" + std::to_string(pid) + ")", into(terminated), now;
    ASSERT_TRUE(terminated);
  }
  {
    Lease lease = db->acquire();  // the pooled connection, dead on the server side
    EXPECT_THROW(translateErrors([&] { lease.session() << "SELECT 1", now; }), StoreUnavailable);
  }
  std::string reason;
  EXPECT_TRUE(db->ping(&reason)) << reason;  // the dead connection was dropped, a new one opened
}

}  // namespace
}  // namespace sb::store::testing
