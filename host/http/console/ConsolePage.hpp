// ConsolePage: the admin console's bytes, generated from console.html at build time (cmake/EmbedText.cmake).
#pragma once

#include <string_view>

namespace sb::http::console {

std::string_view consolePage();  // console.html

}  // namespace sb::http::console
