// switchboard/cpp/trampolines.hpp — part of plugin.hpp (include that, not this). Trampolines: C calls into the author's class, exceptions into statuses; descriptors.
#ifndef SWITCHBOARD_CPP_TRAMPOLINES_HPP
#define SWITCHBOARD_CPP_TRAMPOLINES_HPP

#ifndef SWITCHBOARD_PLUGIN_HPP
#error "include <switchboard/plugin.hpp>, not its parts"
#endif

namespace switchboard {

// ============================================================== trampolines
// Everything below turns C calls into calls on the author's class, and exceptions into
// statuses. Every function the host can reach is noexcept and catches everything.

namespace detail {

template <class T>
struct Instance {
  Host host;  // declared first: the plugin object may keep a reference to it
  T plugin;
  Instance(const sb_host* h, const Config& config) : host(h), plugin(host, config) {}
};

template <class T>
T& pluginOf(void* instance) noexcept {
  return static_cast<Instance<T>*>(instance)->plugin;
}

inline void setError(sb_call* call, const char* message) noexcept {
  if (SWITCHBOARD_DETAIL_HAS_FIELD(call, sb_call, set_error) && call->set_error != nullptr)
    call->set_error(call->host_data, sb_str{message, std::strlen(message)});
}

inline void setRetryAfter(sb_call* call, std::chrono::milliseconds after) noexcept {
  if (after.count() > 0 && SWITCHBOARD_DETAIL_HAS_FIELD(call, sb_call, set_retry_after_ms) && call->set_retry_after_ms != nullptr)
    call->set_retry_after_ms(call->host_data, after.count());
}

// Runs `body`, mapping each exception to its status and reason.
template <class F>
sb_status guarded(sb_call* call, F&& body) noexcept {
  CallScope scope(call);
  try {
    body();
    return SB_OK;
  } catch (const Retry& e) {
    setError(call, e.what());
    setRetryAfter(call, e.after());
    return SB_RETRY;
  } catch (const Error& e) {
    setError(call, e.what());
    // An "error" claiming success, or a status this ABI does not know, is a bug.
    return e.status() > SB_OK && e.status() <= SB_INTERNAL ? e.status() : SB_INTERNAL;
  } catch (const std::exception& e) {
    setError(call, e.what());
    return SB_INTERNAL;
  } catch (...) {
    setError(call, "unknown exception");
    return SB_INTERNAL;
  }
}

// ---- static metadata, with defaults for the optional members

template <class T, class = void> struct HasSchema : std::false_type {};
template <class T> struct HasSchema<T, std::void_t<decltype(T::schema)>> : std::true_type {};
template <class T, class = void> struct HasThreading : std::false_type {};
template <class T> struct HasThreading<T, std::void_t<decltype(T::threading)>> : std::true_type {};
template <class T, class = void> struct HasFlags : std::false_type {};
template <class T> struct HasFlags<T, std::void_t<decltype(T::flags)>> : std::true_type {};
template <class T, class = void> struct HasMetadata : std::false_type {};
template <class T>
struct HasMetadata<T, std::void_t<decltype(T::id), decltype(T::version), decltype(T::description)>>
    : std::true_type {};

template <class T>
constexpr const sb_config_field* schemaOf() noexcept {
  if constexpr (HasSchema<T>::value) return T::schema;
  else return nullptr;
}
template <class T>
constexpr std::size_t schemaSizeOf() noexcept {
  if constexpr (HasSchema<T>::value) return std::extent_v<decltype(T::schema)>;
  else return 0;
}
template <class T>
constexpr uint32_t threadingOf() noexcept {
  if constexpr (HasThreading<T>::value) return T::threading;
  else return SB_THREADING_SERIALIZED;  // the safe default
}
template <class T>
constexpr uint32_t flagsOf() noexcept {
  if constexpr (HasFlags<T>::value) return T::flags;
  else return 0;
}

// An overriding class declares the member itself, so &T::member names T, not the base.
template <class T>
constexpr bool overridesHealth() noexcept {
  return !std::is_same_v<decltype(&T::health), void (PluginBase::*)()>;
}
template <class T>
constexpr bool overridesWebhook() noexcept {
  return !std::is_same_v<decltype(&T::handleWebhook),
                         void (ChannelPlugin::*)(const WebhookRequest&, WebhookResponse&)>;
}
template <class T>
constexpr bool overridesSimilar() noexcept {
  return !std::is_same_v<decltype(&T::similar),
                         std::vector<Candidate> (RecommenderPlugin::*)(std::string_view, uint32_t)>;
}

template <class T>
constexpr const char* kindOf() noexcept {
  if constexpr (std::is_base_of_v<ChannelPlugin, T>) return SB_KIND_CHANNEL;
  else if constexpr (std::is_base_of_v<RecommenderPlugin, T>) return SB_KIND_RECOMMENDER;
  else return SB_KIND_RULE;
}

template <class T>
constexpr bool checkPluginClass() noexcept {
  constexpr int bases = int(std::is_base_of_v<ChannelPlugin, T>) + int(std::is_base_of_v<RecommenderPlugin, T>) +
                        int(std::is_base_of_v<RulePlugin, T>);
  static_assert(bases == 1, "a plugin class derives from exactly one of ChannelPlugin, RecommenderPlugin, RulePlugin");
  static_assert(HasMetadata<T>::value,
                "a plugin class declares static constexpr const char* id, version and description");
  static_assert(std::is_constructible_v<T, const Host&, const Config&>,
                "a plugin class has a constructor (const switchboard::Host&, const switchboard::Config&)");
  return true;
}

// ---- lifecycle

template <class T>
sb_status create(const sb_host* host, const sb_config* config, sb_call* call, void** instance) noexcept {
  if (instance == nullptr) return SB_INTERNAL;
  *instance = nullptr;
  return guarded(call, [&] {
    Config parsed(config);
    *instance = new Instance<T>(host, parsed);
  });
}

template <class T>
void destroy(void* instance) noexcept {
  delete static_cast<Instance<T>*>(instance);
}

template <class T>
sb_status health(void* instance, sb_call* call) noexcept {
  return guarded(call, [&] { pluginOf<T>(instance).health(); });
}

// ---- channel/1

inline Message toMessage(const sb_message& m) noexcept {
  return Message{view(m.notification_id), view(m.channel), view(m.recipient), view(m.subject), view(m.text),
                 view(m.html),            view(m.data_json), view(m.locale),  view(m.category), view(m.priority)};
}

template <class T>
sb_status channelSend(void* instance, sb_call* call, const sb_message* message, const sb_send_out* out) noexcept {
  return guarded(call, [&] {
    SendResult result;
    try {
      result = pluginOf<T>(instance).send(toMessage(*message));
    } catch (const Permanent& e) {
      if (SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_send_out, set_failure) && out->set_failure != nullptr)
        out->set_failure(out->host_data, static_cast<int32_t>(e.failure()));
      throw;
    }
    if (!result.provider_message_id.empty() && SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_send_out, set_provider_message_id) &&
        out->set_provider_message_id != nullptr)
      out->set_provider_message_id(out->host_data, str(result.provider_message_id));
  });
}

