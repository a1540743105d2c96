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
