// The store contract on a real PostgreSQL, started once for this binary by the test harness.
#include "StoreBehaviour.hpp"
#include "support/PostgresServer.hpp"

namespace sb::store::testing {
namespace {

std::string postgresUnavailable() {
  std::string why;
  return sb::test::PostgresServer::available(&why) ? std::string() : why;
}

INSTANTIATE_TEST_SUITE_P(Postgres, StoreBehaviour,
                         ::testing::Values(Backend{"Postgres", postgresUnavailable,
                                                   [](const sb::test::TempDir&) {
                                                     return sb::test::PostgresServer::shared().createDatabase();
                                                   }}),
                         backendName);

}  // namespace
}  // namespace sb::store::testing
