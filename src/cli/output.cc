#include "cli/output.h"

#include <fmt/format.h>
#include <algorithm>
#include <cctype>
#include <ostream>
#include <thread>

#include "util/files.h"

namespace plan {

namespace {

struct ExtensionFormat {
  const char* extension;
  const char* format;
};
constexpr ExtensionFormat kExtensions[] = {
    {".json", "json"}, {".csv", "csv"}, {".md", "md"}, {".html", "html"}, {".txt", "table"},
};

}  // namespace

Result<std::string> ChooseFormat(const std::string& format_flag, const std::string& output_path) {
  if (!format_flag.empty()) return format_flag;
  if (output_path.empty() || output_path == "-") return std::string("table");
  const std::string name = output_path.substr(output_path.find_last_of('/') + 1);
  const size_t dot = name.find_last_of('.');
  std::string extension = dot == std::string::npos || dot == 0 ? "" : name.substr(dot);
  std::transform(extension.begin(), extension.end(), extension.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  for (const ExtensionFormat& e : kExtensions)
    if (extension == e.extension) return std::string(e.format);
  const std::string why =
      extension.empty()
          ? "has no extension to tell the format from"
          : fmt::format("has an extension, '{}', that names no format", name.substr(dot));
  return Status::Invalid(fmt::format(
      "-o {}: the file {} (known: .json, .csv, .md, .html, .txt for table); add -f FORMAT",
      output_path, why));
}

Status WriteOutput(const std::string& output_path, const std::string& text, Io& io) {
  if (output_path.empty() || output_path == "-") {
    io.out << text;
    return Status::Ok();
  }
  return WriteFileAtomic(output_path, text);
}

int ThreadsOrCores(int threads) {
  return threads > 0 ? threads
                     : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
}

}  // namespace plan
