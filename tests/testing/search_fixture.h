// What the tests of a faster search share (pruning by capacity, stopping settled runs, the
// busiest window first): a search scenario parsed with its space and workload volume, a
// configuration run to the end as the exhaustive search runs it, and the check that the
// faster search gives the exhaustive one's answer.
#pragma once

#include "decide/search_space.h"
#include "decide/workload_volume.h"
#include "report/search_report.h"
#include "scenario/scenario.h"

namespace plan::test {

// Ten minutes of one diurnal cycle, 0.67 requests/s at the trough to 5.3 at the peak, and a
// chat SLO: the workload and [slo] tables of a search scenario (name, seed and [search] are
// the test's own).
inline constexpr const char* kTenMinuteDiurnal = R"([workload.generator]
arrival = "diurnal"
rate_per_s = 3
peak_to_trough = 8
period_s = 600
duration_s = 600
input_tokens = { dist = "lognormal", median = 800, sigma = 0.8 }
output_tokens = { dist = "lognormal", median = 150, sigma = 0.8 }
[slo]
ttft_p99_s = 2.0
tpot_p99_s = 0.1
)";

struct SearchFixture {
  Scenario scenario;
  SearchSpaceSpec spec;
  WorkloadVolume load;

  // The configuration simulated to the end against the embedded catalog.
  Result<CandidateRow> RunToTheEnd(const SearchConfig& config) const;
};

// Fails the current test unless `text` parses (as `path`) into a scenario with a search space
// and a workload whose volume can be measured.
SearchFixture ParseSearchFixture(const char* text, const char* path);

// Checks that `fast` recommends what `exhaustive` does (which must recommend something) and has
// the same TTFT and TPOT Pareto frontiers.
void CheckSameAnswer(const SearchReport& exhaustive, const SearchReport& fast);

}  // namespace plan::test
