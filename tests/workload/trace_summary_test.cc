#include <catch2/catch.hpp>

#include <filesystem>

#include "read_all.h"
#include "testing/scratch_dir.h"

namespace plan {

using test::ScratchDir;

TEST_CASE("SummarizeTrace gives nearest-rank percentiles, span and rate", "[workload]") {
  ScratchDir dir;
  // Inputs 1..10 in scrambled order; outputs all 7; one arrival every 0.5 s.
  std::string path = dir.Write("s.csv",
                               "arrival_s,input_tokens,output_tokens\n"
                               "0,7,7\n0.5,3,7\n1,10,7\n1.5,1,7\n2,9,7\n2.5,2,7\n3,8,7\n"
                               "3.5,5,7\n4,6,7\n4.5,4,7\n");
  auto source = OpenWorkload(testing::TraceSpec(path), 0, 0);
  REQUIRE(source.ok());
  Result<TraceSummary> s = SummarizeTrace(**source);
  REQUIRE(s.ok());
  CHECK(s->requests == 10);
  CHECK(s->span_s == 4.5);
  CHECK(s->mean_rate_per_s == Approx(10 / 4.5));
  CHECK(s->input.mean == 5.5);
  CHECK(s->input.p50 == 5);   // rank ceil(0.50 x 10) = 5
  CHECK(s->input.p90 == 9);   // rank ceil(0.90 x 10) = 9
  CHECK(s->input.p99 == 10);  // rank ceil(0.99 x 10) = 10
  CHECK(s->input.max == 10);
  CHECK(s->output.p50 == 7);
  CHECK(s->stats.rows == 10);
  CHECK(NearestRank({1, 2, 3}, 50) == 2);  // rank ceil(1.5) = 2
  CHECK(NearestRank({4}, 1) == 4);
}

TEST_CASE("ExactSeconds writes nanoseconds without rounding or trailing zeros", "[workload]") {
  CHECK(ExactSeconds(0) == "0");
  CHECK(ExactSeconds(4'314'579'000) == "4.314579");
  CHECK(ExactSeconds(1) == "0.000000001");
  CHECK(ExactSeconds(3'000'000'000) == "3");
  CHECK(ExactSeconds(-1'500'000'000) == "-1.5");
}

TEST_CASE("a converted trace reads back identically, prefix hashes included", "[workload]") {
  ScratchDir dir;
  std::string moon = dir.Write(
      "m.jsonl",
      "{\"timestamp\": 0, \"input_length\": 700, \"output_length\": 5, \"hash_ids\": [0, 1]}\n"
      "{\"timestamp\": 1234, \"input_length\": 30, \"output_length\": 2, \"hash_ids\": [0]}\n");
  std::string out = dir.path() + "/out.jsonl";
  auto source = OpenWorkload(testing::TraceSpec(moon), 0, 0);
  REQUIRE(source.ok());
  Result<int64_t> written = WriteTrace(**source, TraceOutput::kJsonl, out);
  REQUIRE(written.ok());
  CHECK(*written == 2);
  auto back = testing::ReadAll(testing::TraceSpec(out));
  REQUIRE(back.error == "");
  CHECK(back.stats.format == "jsonl");
  CHECK(testing::Arrivals(back) == std::vector<TimeNs>{0, 1'234'000'000});
  CHECK(back.requests[0].input_tokens == 700);
  CHECK(back.requests[1].output_tokens == 2);
  CHECK(back.requests[0].prefix_hashes == std::vector<uint64_t>{0, 1});
  CHECK(back.requests[1].prefix_hashes == std::vector<uint64_t>{0});
}

TEST_CASE("CSV refuses a stream with prefix hashes rather than drop them", "[workload]") {
  // Until issue 12 the CSV was written without the hashes (this test pinned that); CSV has no
  // column for them, so the write is refused and names JSONL.
  ScratchDir dir;
  std::string moon = dir.Write(
      "m.jsonl",
      "{\"timestamp\": 0, \"input_length\": 700, \"output_length\": 5, \"hash_ids\": [0, 1]}\n"
      "{\"timestamp\": 1234, \"input_length\": 30, \"output_length\": 2}\n");
  std::string out = dir.path() + "/out.csv";
  auto source = OpenWorkload(testing::TraceSpec(moon), 0, 0);
  REQUIRE(source.ok());
  Result<int64_t> written = WriteTrace(**source, TraceOutput::kCsv, out);
  REQUIRE_FALSE(written.ok());
  CHECK(written.status().code() == StatusCode::kInvalidInput);
  CHECK(written.status().message() ==
        out +
            ": not written: 1 requests carry prefix hashes (hash_ids), which CSV has no column "
            "for; write JSONL to keep them (--to jsonl, or an output name ending in .jsonl)");
  CHECK_FALSE(std::filesystem::exists(out));
  // Without hashes CSV is fine.
  std::string plain = dir.Write("p.jsonl",
                                "{\"timestamp\": 0, \"input_length\": 7, "
                                "\"output_length\": 5}\n");
  auto again = OpenWorkload(testing::TraceSpec(plain), 0, 0);
  REQUIRE(again.ok());
  CHECK(*WriteTrace(**again, TraceOutput::kCsv, out) == 1);
}

}  // namespace plan
