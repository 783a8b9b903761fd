// The repository contract on a real PostgreSQL, started once for this binary by the harness.
#include "InboxRepositoryBehaviour.hpp"
#include "RepositoryBehaviour.hpp"
#include "support/PostgresServer.hpp"

namespace sb::notify::testing {
namespace {

std::string postgresUnavailable() {
  std::string why;
  return sb::test::PostgresServer::available(&why) ? std::string() : why;
}

INSTANTIATE_TEST_SUITE_P(Postgres, RepositoryBehaviour,
                         ::testing::Values(Backend{"Postgres", postgresUnavailable,
                                                   [](const sb::test::TempDir&) {
                                                     return sb::test::PostgresServer::shared().createDatabase();
                                                   }}),
                         backendName);
INSTANTIATE_TEST_SUITE_P(Postgres, InboxRepositoryBehaviour,
                         ::testing::Values(Backend{"Postgres", postgresUnavailable,
                                                   [](const sb::test::TempDir&) {
                                                     return sb::test::PostgresServer::shared().createDatabase();
                                                   }}),
                         backendName);

}  // namespace
}  // namespace sb::notify::testing
