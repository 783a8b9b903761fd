// ErrorEnvelope: the one place where error kinds become HTTP statuses and the JSON
// envelope {"error":{"code","message","details"}} that every API error uses.
#pragma once

#include "core/Error.hpp"
#include "http/ApiRequest.hpp"

namespace sb::http {

int httpStatusFor(ErrorKind kind);
ApiResponse errorResponse(const Error& error);
ApiResponse errorResponse(int status, const std::string& code, const std::string& message);

}  // namespace sb::http
