// InProcessBus: the bus of a single instance (no Redis configured): publish calls the
// handlers directly on the publisher's thread.
#include <memory>

#include "bus/Bus.hpp"
#include "bus/HandlerTable.hpp"

namespace sb::bus {
namespace {

class InProcessBus final : public Bus {
 public:
  void subscribe(const std::string& channel, Handler handler) override {
    handlers_.add(channel, std::move(handler));
  }
  void publish(const std::string& channel, const std::string& payload) override {
    handlers_.deliver(channel, payload);
  }
  // Nothing to lose or re-establish in-process: the listener is never called.
  void onReconnect(std::function<void()>) override {}
  void start() override {}
  void stop() override {}
  BusHealth health() const override { return {}; }
  std::string describe() const override { return "in-process"; }

 private:
  HandlerTable handlers_;
};

}  // namespace

std::unique_ptr<Bus> makeInProcessBus() { return std::make_unique<InProcessBus>(); }

}  // namespace sb::bus
