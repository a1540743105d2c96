#include "cli/input.h"

#include <fmt/format.h>
#include <istream>
#include <iterator>

#include "util/files.h"

namespace plan {

std::string InputName(const std::string& path) { return path == "-" ? kStdinName : path; }

Status NeedsCandidates(const std::string& command, const std::string& path, size_t candidates) {
  if (candidates > 0) return Status::Ok();
  return Status::Invalid(fmt::format(
      "{}: the scenario has a [search] space and no [[candidate]], so plan {} has nothing to "
      "run; search it with: plan search {}",
      InputName(path), command, path));
}

Result<std::string> ReadInput(const std::string& path, Io& io) {
  if (path != "-") return ReadFile(path);
  if (io.in == nullptr) return Status::Invalid("-: there is no standard input to read");
  std::string text{std::istreambuf_iterator<char>(*io.in), std::istreambuf_iterator<char>()};
  if (io.in->bad()) return Status::Runtime(std::string(kStdinName) + ": read failed");
  return text;
}

}  // namespace plan
