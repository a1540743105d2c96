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

}  // namespace plan
