// switchboard/cpp/payloads.hpp — part of plugin.hpp (include that, not this). Payloads: the borrowed call data of each interface (messages, datasets, candidates, rules).
#ifndef SWITCHBOARD_CPP_PAYLOADS_HPP
#define SWITCHBOARD_CPP_PAYLOADS_HPP

#ifndef SWITCHBOARD_PLUGIN_HPP
#error "include <switchboard/plugin.hpp>, not its parts"
#endif

namespace switchboard {

// ============================================================== call payloads (borrowed)

// One rendered message for one recipient; see sb_message for each field.
struct Message {
  std::string_view notification_id;  // stable across retries: the provider idempotency key
  std::string_view channel;
  std::string_view recipient;
  std::string_view subject;
  std::string_view text;
  std::string_view html;
  std::string_view data_json;
  std::string_view locale;
  std::string_view category;
  std::string_view priority;
};

struct SendResult {
  std::string provider_message_id;  // empty = the provider gave none
};

struct Header {
  std::string_view name;
  std::string_view value;
};

namespace detail {
inline Header toHeader(const sb_header& h) { return Header{view(h.name), view(h.value)}; }
}  // namespace detail

using Headers = detail::ArrayView<sb_header, Header, &detail::toHeader>;

struct WebhookRequest {
  std::string_view method;
  std::string_view url;  // the full public URL the provider called, for signature checks
  Headers headers;
  std::string_view body;

  // The first header with this name (case-insensitive), or "".
  std::string_view header(std::string_view name) const noexcept {
    for (Header h : headers)
      if (detail::equalsIgnoreCase(h.name, name)) return h.value;
    return {};
  }
};

struct DeliveryUpdate {
  std::string provider_message_id;
  std::string status;  // "delivered" | "failed" | "undelivered" | "sent"
  std::string error;
};

// What a webhook handler answers. The HTTP response is passed to the host even when the
// handler then throws (e.g. respond(403) + throw Permanent("bad signature")); delivery
// updates only when it returns normally.
class WebhookResponse {
 public:
  void respond(int http_status, std::string body = {}, std::string content_type = "text/plain") {
    responded_ = true;
    status_ = http_status;
    body_ = std::move(body);
    content_type_ = std::move(content_type);
  }
  void deliveryUpdate(std::string provider_message_id, std::string status, std::string error = {}) {
    updates_.push_back(DeliveryUpdate{std::move(provider_message_id), std::move(status), std::move(error)});
  }

  bool responded() const noexcept { return responded_; }
  int status() const noexcept { return status_; }
  const std::string& body() const noexcept { return body_; }
  const std::string& contentType() const noexcept { return content_type_; }
  const std::vector<DeliveryUpdate>& updates() const noexcept { return updates_; }

 private:
  bool responded_ = false;
  int status_ = 200;
  std::string body_;
  std::string content_type_;
  std::vector<DeliveryUpdate> updates_;
};

struct UserEvent {
  std::string_view item_id;
  float weight;
  int64_t timestamp_ms;
};

namespace detail {
inline UserEvent toUserEvent(const sb_user_event& e) {
  return UserEvent{view(e.item_id), e.weight, e.timestamp_unix_ms};
}
}  // namespace detail

using History = detail::ArrayView<sb_user_event, UserEvent, &detail::toUserEvent>;  // newest first

struct Item {
  std::string_view id;
  std::string_view title;
  std::string_view category;
  StrList tags;
  std::string_view attributes_json;
  int64_t created_at_ms;
};

// One interaction; user and item index Dataset::users() and Dataset::items().
struct Interaction {
  uint32_t user;
  uint32_t item;
  float weight;
  int64_t timestamp_ms;
};

namespace detail {
inline Item toItem(const sb_item* const& i) {
  return Item{view(i->id),       view(i->title),           view(i->category),
              StrList(i->tags, i->tag_count), view(i->attributes_json), i->created_at_unix_ms};
}
}  // namespace detail

using Items = detail::ArrayView<const sb_item*, Item, &detail::toItem>;

// The interactions of a dataset, read with the host's stride so that a longer
// sb_interaction from a later host minor still reads correctly.
class Interactions {
 public:
  Interactions(const sb_interaction* data, std::size_t size, std::size_t stride) noexcept
      : data_(reinterpret_cast<const char*>(data)), size_(data != nullptr ? size : 0),
        stride_(stride != 0 ? stride : sizeof(sb_interaction)) {}
  std::size_t size() const noexcept { return size_; }
  Interaction operator[](std::size_t i) const noexcept {
    const auto* raw = reinterpret_cast<const sb_interaction*>(data_ + i * stride_);
    return Interaction{raw->user, raw->item, raw->weight, raw->timestamp_unix_ms};
  }
  template <class F>
  void forEach(F&& f) const {
    for (std::size_t i = 0; i < size_; ++i) f((*this)[i]);
  }

 private:
  const char* data_;
  std::size_t size_;
  std::size_t stride_;
};

// A snapshot handed to fit(); borrowed for the call.
class Dataset {
 public:
  explicit Dataset(const sb_dataset& data) noexcept : data_(data) {}
  StrList users() const noexcept { return StrList(data_.user_ids, data_.user_count); }
  Items items() const noexcept { return Items(data_.items, data_.item_count); }
  Interactions interactions() const noexcept {
    return Interactions(data_.interactions, data_.interaction_count, data_.interaction_size);
  }
  int64_t nowMs() const noexcept { return data_.now_unix_ms; }

 private:
  const sb_dataset& data_;
};

struct RecommendRequest {
  std::string_view user_id;
  uint32_t limit;
  StrList exclude;  // never return these
  History history;  // newest first
  std::string_view category;  // restrict to this category; empty = any
  std::string_view context_json;

  bool excluded(std::string_view item_id) const noexcept { return exclude.contains(item_id); }
};

struct Candidate {
  std::string item_id;
  double score;
};

struct RuleCandidate {
  std::string_view item_id;
  double score;
  std::string_view category;
  StrList tags;
  std::string_view attributes_json;
  int64_t created_at_ms;
};

namespace detail {
inline RuleCandidate toRuleCandidate(const sb_candidate* const& c) {
  return RuleCandidate{view(c->item_id), c->score, view(c->category), StrList(c->tags, c->tag_count),
                       view(c->attributes_json), c->created_at_unix_ms};
}
}  // namespace detail

using RuleCandidates = detail::ArrayView<const sb_candidate*, RuleCandidate, &detail::toRuleCandidate>;

struct RuleInput {
  std::string_view user_id;
  std::string_view user_attributes_json;
  History history;
  std::string_view context_json;
  RuleCandidates candidates;  // best first
  uint32_t limit;
  int64_t now_ms;
};

// Keep the input candidate at `index` with `score`; the output order is the new order.
struct RuleOutput {
  std::size_t index;
  double score;
};

}  // namespace switchboard

#endif  // SWITCHBOARD_CPP_PAYLOADS_HPP
