// A fresh directory under the system temp dir ($TMPDIR honoured) for one test, removed with
// everything in it when the ScratchDir goes out of scope.
#pragma once

#include <string>

namespace plan::test {

class ScratchDir {
 public:
  ScratchDir();  // fails the current test when no directory can be made
  ~ScratchDir();
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  // The path of `name` inside the directory (nothing is created).
  std::string File(const std::string& name) const;
  // Writes `text` to `name` (atomically, as util/files.h writes) and returns its path. `name`
  // may name a file in a subdirectory made with Subdir.
  std::string Write(const std::string& name, const std::string& text) const;
  // Makes the subdirectory `name` and returns its path.
  std::string Subdir(const std::string& name) const;

 private:
  std::string path_;
};

}  // namespace plan::test
