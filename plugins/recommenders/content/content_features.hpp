// Features of an item's text for the content plugin: the terms of its title, tags and
// category, each field in its own namespace so a tag never matches a title word.
#pragma once

#include "content_config.hpp"

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace content {

// Lowercased (ASCII) runs of letters and digits; other ASCII characters separate tokens,
// bytes of multi-byte UTF-8 characters are kept inside tokens.
std::vector<std::string> tokens(std::string_view text);

// An item's terms with their boosted counts: "t:<token>" per title token (title_weight
// each), "g:<tag>" per tag (lowercased, trimmed; tag_weight), "c:<category>"
// (category_weight). Fields with a zero boost are left out; repeated terms add up.
std::vector<std::pair<std::string, double>> itemTerms(std::string_view title, const std::vector<std::string_view>& tags,
                                                      std::string_view category, const Settings& settings);

}  // namespace content
