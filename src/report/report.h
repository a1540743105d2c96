// The report: one row model for every candidate, and the writers that render it.
//
// Every format is rendered from these structs alone (one small writer per format); the JSON
// form is the versioned contract plan.report/v1 (DESIGN.md, "Two contracts"; the schema is
// schema/plan.report.v1.json). Times are seconds, money is USD.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "metrics/collector.h"
#include "metrics/cost.h"
#include "metrics/slo.h"
#include "report/candidate_fidelity.h"
#include "util/status.h"

namespace plan {

inline constexpr const char* kReportSchema = "plan.report/v1";

// A candidate whose backlog at the last arrival is at least this share of its requests is
// overloaded (CandidateRow::Load).
inline constexpr double kOverloadedBacklog = 0.1;

struct CandidateRow {
  struct Requests {
    int64_t total = 0, completed = 0, failed = 0;
    bool operator==(const Requests&) const = default;
  };
  struct Latency {
    LatencyStats ttft_s, tpot_s, e2e_s, queue_s;
    bool operator==(const Latency&) const = default;
  };
  struct Throughput {
    double requests_per_s = 0, input_tokens_per_s = 0, output_tokens_per_s = 0;
    bool operator==(const Throughput&) const = default;
  };
  struct Slo {
    double attainment = 0;
    double goodput_requests_per_s = 0;
    bool met = false;
    // The clauses missed (SloMisses): empty when met; absent from older reports.
    std::vector<std::string> misses;
    bool operator==(const Slo&) const = default;
  };
  struct Cost {
    double total_usd = 0, usd_per_hour = 0, usd_per_month = 0;
    double usd_per_million_tokens = 0, usd_per_request = 0, energy_kwh = 0;
    bool operator==(const Cost&) const = default;
  };
  struct Resources {
    int32_t gpus = 0, replicas = 0;
    double gpu_utilization = 0, kv_cache_peak_fraction = 0;
    int64_t preemptions = 0;
    double prefix_cache_hit_fraction = 0;  // prompt tokens served from a prefix cache
    bool operator==(const Resources&) const = default;
  };

  // Whether the candidate kept up with the arrivals: at the workload's last arrival, `backlog`
  // requests were still waiting or running, and the last of them finished `drain_s` later. It
  // is overloaded when that backlog is at least kOverloadedBacklog of all requests over an
  // arrival window (arrivals spread over time: not a batch arriving at once): the queue grew
  // for the whole run instead of settling.
  //
  // Its load is the offered request rate (requests / arrival span) over its capacity, the
  // roofline's bound on the rate it serves on this request mix (perf/capacity_bound.h): work
  // offered / work it can do, where resources.gpu_utilization is only the share of time busy
  // (a fleet at a quarter of its capacity can be busy all the time, with small batches).
  struct Load {
    double arrival_span_s = 0;  // first to last arrival
    int64_t backlog = 0;
    double drain_s = 0;
    bool overloaded = false;
    // Optional (absent from reports of older plans): 0 when the requests all arrive at once.
    double offered_requests_per_s = 0;
    // Optional: 0 for an API offer or a composite (not one fleet's), or with nothing completed.
    double capacity_requests_per_s = 0;
    std::string capacity_limit;  // what sets it: "max_num_seqs", "KV cache", "token budget"
    bool operator==(const Load&) const = default;
  };

  // A composite's leaf (or its cache, last resort, or failures): the requests it finally
  // answered, their share of all requests, and what it cost (its charges, answers a parent
  // discarded included, plus a fleet's GPU-hours).
  struct Tier {
    std::string name;
    int64_t requests = 0;
    double share = 0;
    double cost_usd = 0;
    // What the requests it completed saw (its users' latency), seconds; 0 = none completed (or
    // no second token, for TPOT), or a report from before these were recorded.
    double ttft_p50_s = 0, ttft_p99_s = 0;
    double tpot_p50_s = 0, tpot_p99_s = 0;
    bool operator==(const Tier&) const = default;
  };

