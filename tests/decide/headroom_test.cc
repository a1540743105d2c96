// Headroom by bisection over the workload's rate (decide/headroom.h), with a fake evaluator
// that meets the SLO up to a known rate.
#include <catch2/catch.hpp>

#include <cmath>

#include "decide/headroom.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

Scenario Constant4PerSecond() {
  Result<Scenario> s = ParseScenario(R"(
name = "h"
[workload.generator]
arrival = "constant"
rate_per_s = 4
requests = 10
input_tokens = { dist = "fixed", value = 10 }
output_tokens = { dist = "fixed", value = 10 }
[[candidate]]
name = "fleet"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
)",
                                     "h.toml", test::EmbeddedCatalog());
  REQUIRE(s.ok());
  return std::move(s).value();
}

// Meets the SLO at rates up to `limit`, and records every rate it was asked about.
CandidateEvaluator MeetsUpTo(double limit, std::vector<double>* asked) {
  return [limit, asked](const Scenario& s, const CandidateSpec&) -> Result<CandidateRow> {
    CandidateRow row;
    asked->push_back(s.workload.generator.rate_per_s);
    row.slo.met = s.workload.generator.rate_per_s <= limit;
    return row;
  };
}

CandidateRow Met(bool met) {
  CandidateRow row;
  row.slo.met = met;
  return row;
}

}  // namespace

TEST_CASE("Headroom doubles while the SLO holds, then bisects in log rate", "[decide]") {
  const Scenario s = Constant4PerSecond();
  std::vector<double> asked;
  Result<Headroom> h = FindHeadroom(s, s.candidates[0], Met(true), MeetsUpTo(10, &asked));
  REQUIRE(h.ok());
  // 8 meets, 16 misses; then sqrt(8 x 16) = 11.31 misses, sqrt(8 x 11.31) = 9.51 meets,
  // sqrt(9.51 x 11.31) = 10.37 misses.
  REQUIRE(asked.size() == 5);
  CHECK(asked[0] == 8);
  CHECK(asked[1] == 16);
  CHECK(asked[2] == Approx(std::sqrt(128.0)));
  CHECK(h->offered_requests_per_s == 4);
  CHECK(h->meets_requests_per_s == Approx(9.514).epsilon(1e-3));
  CHECK(h->misses_requests_per_s == Approx(10.375).epsilon(1e-3));
  CHECK(h->simulations == 5);
}

TEST_CASE("Headroom halves while the SLO is missed, and stops at the search's ends", "[decide]") {
  const Scenario s = Constant4PerSecond();
  std::vector<double> asked;
  // Misses at 4, 2 and 1; meets at 0.5; then 0.707 misses, 0.595 and 0.648 meet.
  Result<Headroom> h = FindHeadroom(s, s.candidates[0], Met(false), MeetsUpTo(0.7, &asked));
  REQUIRE(h.ok());
  CHECK(asked.size() == 6);
  CHECK(h->meets_requests_per_s == Approx(0.648).epsilon(1e-3));
  CHECK(h->misses_requests_per_s == Approx(0.707).epsilon(1e-3));

  // Meets everywhere up to 64x: no rate missing it was found.
  asked.clear();
  h = FindHeadroom(s, s.candidates[0], Met(true), MeetsUpTo(1e9, &asked));
  REQUIRE(h.ok());
  CHECK(asked.size() == 6);  // 8, 16, ..., 256
  CHECK(h->meets_requests_per_s == 256);
  CHECK(h->misses_requests_per_s == 0);

  // Misses everywhere down to 1/64: none meeting it.
  asked.clear();
  h = FindHeadroom(s, s.candidates[0], Met(false), MeetsUpTo(0, &asked));
  REQUIRE(h.ok());
  CHECK(asked.size() == 6);  // 2, 1, ..., 0.0625
  CHECK(h->meets_requests_per_s == 0);
  CHECK(h->misses_requests_per_s == 0.0625);
}

}  // namespace plan
