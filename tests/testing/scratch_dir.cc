#include "testing/scratch_dir.h"

#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

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

std::string ScratchDir::Sparse(const std::string& name, int64_t bytes) const {
  const std::string file = File(name);
  int fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  const int truncated = ::ftruncate(fd, static_cast<off_t>(bytes));
  ::close(fd);
  REQUIRE(truncated == 0);
  return file;
}

}  // namespace plan::test