  std::string name;
  std::string kind;  // api | self_hosted | hybrid | multi_region | edge | failover
  Requests requests;
  Latency latency;
  Throughput throughput;
  Slo slo;
  Cost cost;
  Resources resources;
  Load load;  // optional (absent from reports of older plans: all zero)
  // A run that plan search stopped once its SLO verdict was settled, a miss (issue 15;
  // metrics/verdict_watch.h): the simulated time it stopped at, why, and lower bounds on the
  // p99s the whole run would report (0 = none known). Its other figures cover the requests
  // finished by then; its cost is at least the fleet held to then (and over every arrival).
  // Optional: absent (reason empty) for a run to the end.
  struct Stopped {
    double at_s = 0;
    std::string reason;
    double ttft_p99_at_least_s = 0;
    double tpot_p99_at_least_s = 0;
    bool in_window = false;  // settled on the busiest window alone (plan search's coarse pass)
    bool operator==(const Stopped&) const = default;
  };
  Stopped stopped;
  // The highest request rate meeting the SLO on this request mix (plan simulate --headroom):
  // `meets` the highest rate found meeting it (0: none down to 1/64 of the offered rate),
  // `misses` the lowest found missing it (0: none up to 64x). Optional: computed only on ask.
  struct Headroom {
    bool computed = false;
    double offered_requests_per_s = 0;
    double meets_requests_per_s = 0;
    double misses_requests_per_s = 0;
    bool operator==(const Headroom&) const = default;
  };
  Headroom headroom;
  // Spot interruptions of the candidate's fleets. Optional: present only when a fleet has an
  // interruption model. The cost is the engine time thrown away at the fleets' prices.
  struct Interruptions {
    bool modelled = false;
    int64_t count = 0;
    int64_t requests_restarted = 0;
    int64_t recomputed_prefill_tokens = 0;
    int64_t recomputed_decode_tokens = 0;
    double recomputed_cost_usd = 0;
    bool operator==(const Interruptions&) const = default;
  };
  Interruptions interruptions;
  // Multi-LoRA serving on a shared base. Optional: present only when a fleet serves adapters.
  // Loads copy an adapter host -> GPU; disk_loads (a subset) first read it from disk.
  struct Lora {
    bool modelled = false;
    int64_t adapters = 0;
    int64_t loads = 0;
    int64_t disk_loads = 0;
    bool operator==(const Lora&) const = default;
  };
  Lora lora;
  // Optional (absent from reports of older plans; empty with no completed request): the TTFT
  // and e2e CDFs at LatencyCdfQuantiles(), for charts.
  std::vector<LatencyCdfPoint> latency_cdf;
  std::vector<std::string> assumptions;  // what was priced and assumed, one sentence each
  std::vector<std::string> notes;        // anything else worth a reader's attention
  std::vector<Tier> tiers;               // composites only; empty for a single target
  // Optional (absent from reports of older plans): what the figures rest on, and their bounds.
  CandidateFidelity fidelity;
  // Optional: the models it serves (a fleet's catalog id, an API offer's model name).
  std::vector<std::string> models;
  // Optional: why the scenario's `require` excludes it from the recommendation, one sentence
  // per non-compliant tier (scenario/compliance_check.h); empty = compliant or none required.
  std::vector<std::string> excluded;

  bool operator==(const CandidateRow&) const = default;
};

struct Report {
  std::string schema = kReportSchema;
  std::string plan_version = PLAN_VERSION;
  std::string scenario;
  uint64_t seed = 0;
  SloSpec slo;                       // echoed as given
  std::vector<std::string> require;  // the scenario's compliance requirements, as given
  std::vector<CandidateRow> candidates;
  std::string recommendation;  // a candidate's name; empty when none meets the SLO
  // Whether the recommendation holds across the candidates' error bands, in one or two
  // sentences; empty when no bounds were computed (Recommend).
  std::string robustness;
  std::vector<std::string> warnings;

  bool operator==(const Report&) const = default;
};

// A row from what the Collector measured, what the pricing charged, and what the candidate's
// fleets held (`held`; its prefix_cache_hit_fraction is ignored: the Collector's tokens give it).
CandidateRow MakeCandidateRow(std::string name, std::string kind, const CandidateMetrics& m,
                              const CostSummary& cost, const CandidateRow::Resources& held);

// Offered rate / capacity (CandidateRow::Load); 0 when either is unknown.
double LoadFraction(const CandidateRow::Load& load);

// The SLO clauses `row` misses, as the candidate verdict judges them (metrics/slo.h): "TTFT",
// "TPOT", "e2e" (its p99 over the bound), "failed" (a request failed), "nothing completed".
std::vector<std::string> SloMisses(const SloSpec& slo, const CandidateRow& row);

// Sets report->recommendation to the candidate meeting the SLO (and not excluded by the
// requirements) that serves the workload for
// the lowest total_usd (equal costs: the lower TTFT p99, then the name first in byte order). When
// none meets it, clears the recommendation and adds a warning. Returns the name chosen.
std::string Recommend(Report* report);

// The sentence under the table: which candidate is recommended and why (or that none is).
std::string RecommendationLine(const Report& report);

enum class ReportFormat { kTable, kJson, kCsv, kMd, kHtml };

// "table", "json", "csv", "md", "html"; anything else is bad input with a "did you mean".
Result<ReportFormat> ParseReportFormat(const std::string& name);

std::string RenderReport(const Report& report, ReportFormat format);

// Reads a plan.report/v1 document back. Every problem is reported, each as
// "path: /json/pointer: message" (syntax errors as "path:line:col: message").
Result<Report> ReadReportJson(const std::string& text, const std::string& path);

}  // namespace plan
