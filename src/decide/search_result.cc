#include "decide/search_result.h"

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace plan {

namespace {
bool TakesPart(const CandidateRow& r) {
  return r.requests.failed == 0 && r.requests.completed > 0 && !r.load.overloaded &&
         r.stopped.reason.empty();
}
double TtftP99(const CandidateRow& r) { return r.latency.ttft_s.p99; }
double TpotP99(const CandidateRow& r) { return r.latency.tpot_s.p99; }
}  // namespace

bool MightBeOnFrontier(const CandidateRow& row, const std::vector<const CandidateRow*>& rows) {
  if (row.stopped.reason.empty()) return false;
  // Both only grow as the run goes on (a stopped run's backlog is known once all arrived).
  if (row.requests.failed > 0 || row.load.overloaded) return false;
  auto dominated = [&](double (*latency)(const CandidateRow&), double at_least) {
    for (const CandidateRow* r : rows)
      if (TakesPart(*r) && r->cost.total_usd < row.cost.total_usd && latency(*r) <= at_least)
        return true;
    return false;
  };
  return !dominated(TtftP99, row.stopped.ttft_p99_at_least_s) ||
         !dominated(TpotP99, row.stopped.tpot_p99_at_least_s);
}

bool MightRuleOut(const CandidateRow& x, const CandidateRow& row) {
  return x.cost.total_usd < row.cost.total_usd &&
         (x.stopped.ttft_p99_at_least_s <= row.stopped.ttft_p99_at_least_s ||
          x.stopped.tpot_p99_at_least_s <= row.stopped.tpot_p99_at_least_s);
}

std::vector<std::string> ParetoFrontier(const std::vector<CandidateRow>& rows,
                                        double (*latency)(const CandidateRow&)) {
  std::vector<const CandidateRow*> eligible;
  for (const CandidateRow& r : rows)
    if (TakesPart(r)) eligible.push_back(&r);
  std::sort(eligible.begin(), eligible.end(), [&](const CandidateRow* a, const CandidateRow* b) {
    if (a->cost.total_usd != b->cost.total_usd) return a->cost.total_usd < b->cost.total_usd;
    if (latency(*a) != latency(*b)) return latency(*a) < latency(*b);
    return a->name < b->name;
  });
  std::vector<std::string> frontier;
  double best = 0;
  for (const CandidateRow* r : eligible) {
    if (!frontier.empty() && latency(*r) >= best) continue;
    frontier.push_back(r->name);
    best = latency(*r);
  }
  return frontier;
}

SearchReport BuildSearchReport(const SearchSpaceInfo& space,
                               const std::vector<PointResult>& results) {
  SearchReport out;
  Report& report = out.report;
  report.scenario = space.scenario;
  report.seed = space.seed;
  report.slo = space.slo;
  SearchSummary& s = out.search;
  s.model = space.model;
  s.pricing = space.pricing;
  s.space_size = space.space_size;
  s.pruned = space.pruned;
  for (const PointResult& r : results) {
    const SearchConfig& config = space.configs[r.index];
    if (!r.ok) {
      s.failed.push_back({config.Name(), r.error});
      continue;
    }
    report.candidates.push_back(r.row);
    s.configs.push_back(config);
  }
  Recommend(&report);
  s.pareto_ttft = ParetoFrontier(report.candidates, TtftP99);
  s.pareto_tpot = ParetoFrontier(report.candidates, TpotP99);
  return out;
}

Result<SearchReport> MergeParts(const std::vector<std::pair<std::string, SearchPart>>& parts) {
  if (parts.empty()) return Status::Invalid("plan merge: no part files given");
  const auto& [first_path, first] = parts.front();
  std::vector<std::string> errors;
  std::vector<std::string> seen(first.shard.n + 1);
  std::vector<PointResult> results;
  for (const auto& [path, part] : parts) {
    if (part.space.fingerprint != first.space.fingerprint || part.shard.n != first.shard.n) {
      errors.push_back(fmt::format(
          "{}: part of another search (fingerprint {}, {} shards) than {} (fingerprint {}, {} "
          "shards)",
          path, part.space.fingerprint, part.shard.n, first_path, first.space.fingerprint,
          first.shard.n));
      continue;
    }
    const std::string& other = seen[part.shard.k];
    if (!other.empty()) {
      errors.push_back(fmt::format("{}: shard {}/{} again (also in {})", path, part.shard.k,
                                   part.shard.n, other));
      continue;
    }
    seen[part.shard.k] = path;
    size_t owned = 0;
    for (size_t i = 0; i < part.space.configs.size(); ++i) owned += part.shard.Owns(i);
    if (part.results.size() != owned)
      errors.push_back(fmt::format("{}: shard {}/{} holds {} of its {} results", path, part.shard.k,
                                   part.shard.n, part.results.size(), owned));
    results.insert(results.end(), part.results.begin(), part.results.end());
  }
  std::string missing;
  for (int32_t k = 1; k <= first.shard.n; ++k)
    if (seen[k].empty())
      missing += fmt::format("{}{}/{}", missing.empty() ? "" : ", ", k, first.shard.n);
  if (!missing.empty() && errors.empty())
    errors.push_back("plan merge: missing shard" +
                     std::string(missing.find(',') == std::string::npos ? " " : "s ") + missing);
  if (!errors.empty()) {
    std::string all;
    for (const std::string& e : errors) all += (all.empty() ? "" : "\n") + e;
    return Status::Invalid(all);
  }
  std::sort(results.begin(), results.end(),
            [](const PointResult& a, const PointResult& b) { return a.index < b.index; });
  return BuildSearchReport(first.space, results);
}

}  // namespace plan
