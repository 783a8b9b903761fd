#include "bus/RedisConnection.hpp"

#include <Poco/Exception.h>
#include <Poco/Net/NetException.h>
#include <Poco/Net/SocketAddress.h>
#include <Poco/Redis/Error.h>
#include <Poco/Redis/RedisStream.h>

#include <cctype>
#include <cstring>

namespace sb::bus {
namespace {

constexpr auto kCancelPollInterval = std::chrono::milliseconds(100);

Poco::Timespan toTimespan(std::chrono::milliseconds duration) {
  return Poco::Timespan(static_cast<Poco::Timespan::TimeDiff>(duration.count()) * 1000);
}

std::string errnoText(int code) {
  std::string text = std::strerror(code);
  if (!text.empty()) text[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(text[0])));
  return text;
}

// Poco's network exceptions, as the short texts health and logs show.
[[noreturn]] void rethrowAsRedisError(const std::string& context) {
  try {
    throw;
  } catch (const RedisError&) {
    throw;
  } catch (const Poco::Net::ConnectionRefusedException&) {
    throw RedisError(context + "connection refused");
  } catch (const Poco::TimeoutException&) {
    throw RedisError(context + "timed out");
  } catch (const Poco::Net::HostNotFoundException& e) {
    throw RedisError(context + "cannot resolve host: " + e.message());
  } catch (const Poco::Net::NoAddressFoundException& e) {
    throw RedisError(context + "cannot resolve host: " + e.message());
  } catch (const Poco::Exception& e) {
    throw RedisError(context + e.displayText());
  }
}

std::string encodeCommand(const std::vector<std::string>& command) {
  std::string out = "*" + std::to_string(command.size()) + "\r\n";
  for (const std::string& argument : command)
    out.append("$").append(std::to_string(argument.size())).append("\r\n").append(argument).append("\r\n");
  return out;
}

}  // namespace

RedisConnection::RedisConnection(std::chrono::milliseconds timeout) : timeout_(timeout) {}

RedisConnection::~RedisConnection() {
  input_.reset();
  try {
    socket_.close();
  } catch (const Poco::Exception&) {
    // Already broken; nothing left to release.
  }
}

std::unique_ptr<RedisConnection> RedisConnection::open(const RedisUrl& url, std::chrono::milliseconds timeout,
                                                       const std::function<bool()>& cancelled) {
  std::unique_ptr<RedisConnection> connection(new RedisConnection(timeout));
  connection->cancelled_ = cancelled;
  connection->connect(url);
  try {
    if (!url.password.empty()) connection->execute({"AUTH", url.password});
  } catch (const RedisError& e) {
    throw RedisError(std::string("authentication failed: ") + e.what());
  }
  if (url.db != 0) connection->execute({"SELECT", std::to_string(url.db)});
  // Without AUTH nothing has been asked yet: a server that wants a password says so here.
  if (url.password.empty() && url.db == 0) connection->execute({"PING"});
  return connection;
}

void RedisConnection::connect(const RedisUrl& url) {
  try {
    const Poco::Net::SocketAddress address(url.host, static_cast<Poco::UInt16>(url.port));
    // Non-blocking connect polled in slices: a blocking connect could not be cancelled.
    socket_.connectNB(address);
    const auto deadline = std::chrono::steady_clock::now() + timeout_;
    while (!socket_.poll(toTimespan(kCancelPollInterval), Poco::Net::Socket::SELECT_WRITE |
                                                               Poco::Net::Socket::SELECT_ERROR)) {
      if (cancelled_ && cancelled_()) throw RedisError("cancelled");
      if (std::chrono::steady_clock::now() >= deadline)
        throw RedisError("connect timed out after " + std::to_string(timeout_.count()) + " ms");
    }
    if (const int error = socket_.impl()->socketError(); error != 0) throw RedisError(errnoText(error));
    socket_.setBlocking(true);
    socket_.setNoDelay(true);  // one small command then wait: never let Nagle hold it back
    socket_.setKeepAlive(true);
    socket_.setReceiveTimeout(toTimespan(timeout_));
    socket_.setSendTimeout(toTimespan(timeout_));
    input_ = std::make_unique<Poco::Redis::RedisInputStream>(socket_);
  } catch (...) {
    rethrowAsRedisError("");
  }
}

void RedisConnection::send(const std::vector<std::string>& command) {
  const std::string bytes = encodeCommand(command);
  try {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
      const int n = socket_.sendBytes(bytes.data() + sent, static_cast<int>(bytes.size() - sent));
      if (n <= 0) throw RedisError("connection lost while sending");
      sent += static_cast<std::size_t>(n);
    }
  } catch (...) {
    rethrowAsRedisError("");
  }
}

RedisConnection::Reply RedisConnection::execute(const std::vector<std::string>& command) {
  send(command);
  const auto deadline = std::chrono::steady_clock::now() + timeout_;
  const auto slice = cancelled_ ? kCancelPollInterval : timeout_;
  for (;;) {
    if (Reply reply = readReply(slice); !reply.isNull()) return reply;
    if (cancelled_ && cancelled_()) throw RedisError("cancelled");
    if (std::chrono::steady_clock::now() >= deadline)
      throw RedisError("no answer to " + command.front() + " within " + std::to_string(timeout_.count()) + " ms");
  }
}

RedisConnection::Reply RedisConnection::readReply(std::chrono::milliseconds wait) {
  try {
    // Poll only when nothing is buffered: one read may have brought several replies.
    if (input_->rdbuf()->in_avail() <= 0 && !socket_.poll(toTimespan(wait), Poco::Net::Socket::SELECT_READ))
      return nullptr;
  } catch (...) {
    rethrowAsRedisError("");
  }
  Reply reply = readOne();
  if (reply->isError()) {
    const auto* error = dynamic_cast<const Poco::Redis::Type<Poco::Redis::Error>*>(reply.get());
    throw RedisError(error != nullptr ? error->value().getMessage() : "error reply");
  }
  return reply;
}

bool RedisConnection::unusable() {
  try {
    return input_->rdbuf()->in_avail() > 0 || socket_.poll(Poco::Timespan(0), Poco::Net::Socket::SELECT_READ);
  } catch (const Poco::Exception&) {
    return true;
  }
}

RedisConnection::Reply RedisConnection::readOne() {
  // The stream turns socket errors and timeouts into a failed state (no exception): check
  // it, or a cut-short reply would pass for a complete one.
  try {
    const int marker = input_->get();
    if (marker == std::char_traits<char>::eof())
      throw RedisError(input_->bad() ? "connection lost" : "connection closed by the server");
    Reply reply = Poco::Redis::RedisType::createRedisType(static_cast<char>(marker));
    if (reply.isNull()) throw RedisError("protocol error: unknown reply type");
    reply->read(*input_);
    if (!input_->good()) throw RedisError("connection lost in the middle of a reply");
    return reply;
  } catch (const RedisError&) {
    throw;
  } catch (const Poco::Exception& e) {
    throw RedisError(input_->good() ? "protocol error: " + e.displayText() : "connection lost");
  }
}

}  // namespace sb::bus
