// A trace with nothing to replay is an error, not a report of zeros.
#include <catch2/catch.hpp>

#include "read_all.h"
#include "testing/scratch_dir.h"

namespace plan {

using test::ScratchDir;
using testing::ReadAll;
using testing::TraceSpec;

TEST_CASE("A header-only trace is an error, not a workload of zero requests", "[workload]") {
  ScratchDir dir;
  std::string path = dir.Write("h.csv", "arrival_s,input_tokens,output_tokens\r\n");
  auto r = ReadAll(TraceSpec(path));
  CHECK(r.requests.empty());
  CHECK(r.error == path + ": the trace has a header but no rows");
}

TEST_CASE("A BurstGPT trace of failed requests only has nothing to replay", "[workload]") {
  ScratchDir dir;
  std::string path = dir.Write("b.csv",
                               "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log "
                               "Type\n5,ChatGPT,100,0,100,Conversation log\n"
                               "6,ChatGPT,200,0,200,Conversation log\n");
  auto r = ReadAll(TraceSpec(path));
  CHECK(r.error == path +
                       ": every one of the 2 rows is a failed request (0 response tokens); "
                       "there is nothing to replay");
}

}  // namespace plan
