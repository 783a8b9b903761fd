# Every dependency comes from a Debian 12 package (scripts/install-deps).
find_package(Threads REQUIRED)

# Trap: Debian's PocoDataPostgreSQL targets link PostgreSQL::client, which nothing
# defines. Define it before asking for Poco.
find_package(PostgreSQL REQUIRED)
if(NOT TARGET PostgreSQL::client)
  add_library(PostgreSQL::client INTERFACE IMPORTED)
  target_link_libraries(PostgreSQL::client INTERFACE PostgreSQL::PostgreSQL)
endif()

find_package(Poco 1.11 REQUIRED COMPONENTS
  Foundation Net NetSSL Crypto JSON JWT Util Data DataSQLite DataPostgreSQL Redis)
find_package(yaml-cpp REQUIRED)   # target: yaml-cpp (no namespace in 0.7)
find_package(spdlog REQUIRED)
find_path(MUSTACHE_INCLUDE_DIR kainjow/mustache.hpp REQUIRED)
