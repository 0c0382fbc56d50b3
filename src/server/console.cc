#include "server/console.h"

#include <fstream>
#include <sstream>

#include "server/api.h"

namespace parcours::server {
namespace {

std::string_view ContentTypeOf(const std::filesystem::path& file) {
  std::string ext = file.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

std::optional<std::string> ReadFile(const std::filesystem::path& file) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(file, ec)) return std::nullopt;
  std::ifstream in(file, std::ios::binary);
  if (!in) return std::nullopt;
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

}  // namespace

Response ConsoleFile(const std::filesystem::path& web_root, std::string_view path) {
  std::error_code ec;
  if (web_root.empty() || !std::filesystem::is_directory(web_root, ec)) {
    return ProblemResponse(404, "console-not-built",
                           "the web console is not built: no --web-root directory"
                           " (the API is under /v1/)");
  }
  std::filesystem::path relative;
  std::string_view rest = path;
  while (!rest.empty()) {
    std::size_t slash = rest.find('/');
    std::string_view segment = rest.substr(0, slash);
    rest = slash == std::string_view::npos ? std::string_view() : rest.substr(slash + 1);
    if (segment.empty() || segment == ".") continue;
    if (segment == ".." || segment.find('\0') != std::string_view::npos) {
      return ProblemResponse(404, "not-found", "no such file");
    }
    relative /= std::string(segment);
  }
  std::filesystem::path file = web_root / relative;
  if (relative.empty() || std::filesystem::is_directory(file, ec)) file /= "index.html";
  auto content = ReadFile(file);
  if (!content && !relative.has_extension()) {
    file = web_root / "index.html";
    content = ReadFile(file);
  }
  if (!content) return ProblemResponse(404, "not-found", "no such file: " + std::string(path));
  Response r;
  r.content_type = std::string(ContentTypeOf(file));
  r.body = std::move(*content);
  return r;
}

}  // namespace parcours::server
