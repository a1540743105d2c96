#include "cli/input.h"

#include <istream>
#include <iterator>

#include "util/files.h"

namespace plan {

std::string InputName(const std::string& path) { return path == "-" ? kStdinName : path; }

Result<std::string> ReadInput(const std::string& path, Io& io) {
  if (path != "-") return ReadFile(path);
  if (io.in == nullptr) return Status::Invalid("-: there is no standard input to read");
  std::string text{std::istreambuf_iterator<char>(*io.in), std::istreambuf_iterator<char>()};
  if (io.in->bad()) return Status::Runtime(std::string(kStdinName) + ": read failed");
  return text;
}

}  // namespace plan
