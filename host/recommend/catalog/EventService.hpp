// EventService: the rules for interaction events — validation, weights from config, batched
// storage, bulk import, and telling the listener whose history changed.
#pragma once

#include "config/Settings.hpp"
#include "recommend/catalog/CatalogInput.hpp"
#include "recommend/catalog/EventImport.hpp"
#include "recommend/catalog/EventListener.hpp"
#include "recommend/catalog/EventRepository.hpp"

#include <atomic>
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace sb::recommend {

// Thread-safe. Events for items not (yet) in the catalog are accepted.
class EventService {
 public:
  static constexpr size_t kMaxPerRequest = 10000;
  // Rows per import transaction (several multi-row statements each).
  static constexpr size_t kImportChunk = 10000;
  static constexpr size_t kMaxReportedErrors = 20;

  EventService(EventRepository& repository, const config::EventWeightSettings& weights,
               EventListener* listener = nullptr);

  // May be set once before serving (the composition root builds the listener later).
  void setListener(EventListener* listener) { listener_.store(listener); }

  // The stored weight: the type's configured weight, times `value` for rating and watch when
  // given.
  double weightOf(EventType type, const std::optional<double>& value) const;

  // Stores all the events or none: throws sb::Error Unprocessable naming the index
  // (details.index) and field of the first invalid one, or when there are not 1..kMaxPerRequest.
  // Returns how many were stored.
  size_t record(const std::string& tenant, const std::vector<EventInput>& events);

  struct LineError {
    size_t line = 0;  // 1-based
    std::string message;
  };
  struct ImportResult {
    size_t imported = 0;
    size_t rejected = 0;
    std::vector<LineError> errors;  // the first kMaxReportedErrors
  };
  // Reads `text` line by line (no copy of the whole), stores the good lines in transactions
  // of kImportChunk rows, and reports the bad ones. A store failure midway throws; the chunks
  // committed before it stay.
  ImportResult import(const std::string& tenant, std::string_view text, const ImportOptions& options);

 private:
  void store(const std::string& tenant, const std::vector<Event>& events);

  EventRepository& repository_;
  config::EventWeightSettings weights_;
  std::atomic<EventListener*> listener_;
};

}  // namespace sb::recommend
