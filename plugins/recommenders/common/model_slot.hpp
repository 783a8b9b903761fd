// ModelSlot: the one trained model a recommender instance serves — immutable, swapped in
// whole after fit()/load(), so recommend() calls running meanwhile finish on the model they
// started with. Header-only, shared by popularity, itemknn and content.
#pragma once

#include <switchboard/plugin.hpp>

#include <memory>
#include <mutex>
#include <string>
#include <utility>

template <class Model>
class ModelSlot {
 public:
  explicit ModelSlot(std::string kind) : kind_(std::move(kind)) {}

  // The current model; Unsupported before the first fit or load (the host falls back).
  std::shared_ptr<const Model> get() const {
    std::lock_guard<std::mutex> lock(mutex_);
    if (!model_) throw switchboard::Unsupported("no " + kind_ + " model yet: train or load one");
    return model_;
  }

  void install(Model model) {
    auto next = std::make_shared<const Model>(std::move(model));
    std::lock_guard<std::mutex> lock(mutex_);
    model_.swap(next);
  }  // the previous model dies here, outside the lock, once no reader holds it

 private:
  std::string kind_;
  mutable std::mutex mutex_;
  std::shared_ptr<const Model> model_;
};
