#include "testing/search_fixture.h"

#include <catch2/catch.hpp>

#include "run/evaluate_candidate.h"
#include "testing/embedded_catalog.h"

namespace plan::test {

Result<CandidateRow> SearchFixture::RunToTheEnd(const SearchConfig& config) const {
  return EvaluateCandidate(scenario, ConfigCandidate(spec, config), EmbeddedCatalog());
}

SearchFixture ParseSearchFixture(const char* text, const char* path) {
  Result<Scenario> scenario = ParseScenario(text, path, EmbeddedCatalog());
  REQUIRE(scenario.ok());
  Result<SearchSpaceSpec> spec = ParseSearchSpace(text, *scenario, EmbeddedCatalog());
  REQUIRE(spec.ok());
  Result<WorkloadVolume> load = MeasureWorkload(*scenario);
  REQUIRE(load.ok());
  return {std::move(scenario).value(), std::move(spec).value(), *load};
}

void CheckSameAnswer(const SearchReport& exhaustive, const SearchReport& fast) {
  CHECK_FALSE(exhaustive.report.recommendation.empty());
  CHECK(fast.report.recommendation == exhaustive.report.recommendation);
  CHECK(fast.search.pareto_ttft == exhaustive.search.pareto_ttft);
  CHECK(fast.search.pareto_tpot == exhaustive.search.pareto_tpot);
}

}  // namespace plan::test
