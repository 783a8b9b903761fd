// AbiStrings: conversions between host strings and the ABI's borrowed {ptr,len} views.
#pragma once

#include <switchboard/plugin.h>

#include <string>

namespace sb::plugin {

// A borrowed view: valid only while `s` lives unchanged.
inline sb_str toSbStr(const std::string& s) { return sb_str{s.data(), s.size()}; }
// A copy (what the host does with everything a plugin hands back).
inline std::string fromSbStr(sb_str s) { return s.ptr ? std::string(s.ptr, s.len) : std::string(); }

}  // namespace sb::plugin
