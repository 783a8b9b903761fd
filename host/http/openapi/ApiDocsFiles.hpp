// ApiDocsFiles: the bytes of openapi.yaml and docs.html, generated from the files at build
// time (EmbedText.cmake), so the server needs no files on disk to document itself.
#pragma once

#include <string_view>

namespace sb::http::openapi {

std::string_view openApiYaml();   // openapi.yaml
std::string_view docsPageHtml();  // docs.html

}  // namespace sb::http::openapi
