#include "testing/scratch_dir.h"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <filesystem>

#include "util/files.h"

namespace plan::test {

ScratchDir::ScratchDir() {
  std::string tmpl = (std::filesystem::temp_directory_path() / "plan_test_XXXXXX").string();
  REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
  path_ = tmpl;
}

ScratchDir::~ScratchDir() {
  std::error_code ignored;
  std::filesystem::remove_all(path_, ignored);
}

std::string ScratchDir::File(const std::string& name) const { return JoinPath(path_, name); }

std::string ScratchDir::Write(const std::string& name, const std::string& text) const {
  const std::string file = File(name);
  REQUIRE(WriteFileAtomic(file, text).ok());
  return file;
}

std::string ScratchDir::Subdir(const std::string& name) const {
  const std::string dir = File(name);
  std::error_code ec;
  REQUIRE(std::filesystem::create_directory(dir, ec));
  return dir;
}

}  // namespace plan::test
