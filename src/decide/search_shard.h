// Runs one shard of a configuration search: simulates the configurations it owns on a pool of
// threads, journals each as it finishes, and resumes from the journal after a kill.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "decide/search_part.h"

namespace plan {

// Simulates one configuration; called from several threads at once.
using ConfigEvaluator = std::function<Result<CandidateRow>(const SearchConfig& config)>;
// Simulates a configuration again, further than the run that gave `stopped`.
using ConfigRerun =
    std::function<Result<CandidateRow>(const SearchConfig& config, const CandidateRow& stopped)>;

struct ShardRunOptions {
  ShardSpec shard;
  int threads = 1;
  // The part file to write when the shard is done; "" = keep results in memory only (no journal,
  // no resume). With a path, PART.journal records progress: a rerun skips every configuration
  // it holds, and a complete PART of the same search is returned without simulating anything.
  std::string part_path;
  // Called after each configuration with (finished, owned by the shard), under a lock.
  std::function<void(int64_t done, int64_t total)> progress;
  // When `evaluate` may stop a run once its SLO verdict is settled (CandidateRow::stopped): runs
  // a stopped configuration further (to the end, or over the whole workload after a window).
  // Each stopped run that might be on a Pareto frontier (MightBeOnFrontier, over this shard's
  // results) is run again with it, until none is; each call must bring the row closer to a
  // run to the end.
  ConfigRerun rerun;
};

// The results of every configuration the shard owns, ascending index. A simulation error is a
// result (ok = false), not a failure of the shard; I/O errors and a part or journal of another
// search are.
Result<std::vector<PointResult>> RunShard(const SearchSpaceInfo& space,
                                          const ConfigEvaluator& evaluate,
                                          const ShardRunOptions& options);

}  // namespace plan
