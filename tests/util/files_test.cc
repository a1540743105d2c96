#include <catch2/catch.hpp>

#include <fcntl.h>
#include <unistd.h>

#include "../cli/cli_fixture.h"
#include "util/files.h"

namespace plan {

using test::ScratchDir;

namespace {

// A file of `bytes` that takes no disk space (a hole): quick to make at any size.
std::string SparseFile(const ScratchDir& dir, const std::string& name, off_t bytes) {
  std::string path = dir.File(name);
  int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
  REQUIRE(fd >= 0);
  REQUIRE(::ftruncate(fd, bytes) == 0);
  ::close(fd);
  return path;
}

}  // namespace

TEST_CASE("ReadFile reads a file whole, an empty one too", "[util]") {
  ScratchDir dir;
  CHECK(*ReadFile(dir.Write("a.txt", "x\ny\n")) == "x\ny\n");
  CHECK(*ReadFile(dir.Write("empty.txt", "")) == "");
}

TEST_CASE("ReadFile refuses a directory by name", "[util]") {
  ScratchDir dir;
  Result<std::string> r = ReadFile(dir.path());
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidInput);
  CHECK(r.status().message() == dir.path() + ": is a directory, not a file");
}

TEST_CASE("ReadFile refuses a 2 GiB file from its size, without reading it", "[util]") {
  ScratchDir dir;
  std::string path = SparseFile(dir, "big.json", off_t{2} << 30);
  Result<std::string> r = ReadFile(path);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() ==
        path +
            ": the file is 2.0 GiB, larger than 64.0 MiB, the most plan reads from one input "
            "file");
}

TEST_CASE("ReadFile stops an endless device at the cap", "[util]") {
  // /dev/zero has no size to check first: the read stops one chunk past the cap.
  Result<std::string> r = ReadFile("/dev/zero", 1 << 20);
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() ==
        "/dev/zero: the file is larger than 1.0 MiB, the most plan reads from one input file");
}

TEST_CASE("ReadFile of a missing file says why", "[util]") {
  Result<std::string> r = ReadFile("/nonexistent/plan.toml");
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().message() == "/nonexistent/plan.toml: cannot read: No such file or directory");
}

}  // namespace plan
