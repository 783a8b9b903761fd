// The subcommands of ws_bench; each returns the process exit code.
#pragma once

#include "ClientLoop.hpp"
#include "Support.hpp"

namespace wsb {

int runConnections(const Args& args);  // many idle connections: server RSS per connection
int runFanout(const Args& args);       // batch-posted in-app notifications: accept-to-receipt latency
int runUsers(const Args& args);        // creates the bench users through the REST API
int runMockServer(const Args& args);   // a stand-in server speaking the same protocol (self-test)
int runSelfTest(const Args& args, const char* self);  // both benchmarks against the mock server

// Pieces the modes share.
std::vector<Endpoint> endpointsFrom(const Args& args);
TokenSigner signerFrom(const Args& args);

}  // namespace wsb
