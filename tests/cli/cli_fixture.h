// Helpers for tests that run the whole CLI in-process: argv in, exit code and output back,
// and a scratch directory removed when the test ends.
#pragma once

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>
#include <sstream>
#include <string>
#include <vector>

#include "cli/command.h"
#include "util/files.h"

namespace plan::test {

struct CliRun {
  int exit_code;
  std::string out;
  std::string err;
};

inline CliRun RunCli(std::vector<std::string> args) {
  args.insert(args.begin(), "plan");
  std::vector<const char*> argv;
  for (const std::string& a : args) argv.push_back(a.c_str());
  std::ostringstream out, err;
  Io io{out, err};
  int code = RunPlan(static_cast<int>(argv.size()), argv.data(), io);
  return {code, out.str(), err.str()};
}

// A fresh directory under the system temp dir, deleted with everything in it at scope exit.
class ScratchDir {
 public:
  ScratchDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "plan_test_XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = tmpl;
  }
  ~ScratchDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return JoinPath(path_, name); }
  std::string Write(const std::string& name, const std::string& text) const {
    REQUIRE(WriteFileAtomic(File(name), text).ok());
    return File(name);
  }

 private:
  std::string path_;
};

}  // namespace plan::test
