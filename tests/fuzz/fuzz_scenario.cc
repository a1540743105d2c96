// Scenario TOML, through everything `plan simulate` does before and while simulating: the
// loader, the search space, the target tree (tp against heads, memory fit) and a short run.
#include <algorithm>

#include "decide/search_space.h"
#include "fuzz_input.h"
#include "run/evaluate_candidate.h"
#include "scenario/scenario.h"

namespace {

using namespace plan;

// A run is bounded: a generated workload of a few requests; traces are read by their own
// harnesses (a path here could name any file).
bool Runnable(const WorkloadSpec& w) {
  return w.generated() && w.generator.input_tokens.kind != LengthKind::kEmpirical &&
         w.generator.output_tokens.kind != LengthKind::kEmpirical;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const Catalog& catalog = fuzz::EmbeddedCatalog();
  const std::string text = fuzz::Text(data, size);
  Result<Scenario> scenario = ParseScenario(text, "fuzz.toml", catalog);
  if (!scenario.ok()) {
    fuzz::CheckError(scenario.status());
    return 0;
  }
  Result<SearchSpaceSpec> space = ParseSearchSpace(text, *scenario, catalog);
  if (space.ok()) {
    SearchSpaceSpec bounded = *space;
    EnumerateSpace(bounded, catalog);
  }
  if (!Runnable(scenario->workload)) return 0;
  scenario->workload.max_requests = std::min<int64_t>(
      scenario->workload.max_requests > 0 ? scenario->workload.max_requests : 8, 8);
  for (const CandidateSpec& c : scenario->candidates)
    fuzz::CheckError(EvaluateCandidate(*scenario, c, catalog).status());
  return 0;
}
