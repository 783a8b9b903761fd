// FreePort: a TCP port on 127.0.0.1 that nothing listens on right now.
#pragma once

namespace sb::test {

// Binds 127.0.0.1:0, reads the port the kernel picked, and releases it. Another process
// may take it before you bind it: servers started on it should retry on "address in use".
int freeTcpPort();

}  // namespace sb::test
