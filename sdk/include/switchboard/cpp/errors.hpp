// switchboard/cpp/errors.hpp — part of plugin.hpp (include that, not this). Errors: the exceptions that map to ABI statuses, and string views over sb_str.
#ifndef SWITCHBOARD_CPP_ERRORS_HPP
#define SWITCHBOARD_CPP_ERRORS_HPP

#ifndef SWITCHBOARD_PLUGIN_HPP
#error "include <switchboard/plugin.hpp>, not its parts"
#endif

namespace switchboard {

// ============================================================== errors
// Each exception maps to one sb_status; the message becomes the call's error reason.

class Error : public std::runtime_error {
 public:
  Error(sb_status status, const std::string& message) : std::runtime_error(message), status_(status) {}
  sb_status status() const noexcept { return status_; }

 private:
  sb_status status_;
};

// Transient: the host may try again later (it owns the backoff); `after` is a floor.
class Retry : public Error {
 public:
  explicit Retry(const std::string& message,
                 std::chrono::milliseconds after = std::chrono::milliseconds::zero())
      : Error(SB_RETRY, message), after_(after) {}
  std::chrono::milliseconds after() const noexcept { return after_; }

 private:
  std::chrono::milliseconds after_;
};

// What a permanent send failure is about (see SB_FAILURE_* in plugin.h).
enum class Failure : int32_t {
  Provider = SB_FAILURE_PROVIDER,                     // this provider cannot deliver: try the next one
  Recipient = SB_FAILURE_RECIPIENT,                   // the address is invalid: no provider can deliver
  RecipientGone = SB_FAILURE_RECIPIENT_GONE,          // the address no longer exists: remove it
  RecipientOptedOut = SB_FAILURE_RECIPIENT_OPTED_OUT  // the recipient opted out at the provider
};

// Will never succeed for this input (bad address, rejected by the provider). In a
// channel's send(), say whose fault it is: Permanent("bad number", Failure::Recipient).
class Permanent : public Error {
 public:
  explicit Permanent(const std::string& message, Failure failure = Failure::Provider)
      : Error(SB_PERMANENT, message), failure_(failure) {}
  Failure failure() const noexcept { return failure_; }

 private:
  Failure failure_;
};

// The instance's configuration cannot work; throw it from your constructor.
class InvalidConfig : public Error {
 public:
  explicit InvalidConfig(const std::string& message) : Error(SB_INVALID_CONFIG, message) {}
};

// This call or option is not supported by this plugin.
class Unsupported : public Error {
 public:
  explicit Unsupported(const std::string& message) : Error(SB_UNSUPPORTED, message) {}
};

// ============================================================== strings and views

inline std::string_view view(sb_str s) noexcept {
  return s.ptr != nullptr ? std::string_view(s.ptr, s.len) : std::string_view();
}
inline std::string_view view(sb_bytes b) noexcept {
  return b.ptr != nullptr ? std::string_view(reinterpret_cast<const char*>(b.ptr), b.len)
                          : std::string_view();
}
inline sb_str str(std::string_view s) noexcept { return sb_str{s.data(), s.size()}; }
inline sb_bytes bytes(std::string_view s) noexcept {
  return sb_bytes{reinterpret_cast<const uint8_t*>(s.data()), s.size()};
}

namespace detail {
// A read-only, non-owning view of a host array, converting each element on access.
template <class Raw, class Value, Value (*Convert)(const Raw&)>
class ArrayView {
 public:
  class iterator {
   public:
    using iterator_category = std::forward_iterator_tag;
    using value_type = Value;
    using difference_type = std::ptrdiff_t;
    using pointer = void;
    using reference = Value;
    explicit iterator(const Raw* at) noexcept : at_(at) {}
    Value operator*() const { return Convert(*at_); }
    iterator& operator++() noexcept { ++at_; return *this; }
    bool operator==(const iterator& other) const noexcept { return at_ == other.at_; }
    bool operator!=(const iterator& other) const noexcept { return at_ != other.at_; }

   private:
    const Raw* at_;
  };

  ArrayView() noexcept = default;
  ArrayView(const Raw* data, std::size_t size) noexcept
      : data_(data), size_(data != nullptr ? size : 0) {}
  std::size_t size() const noexcept { return size_; }
  bool empty() const noexcept { return size_ == 0; }
  Value operator[](std::size_t i) const { return Convert(data_[i]); }
  iterator begin() const noexcept { return iterator(data_); }
  iterator end() const noexcept { return iterator(data_ + size_); }

 private:
  const Raw* data_ = nullptr;
  std::size_t size_ = 0;
};

inline std::string_view toView(const sb_str& s) { return view(s); }

inline bool equalsIgnoreCase(std::string_view a, std::string_view b) noexcept {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    char x = a[i], y = b[i];
    if (x >= 'A' && x <= 'Z') x = static_cast<char>(x - 'A' + 'a');
    if (y >= 'A' && y <= 'Z') y = static_cast<char>(y - 'A' + 'a');
    if (x != y) return false;
  }
  return true;
}
}  // namespace detail

// A list of strings, e.g. tags or excluded item ids.
class StrList : public detail::ArrayView<sb_str, std::string_view, &detail::toView> {
 public:
  using ArrayView::ArrayView;
  bool contains(std::string_view s) const noexcept {
    for (std::string_view item : *this)
      if (item == s) return true;
    return false;
  }
};

}  // namespace switchboard

#endif  // SWITCHBOARD_CPP_ERRORS_HPP
