// The web console's static files (GET /), served from a directory built elsewhere.
//
// `path` is the decoded request path. "/" and paths with no file extension that name no file
// answer index.html (the console routes in the browser). Paths that leave the directory ("..")
// are 404. With no directory (empty `web_root`, or one that does not exist), every path is a
// 404 problem saying the console is not built.
#pragma once

#include <filesystem>
#include <string_view>

#include "server/http_message.h"

namespace parcours::server {

Response ConsoleFile(const std::filesystem::path& web_root, std::string_view path);

}  // namespace parcours::server
