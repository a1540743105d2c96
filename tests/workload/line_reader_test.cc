// Inputs that are not traces at all, or traces with nothing in them: each is a clear error
// naming the file, read in bounded memory.
#include <catch2/catch.hpp>

#include "read_all.h"
#include "testing/scratch_dir.h"
#include "workload/line_reader.h"

namespace plan {

using test::ScratchDir;
using testing::ReadAll;
using testing::TraceSpec;

TEST_CASE("/dev/zero as a trace stops at the line cap", "[workload]") {
  auto r = ReadAll(TraceSpec("/dev/zero"));
  CHECK(r.error ==
        "/dev/zero:1: the line is longer than 16 MiB, the most plan reads as one line; is this a "
        "trace file?");
}

TEST_CASE("A 2 GiB file of one line stops at the line cap, not at its end", "[workload]") {
  ScratchDir dir;
  std::string path = dir.Sparse("big.csv", int64_t{2} << 30);  // NUL bytes, no newline
  auto r = ReadAll(TraceSpec(path));
  CHECK(r.error == path +
                       ":1: the line is longer than 16 MiB, the most plan reads as one line; is "
                       "this a trace file?");
}

TEST_CASE("A directory as a trace is refused by name", "[workload]") {
  ScratchDir dir;
  auto r = ReadAll(TraceSpec(dir.path()));
  CHECK(r.error == dir.path() + ": cannot read trace: it is a directory, not a file");
}

TEST_CASE("A UTF-16 trace says to convert it", "[workload]") {
  ScratchDir dir;
  std::string path = dir.Write("u16.csv", std::string("\xFF\xFEt\0i\0m\0e\0", 10));
  auto r = ReadAll(TraceSpec(path));
  CHECK(r.error == path +
                       ": the trace is UTF-16 text; plan reads UTF-8 (convert it first: iconv -f "
                       "UTF-16 -t UTF-8 " +
                       path + " > trace.csv)");
}

TEST_CASE("A line longer than the first buffer is read whole", "[workload]") {
  // 3 MiB of one JSON string: the reader grows its buffer from 64 KiB to 4 MiB.
  ScratchDir dir;
  std::string row = "{\"arrival_s\": 0, \"input_tokens\": 5, \"output_tokens\": 7, \"note\": \"" +
                    std::string(3 << 20, 'x') + "\"}\n";
  auto r = ReadAll(TraceSpec(dir.Write("long.jsonl", row + row)));
  REQUIRE(r.error == "");
  REQUIRE(r.requests.size() == 2);
  CHECK(r.requests[1].input_tokens == 5);
  CHECK(r.requests[1].output_tokens == 7);
}

TEST_CASE("Control bytes in a quoted trace line are shown as '?'", "[workload]") {
  CHECK(TraceError("t.csv", 2, 3, "1,\x1b[2J,5", "bad input_tokens") ==
        "t.csv:2:3: bad input_tokens\n  1,?[2J,5\n    ^");
}

}  // namespace plan