template <class T>
sb_status channelWebhook(void* instance, sb_call* call, const sb_webhook_request* request,
                         const sb_webhook_out* out) noexcept {
  WebhookResponse response;
  sb_status status = guarded(call, [&] {
    WebhookRequest r{view(request->method), view(request->url), Headers(request->headers, request->header_count),
                     view(request->body)};
    pluginOf<T>(instance).handleWebhook(r, response);
  });
  if (response.responded() && SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_webhook_out, set_response) && out->set_response != nullptr)
    out->set_response(out->host_data, response.status(), str(response.contentType()), str(response.body()));
  if (status == SB_OK && SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_webhook_out, delivery_update) && out->delivery_update != nullptr)
    for (const DeliveryUpdate& u : response.updates())
      out->delivery_update(out->host_data, str(u.provider_message_id), str(u.status), str(u.error));
  return status;
}

// ---- recommender/1

inline void emitCandidates(const std::vector<Candidate>& candidates, uint32_t limit,
                           const sb_candidates_out* out) noexcept {
  if (!SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_candidates_out, add) || out->add == nullptr) return;
  std::size_t n = limit > 0 && candidates.size() > limit ? limit : candidates.size();
  for (std::size_t i = 0; i < n; ++i) out->add(out->host_data, str(candidates[i].item_id), candidates[i].score);
}

template <class T>
sb_status recommenderFit(void* instance, sb_call* call, const sb_dataset* data) noexcept {
  return guarded(call, [&] { pluginOf<T>(instance).fit(Dataset(*data)); });
}

template <class T>
sb_status recommenderRecommend(void* instance, sb_call* call, const sb_recommend_request* request,
                               const sb_candidates_out* out) noexcept {
  return guarded(call, [&] {
    RecommendRequest r{view(request->user_id), request->limit,
                       StrList(request->exclude_item_ids, request->exclude_count),
                       History(request->history, request->history_count), view(request->category),
                       view(request->context_json)};
    emitCandidates(pluginOf<T>(instance).recommend(r), request->limit, out);
  });
}

template <class T>
sb_status recommenderSimilar(void* instance, sb_call* call, sb_str item_id, uint32_t limit,
                             const sb_candidates_out* out) noexcept {
  return guarded(call, [&] { emitCandidates(pluginOf<T>(instance).similar(view(item_id), limit), limit, out); });
}

template <class T>
sb_status recommenderSave(void* instance, sb_call* call, const sb_bytes_out* out) noexcept {
  return guarded(call, [&] {
    std::string model = pluginOf<T>(instance).save();
    if (SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_bytes_out, write) && out->write != nullptr) out->write(out->host_data, bytes(model));
  });
}

