// The traces shipped under traces/, against the figures in traces/README.md.
#include <catch2/catch.hpp>

#include "read_all.h"

namespace plan {

using testing::ReadAll;
using testing::TraceSpec;

namespace {

std::string Shipped(const std::string& name) {
  return std::string(PLAN_SOURCE_DIR) + "/traces/" + name;
}

TraceSummary Summary(const WorkloadSpec& spec) {
  auto source = OpenWorkload(spec, 0, 0);
  REQUIRE(source.ok());
  Result<TraceSummary> s = SummarizeTrace(**source);
  REQUIRE(s.ok());
  return *s;
}

}  // namespace

TEST_CASE("the Azure 2023 conv trace: 19,366 rows over 3,501.7 s", "[workload]") {
  TraceSummary s = Summary(TraceSpec(Shipped("azure_conv_2023.csv")));
  CHECK(s.stats.format == "azure");
  CHECK(s.requests == 19366);
  // 19:14:08.4025270 - 18:15:46.6805900 = 58 min 21.7219370 s.
  CHECK(s.last_arrival_ns == 3'501'721'937'000);
  CHECK(s.input.p50 == 1020);
  CHECK(s.input.p99 == 4142);
  CHECK(s.input.max == 14050);
  CHECK(s.output.p50 == 129);
  CHECK(s.output.p99 == 601);
  CHECK(s.output.max == 1000);
  CHECK(s.stats.raised_zero == 0);
}

TEST_CASE("the Azure 2023 code trace: 8,819 rows over 3,435.9 s", "[workload]") {
  TraceSummary s = Summary(TraceSpec(Shipped("azure_code_2023.csv")));
  CHECK(s.requests == 8819);
  // 19:14:19.9280160 - 18:17:03.9799600 = 57 min 15.9480560 s.
  CHECK(s.last_arrival_ns == 3'435'948'056'000);
  CHECK(s.input.p50 == 1469);
  CHECK(s.input.max == 7437);
  CHECK(s.output.max == 1899);
}

TEST_CASE("the Mooncake conversation trace: 12,031 rows with 512-token prefix hashes",
          "[workload]") {
  auto r = ReadAll(TraceSpec(Shipped("mooncake_conversation.jsonl")));
  REQUIRE(r.error == "");
  REQUIRE(r.requests.size() == 12031);
  CHECK(r.stats.format == "mooncake");
  CHECK(r.requests.back().arrival_ns == 3'536'999'000'000);  // 3,536,999 ms
  const Request& first = r.requests.front();
  CHECK(first.input_tokens == 6758);
  CHECK(first.output_tokens == 500);
  CHECK(first.prefix_hashes.size() == 14);  // ceil(6758 / 512) blocks
  CHECK(first.prefix_hashes[13] == 13);
  CHECK(first.prefix_block_tokens == 512);
  CHECK(r.requests[1].prefix_hashes[0] == 0);  // shares the first block with request 0
  CHECK(r.requests[1].prefix_hashes[1] == 14);
}

}  // namespace plan
