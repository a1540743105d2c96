#include "run/run_scenario.h"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <map>
#include <memory>
#include <optional>
#include <thread>

#include "run/evaluate_candidate.h"
#include "scenario/compliance_check.h"
#include "util/suggest.h"
#include "workload/workload_spec.h"

namespace plan {

namespace {

// A hybrid's saving against its expensive tier alone, run on the same requests: `alone` is that
// tier's row, the scenario candidate's own when `own_row`, else simulated for this note.
std::string HybridSaving(const std::string& expensive, const CandidateRow& alone, bool own_row,
                         const CandidateRow& row) {
  const double saved = alone.cost.total_usd - row.cost.total_usd;
  return fmt::format(
      "against '{}' alone ({}: ${:.4f}, TTFT p99 {:.3f} s, {} failed): this hybrid costs ${:.4f} "
      "(TTFT p99 {:.3f} s), {} ${:.4f} ({:.1f}%)",
      expensive, own_row ? "its own row in this report" : "simulated on the same requests",
      alone.cost.total_usd, alone.latency.ttft_s.p99, alone.requests.failed, row.cost.total_usd,
      row.latency.ttft_s.p99, saved >= 0 ? "a saving of" : "dearer by", std::abs(saved),
      alone.cost.total_usd > 0 ? 100 * saved / alone.cost.total_usd : 0.0);
}

// What a scenario run simulates: the chosen candidates, then each expensive tier a chosen hybrid
// is measured against that is not itself chosen (once, however many hybrids name it).
struct ScenarioJobs {
  std::vector<const CandidateSpec*> jobs;
  size_t chosen = 0;                // jobs[0, chosen) are reported
  std::deque<CandidateSpec> alone;  // expensive tiers given as offer ids; jobs point into it
  std::vector<int32_t> saving_job;  // per chosen job: its hybrid's baseline job, or -1
};

// Fills `plan` in place (its jobs point into its own `alone`).
void PlanJobs(const Scenario& scenario, std::vector<const CandidateSpec*> chosen,
              ScenarioJobs* jobs) {
  ScenarioJobs& plan = *jobs;
  plan.jobs = std::move(chosen);
  plan.chosen = plan.jobs.size();
  std::map<std::string, int32_t> offers;  // offer id -> its job
  for (size_t i = 0; i < plan.chosen; ++i) {
    const CandidateSpec& c = *plan.jobs[i];
    int32_t baseline = -1;
    if (c.kind == CandidateKind::kHybrid) {
      const TargetRef& ref = c.hybrid.expensive;
      if (ref.candidate >= 0) {
        const CandidateSpec* alone = &scenario.candidates[ref.candidate];
        auto at = std::find(plan.jobs.begin(), plan.jobs.end(), alone);
        baseline = static_cast<int32_t>(at - plan.jobs.begin());
        if (at == plan.jobs.end()) plan.jobs.push_back(alone);
      } else {
        auto [at, added] = offers.emplace(ref.name, static_cast<int32_t>(plan.jobs.size()));
        baseline = at->second;
        if (added) {
          CandidateSpec& offer = plan.alone.emplace_back();
          offer.name = ref.name;
          offer.kind = CandidateKind::kApi;
          offer.loc = c.loc;
          offer.api.offer = ref.name;
          plan.jobs.push_back(&offer);
        }
      }
    }
    plan.saving_job.push_back(baseline);
  }
}

}  // namespace

Result<Report> RunScenario(const Scenario& scenario, const Catalog& catalog,
                           const RunOptions& options) {
  std::vector<const CandidateSpec*> chosen;
  std::vector<std::string> names;
  for (const CandidateSpec& c : scenario.candidates) names.push_back(c.name);
  for (const std::string& want : options.only) {
    if (std::find(names.begin(), names.end(), want) == names.end())
      return Status::Invalid(UnknownNameMessage("candidate", want, names));
  }
  for (const CandidateSpec& c : scenario.candidates) {
    if (options.only.empty() ||
        std::find(options.only.begin(), options.only.end(), c.name) != options.only.end())
      chosen.push_back(&c);
  }

  // A workload that cannot be opened fails once, not once per candidate.
  Result<std::unique_ptr<RequestSource>> probe = OpenWorkload(scenario.workload, scenario.seed, 0);
  if (!probe.ok()) return probe.status();

  ScenarioJobs plan;
  PlanJobs(scenario, std::move(chosen), &plan);
  std::vector<std::optional<Result<CandidateRow>>> results(plan.jobs.size());
  // Reported candidates are bounded; a hybrid's baseline only needs its nominal row.
  auto evaluate = [&](size_t i) {
    Result<CandidateRow> row = options.bounds && i < plan.chosen
                                   ? EvaluateWithBounds(scenario, *plan.jobs[i], catalog)
                                   : EvaluateCandidate(scenario, *plan.jobs[i], catalog);
    if (options.finished && i < plan.chosen) ++*options.finished;
    return row;
  };
  size_t threads = std::clamp<size_t>(options.threads, 1, std::max<size_t>(1, plan.jobs.size()));
  if (threads == 1) {
    for (size_t i = 0; i < plan.jobs.size(); ++i) results[i].emplace(evaluate(i));
  } else {
    std::vector<std::thread> pool;
    for (size_t t = 0; t < threads; ++t) {
      pool.emplace_back([&, t] {
        for (size_t i = t; i < plan.jobs.size(); i += threads) results[i].emplace(evaluate(i));
      });
    }
    for (std::thread& th : pool) th.join();
  }

  Report report;
  report.scenario = scenario.name;
  report.seed = scenario.seed;
  report.slo = scenario.slo;
  report.require = scenario.require;
  std::string errors;
  StatusCode worst = StatusCode::kOk;
  for (auto& r : results) {
    if (r->ok()) continue;
    if (!errors.empty()) errors += '\n';
    errors += r->status().message();
    if (worst == StatusCode::kOk || r->status().code() == StatusCode::kInvalidInput)
      worst = r->status().code();
  }
  if (!errors.empty())
    return worst == StatusCode::kInvalidInput ? Status::Invalid(errors) : Status::Runtime(errors);
  for (size_t i = 0; i < plan.chosen; ++i) {
    CandidateRow row = std::move(*results[i]).value();
    if (const int32_t b = plan.saving_job[i]; b >= 0) {
      const CandidateRow& alone = b < static_cast<int32_t>(i) ? report.candidates[b] : **results[b];
      row.notes.push_back(HybridSaving(plan.jobs[i]->hybrid.expensive.name, alone,
                                       static_cast<size_t>(b) < plan.chosen, row));
    }
    row.excluded = ComplianceFailures(scenario, *plan.jobs[i], catalog);
    report.candidates.push_back(std::move(row));
  }
  Recommend(&report);
  return report;
}

}  // namespace plan