template <class T>
sb_status recommenderLoad(void* instance, sb_call* call, sb_bytes model) noexcept {
  return guarded(call, [&] { pluginOf<T>(instance).load(view(model)); });
}

// ---- rule/1

template <class T>
sb_status ruleApply(void* instance, sb_call* call, const sb_rule_input* input, const sb_rule_out* out) noexcept {
  return guarded(call, [&] {
    RuleInput r{view(input->user_id), view(input->user_attributes_json),
                History(input->history, input->history_count), view(input->context_json),
                RuleCandidates(input->candidates, input->candidate_count), input->limit, input->now_unix_ms};
    std::vector<RuleOutput> kept = pluginOf<T>(instance).apply(r);
    // Check everything before emitting anything, so a bad index fails the call cleanly.
    for (const RuleOutput& k : kept)
      if (k.index >= input->candidate_count) throw std::out_of_range("rule emitted a candidate index out of range");
    if (!SWITCHBOARD_DETAIL_HAS_FIELD(out, sb_rule_out, emit) || out->emit == nullptr) return;
    for (const RuleOutput& k : kept) out->emit(out->host_data, k.index, k.score);
  });
}

// ---- interface tables and descriptors: constexpr, so in static storage with no
// static constructor.

template <class T>
inline constexpr sb_channel_v1 kChannelTable = {sizeof(sb_channel_v1), &channelSend<T>,
                                                overridesWebhook<T>() ? &channelWebhook<T> : nullptr};

template <class T>
inline constexpr sb_recommender_v1 kRecommenderTable = {
    sizeof(sb_recommender_v1), &recommenderFit<T>, &recommenderRecommend<T>,
    overridesSimilar<T>() ? &recommenderSimilar<T> : nullptr, &recommenderSave<T>, &recommenderLoad<T>};

template <class T>
inline constexpr sb_rule_v1 kRuleTable = {sizeof(sb_rule_v1), &ruleApply<T>};

template <class T>
const void* getInterface(const char* interface_id) noexcept {
  if (interface_id == nullptr) return nullptr;
  if constexpr (std::is_base_of_v<ChannelPlugin, T>) {
    if (std::strcmp(interface_id, SB_INTERFACE_CHANNEL_V1) == 0) return &kChannelTable<T>;
  } else if constexpr (std::is_base_of_v<RecommenderPlugin, T>) {
    if (std::strcmp(interface_id, SB_INTERFACE_RECOMMENDER_V1) == 0) return &kRecommenderTable<T>;
  } else {
    if (std::strcmp(interface_id, SB_INTERFACE_RULE_V1) == 0) return &kRuleTable<T>;
  }
  return nullptr;
}

template <class T>
inline constexpr sb_plugin_descriptor kDescriptor = {
    sizeof(sb_plugin_descriptor),
    (static_cast<void>(checkPluginClass<T>()), T::id),
    T::version,
    kindOf<T>(),
    T::description,
    schemaOf<T>(),
    schemaSizeOf<T>(),
    threadingOf<T>(),
    flagsOf<T>(),
    &create<T>,
    &destroy<T>,
    &getInterface<T>,
    overridesHealth<T>() ? &health<T> : nullptr,
};

constexpr bool sameId(const char* a, const char* b) noexcept {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

template <class... Ts>
constexpr bool distinctIds() noexcept {
  const char* ids[] = {Ts::id...};
  for (std::size_t i = 0; i < sizeof...(Ts); ++i)
    for (std::size_t j = i + 1; j < sizeof...(Ts); ++j)
      if (sameId(ids[i], ids[j])) return false;
  return true;
}

template <class... Ts>
struct Library {
  static_assert(SWITCHBOARD_MIN_HOST_MINOR <= SB_ABI_MINOR,
                "SWITCHBOARD_MIN_HOST_MINOR is newer than the plugin.h this library is built with");
  static_assert(distinctIds<Ts...>(), "two plugins in one library share an id");
  static constexpr const sb_plugin_descriptor* plugins[] = {&kDescriptor<Ts>...};
  static constexpr sb_library library = {sizeof(sb_library), SB_ABI_MAJOR, SB_ABI_MINOR,
                                         static_cast<uint16_t>(SWITCHBOARD_MIN_HOST_MINOR), 0,
                                         plugins, sizeof...(Ts)};
};

}  // namespace detail

// The descriptor of a plugin class, as the host sees it: handy for driving a plugin in
// unit tests without a host (see docs/plugin-guide.md).
template <class T>
constexpr const sb_plugin_descriptor& descriptorOf() noexcept {
  return detail::kDescriptor<T>;
}
}  // namespace switchboard

#endif  // SWITCHBOARD_CPP_TRAMPOLINES_HPP
