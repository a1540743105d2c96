#include <sys/stat.h>
#include <unistd.h>
#include <catch2/catch.hpp>

#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {

using test::ScratchDir;

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
  std::string path = dir.Sparse("big.json", int64_t{2} << 30);
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

TEST_CASE("WriteFileAtomic writes a device in place instead of replacing it", "[util]") {
  // Renaming a temporary file over /dev/null (plan search -o /dev/null, as root) would leave
  // a regular file there for every other process on the machine.
  REQUIRE(WriteFileAtomic("/dev/null", "report\n").ok());
  struct stat st;
  REQUIRE(::stat("/dev/null", &st) == 0);
  CHECK(S_ISCHR(st.st_mode));
  // A regular file is still replaced whole.
  ScratchDir dir;
  const std::string path = dir.Write("out.txt", "old contents, longer than the new\n");
  REQUIRE(WriteFileAtomic(path, "new\n").ok());
  CHECK(*ReadFile(path) == "new\n");
  // Through a link, the file it names is replaced and the link stays.
  const std::string link = dir.File("link.txt");
  REQUIRE(::symlink(path.c_str(), link.c_str()) == 0);
  REQUIRE(WriteFileAtomic(link, "newer\n").ok());
  CHECK(*ReadFile(path) == "newer\n");
  struct stat lst;
  REQUIRE(::lstat(link.c_str(), &lst) == 0);
  CHECK(S_ISLNK(lst.st_mode));
}

}  // namespace plan
