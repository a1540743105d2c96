// Whether a candidate kept up with its arrivals (issue 12: the overloaded marker): the backlog
// at the last arrival, and how long it took to clear.
#include <catch2/catch.hpp>

#include <fmt/format.h>

#include <atomic>
#include <string>

#include "report/writers.h"
#include "run/run_scenario.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

// `rate` requests a second, 200 of them, 1,000 prompt and 100 output tokens each, on one H100.
Report Run(int rate) {
  const std::string text =
      "name = \"load\"\nseed = 3\n[workload.generator]\n"
      "arrival = \"constant\"\nrate_per_s = " +
      std::to_string(rate) +
      "\nrequests = 200\n"
      "input_tokens = { dist = \"fixed\", value = 1000 }\n"
      "output_tokens = { dist = \"fixed\", value = 100 }\n"
      "[[candidate]]\nname = \"fleet\"\nkind = \"self_hosted\"\n"
      "model = \"llama-3.1-8b-instruct\"\ngpu = \"h100-sxm\"\nquant = \"fp8\"\n"
      "max_num_seqs = 4\n";
  const Catalog& catalog = test::EmbeddedCatalog();
  Result<Scenario> s = ParseScenario(text, "test/load.toml", catalog);
  INFO((s.ok() ? "" : s.status().message()));
  REQUIRE(s.ok());
  RunOptions options;
  options.bounds = false;
  Result<Report> r = RunScenario(*s, catalog, options);
  REQUIRE(r.ok());
  return std::move(r).value();
}

}  // namespace

TEST_CASE("A fleet that keeps up carries only the last request past the last arrival",
          "[run][load]") {
  const CandidateRow row = Run(1).candidates[0];
  // Constant arrivals at 0, 1, ..., 199 s; each request is done long before the next arrives.
  CHECK(row.load.arrival_span_s == 199);
  CHECK(row.load.backlog == 1);
  // The last request's e2e: what it took after its own arrival.
  CHECK(row.load.drain_s == Approx(row.latency.e2e_s.max).epsilon(0.02));
  CHECK_FALSE(row.load.overloaded);
}

TEST_CASE("A fleet the arrivals outrun is overloaded, with its backlog", "[run][load]") {
  // 100 requests a second into 4 sequences at a time: about a second of decoding each, so the
  // queue grows for the whole 1.99 s of arrivals and most requests are still waiting at the end.
  const Report report = Run(100);
  const CandidateRow& row = report.candidates[0];
  CHECK(row.load.arrival_span_s == Approx(1.99));
  CHECK(row.load.backlog >= 180);  // at most a handful finished within the 1.99 s
  CHECK(row.load.drain_s > 10);
  CHECK(row.load.overloaded);
  const std::string table = RenderReport(report, ReportFormat::kTable);
  CHECK(table.find(", overloaded") != std::string::npos);
  CHECK(table.find(fmt::format("\noverloaded: fleet still had {} of its 200 requests (",
                               row.load.backlog)) != std::string::npos);
  // Offered 200 / 1.99 s = 100.5 req/s; max_num_seqs = 4 sets the capacity.
  CHECK(row.load.offered_requests_per_s == Approx(200 / 1.99));
  CHECK(row.load.capacity_limit == "max_num_seqs");
  CHECK(table.find(fmt::format(" (101 req/s offered, {}x its roofline capacity of {} req/s)\n",
                               FormatSig3(LoadFraction(row.load)),
                               FormatSig3(row.load.capacity_requests_per_s))) != std::string::npos);
  // And it survives JSON.
  Result<Report> back = ReadReportJson(RenderReport(report, ReportFormat::kJson), "r.json");
  REQUIRE(back.ok());
  CHECK(back->candidates[0].load == row.load);
}

}  // namespace plan

namespace plan {

TEST_CASE("A run counts each reported candidate as it finishes, a hybrid's baseline not",
          "[run][load]") {
  const Catalog& catalog = test::EmbeddedCatalog();
  // The hybrid's expensive tier is not a candidate of its own, so it is simulated once more
  // for the hybrid's saving: three runs, two reported.
  Result<Scenario> s = ParseScenario(R"(
name = "count"
[workload.generator]
arrival = "constant"
rate_per_s = 1
requests = 20
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 10 }
[[candidate]]
name = "groq"
kind = "api"
offer = "groq/llama-3.1-8b-instant"
[[candidate]]
name = "mix"
kind = "hybrid"
mode = "classify"
cheap = "groq"
expensive = "openai/gpt-4.1-mini"
expensive_fraction = 0.5
)",
                                     "test/count.toml", catalog);
  INFO((s.ok() ? "" : s.status().message()));
  REQUIRE(s.ok());
  for (int threads : {1, 2}) {
    std::atomic<int64_t> finished{0};
    RunOptions options;
    options.threads = threads;
    options.finished = &finished;
    Result<Report> r = RunScenario(*s, catalog, options);
    REQUIRE(r.ok());
    CHECK(r->candidates.size() == 2);
    CHECK(finished == 2);
  }
}

}  // namespace plan
