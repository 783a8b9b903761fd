// The repository contract on SQLite (a file per test).
#include "InboxRepositoryBehaviour.hpp"
#include "RepositoryBehaviour.hpp"

namespace sb::notify::testing {
namespace {

INSTANTIATE_TEST_SUITE_P(Sqlite, RepositoryBehaviour,
                         ::testing::Values(Backend{"Sqlite", [] { return std::string(); },
                                                   [](const sb::test::TempDir& scratch) {
                                                     return "sqlite:" + scratch.file("content.db");
                                                   }}),
                         backendName);
INSTANTIATE_TEST_SUITE_P(Sqlite, InboxRepositoryBehaviour,
                         ::testing::Values(Backend{"Sqlite", [] { return std::string(); },
                                                   [](const sb::test::TempDir& scratch) {
                                                     return "sqlite:" + scratch.file("content.db");
                                                   }}),
                         backendName);

}  // namespace
}  // namespace sb::notify::testing
