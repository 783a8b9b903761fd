#include "recommend/catalog/EventService.hpp"

#include "core/Clock.hpp"

#include <unordered_set>

namespace sb::recommend {

EventService::EventService(EventRepository& repository, const config::EventWeightSettings& weights,
                           EventListener* listener)
    : repository_(repository), weights_(weights), listener_(listener) {}

double EventService::weightOf(EventType type, const std::optional<double>& value) const {
  switch (type) {
    case EventType::View: return weights_.view;
    case EventType::Click: return weights_.click;
    case EventType::Purchase: return weights_.purchase;
    case EventType::Rating: return value ? weights_.rating * *value : weights_.rating;
    case EventType::Watch: return value ? weights_.watch * *value : weights_.watch;
    case EventType::WatchlistAdd: return weights_.watchlist_add;
    case EventType::WatchlistRemove: return weights_.watchlist_remove;
  }
  return 0;
}

size_t EventService::record(const std::string& tenant, const std::vector<EventInput>& inputs) {
  if (inputs.empty() || inputs.size() > kMaxPerRequest) {
    throw unprocessable("a request holds 1 to " + std::to_string(kMaxPerRequest) + " events");
  }
  const int64_t received = nowUnixMs();
  std::vector<Event> events;
  events.reserve(inputs.size());
  for (size_t i = 0; i < inputs.size(); ++i) {
    const auto& in = inputs[i];
    try {
      checkEvent(in);
    } catch (const Error& e) {
      throw atIndex(e, i, "events");
    }
    events.push_back(Event{in.user_id, in.item_id, *in.type, in.value, weightOf(*in.type, in.value),
                           in.timestamp.value_or(received), received});
  }
  store(tenant, events);
  return events.size();
}

EventService::ImportResult EventService::import(const std::string& tenant, std::string_view text,
                                                const ImportOptions& options) {
  ImportResult result;
  EventLineParser parser(options);
  const int64_t received = nowUnixMs();
  std::vector<Event> chunk;
  chunk.reserve(std::min(kImportChunk, text.size() / 16 + 1));
  size_t lineNo = 0;
  while (!text.empty()) {
    const size_t end = text.find('\n');
    const std::string_view line = text.substr(0, end);
    text.remove_prefix(end == std::string_view::npos ? text.size() : end + 1);
    ++lineNo;
    try {
      auto in = parser.parse(line);
      if (!in) continue;
      checkEvent(*in);
      chunk.push_back(Event{std::move(in->user_id), std::move(in->item_id), *in->type, in->value,
                            weightOf(*in->type, in->value), in->timestamp.value_or(received), received});
    } catch (const Error& e) {
      ++result.rejected;
      if (result.errors.size() < kMaxReportedErrors) result.errors.push_back(LineError{lineNo, e.what()});
      continue;
    }
    if (chunk.size() == kImportChunk) {
      store(tenant, chunk);
      result.imported += chunk.size();
      chunk.clear();
    }
  }
  store(tenant, chunk);
  result.imported += chunk.size();
  return result;
}

void EventService::store(const std::string& tenant, const std::vector<Event>& events) {
  if (events.empty()) return;
  repository_.insert(tenant, events);
  auto* listener = listener_.load();
  if (!listener) return;
  std::vector<std::string> users;
  std::unordered_set<std::string_view> seen;
  for (const auto& e : events) {
    if (seen.insert(e.user_id).second) users.push_back(e.user_id);
  }
  listener->eventsRecorded(tenant, users);
}

}  // namespace sb::recommend
