// Diagnostics: a loader collects every problem, then fails once with all of them.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "util/source_loc.h"
#include "util/status.h"

namespace plan {

struct Diagnostic {
  SourceLoc loc;
  std::string message;
};

class Diagnostics {
 public:
  // Registers a file's text so errors in it can quote the offending line with a caret.
  void AddSource(const std::string& path, std::string text);

  void Error(const SourceLoc& loc, std::string message);

  bool empty() const { return errors_.empty(); }
  size_t size() const { return errors_.size(); }
  const std::vector<Diagnostic>& errors() const { return errors_; }

  // One block per error: "path:line:col: message", then the source line and a caret when known.
  std::string Render() const;
  // Ok when empty, else Status::Invalid(Render()).
  Status ToStatus() const;

 private:
  std::vector<Diagnostic> errors_;
  std::map<std::string, std::string> sources_;
};

}  // namespace plan
