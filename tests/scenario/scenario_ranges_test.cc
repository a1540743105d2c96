// Every number in a scenario has a range (util/input_limits.h): counts never wrap when
// narrowed, prices are positive, times stay within what the simulator can represent.
#include <catch2/catch.hpp>

#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"

namespace plan {

using test::EmbeddedCatalog;

namespace {

// Line 9 of the scenario is `extra`, a key of the self_hosted candidate 'a'.
std::string CandidateError(const std::string& extra) {
  std::string text = R"(name = "t"
[workload.generator]
arrival = "poisson"
rate_per_s = 5
requests = 20
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 20 }
[[candidate]]
)" + extra + R"(
name = "a"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
)";
  Result<Scenario> s = ParseScenario(text, "s.toml", EmbeddedCatalog());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kInvalidInput);
  return s.status().message();
}

// The error of a scenario whose generator has `line` as its line 4 (instead of rate_per_s).
std::string GeneratorError(const std::string& line, const std::string& requests = "requests = 20") {
  std::string text = "name = \"t\"\n[workload.generator]\narrival = \"poisson\"\n" + line + "\n" +
                     requests +
                     "\ninput_tokens = { dist = \"fixed\", value = 100 }\n"
                     "output_tokens = { dist = \"fixed\", value = 20 }\n"
                     "[[candidate]]\nname = \"a\"\nkind = \"api\"\n"
                     "offer = \"anthropic/claude-haiku-4-5\"\n";
  Result<Scenario> s = ParseScenario(text, "s.toml", EmbeddedCatalog());
  REQUIRE_FALSE(s.ok());
  return s.status().message();
}

}  // namespace

TEST_CASE("A replica count that used to wrap is out of range", "[scenario]") {
  // 2^32 wrapped to 0 replicas (SIGSEGV), 2^31 to a negative count (length_error).
  CHECK(CandidateError("replicas = 4294967296") ==
        "s.toml:9:12: 'replicas' in a must be <= 10000, not 4294967296\n"
        "  replicas = 4294967296\n"
        "             ^");
  CHECK(CandidateError("replicas = 2147483648")
            .rfind("s.toml:9:12: 'replicas' in a must be <= 10000, not 2147483648\n", 0) == 0);
  // A typo for 100: refused instead of running for minutes.
  CHECK(CandidateError("replicas = 1000000")
            .rfind("s.toml:9:12: 'replicas' in a must be <= 10000, not 1000000\n", 0) == 0);
}

TEST_CASE("Parallelism and engine overrides are bounded", "[scenario]") {
  // tp = 2^63 - 1 was reported as "tp=-1".
  CHECK(CandidateError("tp = 9223372036854775807")
            .rfind("s.toml:9:6: 'tp' in a must be <= 1024, not 9223372036854775807\n", 0) == 0);
  CHECK(CandidateError("pp = 0").rfind("s.toml:9:6: 'pp' in a must be >= 1, not 0\n", 0) == 0);
  CHECK(CandidateError("max_num_seqs = 2147483648")
            .rfind("s.toml:9:16: 'max_num_seqs' in a must be <= 65536, not 2147483648\n", 0) == 0);
  CHECK(CandidateError("max_batched_tokens = -5")
            .rfind("s.toml:9:22: 'max_batched_tokens' in a must be >= 1, not -5\n", 0) == 0);
}

TEST_CASE("A price of 0 or -0 says the price must be positive", "[scenario]") {
  // Both used to say "has no on_demand price in the catalog (priced: none)".
  CHECK(CandidateError("price_usd_per_gpu_hour = 0") ==
        "s.toml:9:26: 'price_usd_per_gpu_hour' in a must be > 0, not 0\n"
        "  price_usd_per_gpu_hour = 0\n"
        "                           ^");
  CHECK(CandidateError("price_usd_per_gpu_hour = -0.0")
            .rfind("s.toml:9:26: 'price_usd_per_gpu_hour' in a must be > 0, not -0\n", 0) == 0);
  CHECK(CandidateError("price_usd_per_gpu_hour = nan")
            .rfind("s.toml:9:26: 'price_usd_per_gpu_hour' in a must be a finite number\n", 0) == 0);
}

TEST_CASE("Generator rates and sizes have ranges", "[scenario]") {
  // 1e-300 gave arrivals of -9223372036.85 s (llround of a value beyond int64).
  CHECK(GeneratorError("rate_per_s = 1e-300") ==
        "s.toml:4:14: 'rate_per_s' in [workload.generator] must be >= 1e-06, not 1e-300\n"
        "  rate_per_s = 1e-300\n"
        "               ^");
  CHECK(GeneratorError("rate_per_s = inf")
            .rfind("s.toml:4:14: 'rate_per_s' in [workload.generator] must be a finite number\n",
                   0) == 0);
  // 2^31 requests ran for days; the limit is stated.
  CHECK(GeneratorError("rate_per_s = 5", "requests = 2147483648")
            .rfind("s.toml:5:12: 'requests' in [workload.generator] must be <= 100000000, not "
                   "2147483648\n",
                   0) == 0);
  CHECK(GeneratorError("rate_per_s = 1e6", "duration_s = 1e3")
            .rfind("s.toml:5:14: [workload.generator] of 1000 s at 1e+06 requests/s is about "
                   "1e+09 requests, more than the 100000000 a workload may hold\n",
                   0) == 0);
  CHECK(GeneratorError("rate_per_s = 5", "duration_s = 1e300")
            .rfind("s.toml:5:14: 'duration_s' in [workload.generator] must be <= 1577880000, not "
                   "1e+300\n",
                   0) == 0);
}

TEST_CASE("A negative seed in the scenario is out of range", "[scenario]") {
  std::string text = "name = \"t\"\nseed = -1\n";
  Result<Scenario> s = ParseScenario(text, "s.toml", EmbeddedCatalog());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().message().rfind("s.toml:2:8: 'seed' in the scenario must be >= 0, not -1\n",
                                   0) == 0);
}

}  // namespace plan
