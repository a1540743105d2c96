// Runs one shard of a configuration search: simulates the configurations it owns on a pool of
// threads, journals each as it finishes, and resumes from the journal after a kill.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "decide/search_part.h"

namespace plan {

// Simulates one configuration; called from several threads at once.
using ConfigEvaluator = std::function<Result<CandidateRow>(const SearchConfig& config)>;
// Simulates a configuration again, further than the run that gave `stopped`.
using ConfigRerun =
    std::function<Result<CandidateRow>(const SearchConfig& config, const CandidateRow& stopped)>;

// Simulates `config` and gives, for each of `twins` (configurations differing from it only in
// max_num_seqs), the row its own run would give where this run holds for it too (nullopt
// where it may not: it is then simulated by itself).
using TwinEvaluator = std::function<Result<CandidateRow>(
    const SearchConfig& config, const std::vector<const SearchConfig*>& twins,
    std::vector<std::optional<CandidateRow>>* twin_rows)>;

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
  // When set, the shard's configurations that differ only in max_num_seqs go together: the one
  // with the most seats runs through `twins` and a twin it gives no row for runs by itself.
  // (max_num_seqs 0, the engine's default, counts as fewest.)
  TwinEvaluator twins;
};

// The results of every configuration the shard owns, ascending index. A simulation error is a
// result (ok = false), not a failure of the shard; I/O errors and a part or journal of another
// search are.
Result<std::vector<PointResult>> RunShard(const SearchSpaceInfo& space,
                                          const ConfigEvaluator& evaluate,
                                          const ShardRunOptions& options);

}  // namespace plan
