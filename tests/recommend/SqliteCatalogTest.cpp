// The catalog repository contract on SQLite (a file per test).
#include "CatalogRepositoryBehaviour.hpp"

namespace sb::recommend::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, CatalogRepositoryBehaviour,
                         ::testing::Values(Backend{"Sqlite", [] { return std::string(); },
                                                   [](const sb::test::TempDir& scratch) {
                                                     return "sqlite:" + scratch.file("catalog.db");
                                                   }}),
                         backendName);

}  // namespace
}  // namespace sb::recommend::testing
