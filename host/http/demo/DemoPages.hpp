// DemoPages: the demo pages' bytes, generated from the .html files at build time (cmake/EmbedText.cmake).
#pragma once

#include <string_view>

namespace sb::http::demo {

std::string_view inboxPage();  // inbox.html

}  // namespace sb::http::demo
