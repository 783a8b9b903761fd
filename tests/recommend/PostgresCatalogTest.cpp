// The catalog repository contract on a real PostgreSQL, started once for this binary.
#include "CatalogRepositoryBehaviour.hpp"
#include "support/PostgresServer.hpp"

namespace sb::recommend::testing {
namespace {

std::string postgresUnavailable() {
  std::string why;
  return sb::test::PostgresServer::available(&why) ? std::string() : why;
}

INSTANTIATE_TEST_SUITE_P(Postgres, CatalogRepositoryBehaviour,
                         ::testing::Values(Backend{"Postgres", postgresUnavailable,
                                                   [](const sb::test::TempDir&) {
                                                     return sb::test::PostgresServer::shared().createDatabase();
                                                   }}),
                         backendName);

}  // namespace
}  // namespace sb::recommend::testing
