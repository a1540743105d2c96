// What a candidate costs: self-hosted fleets priced by GPU-hours over the simulated span
// (idle time is paid for), API targets by the sum of their per-request prices, and both
// added for a hybrid. Every figure priced comes back with a sentence saying what was assumed.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/gpu_spec.h"
#include "util/status.h"

namespace plan {

// Draw of a GPU holding a model with nothing to run, as a fraction of its TDP. A planning
// assumption, not a measurement: an engine keeps weights and KV cache resident and polls, so
// the device never drops to its deep idle state; calibration may replace it.
inline constexpr double kIdlePowerFractionOfTdp = 0.30;

// One self-hosted fleet.
struct FleetCostInput {
  const GpuSpec* gpu = nullptr;  // REQUIRES: non-null
  PriceModel pricing = PriceModel::kOnDemand;
  int32_t gpus = 0;  // devices paid for (replicas x tp x pp)
  // GPU-seconds actually held over the span, for a fleet whose size changed (autoscaling);
  // 0 = `gpus` for the whole span. It prices the fleet as its average size.
  double gpu_seconds = 0;
  double gpu_utilization = 0;  // busy fraction over the span, in [0, 1]; sets energy
};

// What the run consumed, from the Collector.
struct CostUsage {
  double span_s = 0;
  int64_t completed_requests = 0;
  int64_t tokens = 0;           // input + output tokens of completed requests
  double request_cost_usd = 0;  // per-request charges (API targets)
  int64_t priced_requests = 0;  // requests those charges cover
  std::string request_pricing;  // what priced them, e.g. "anthropic/claude-haiku-4-5"
};

// One fleet priced over a span: what it adds to its candidate's cost.
struct FleetPrice {
  double usd_per_hour = 0;
  double total_usd = 0;  // over the span
  double usd_per_month = 0;
  double energy_kwh = 0;
  std::vector<std::string> assumptions;
};

// Fails when the fleet's GPU has no price under its price model.
Result<FleetPrice> PriceFleet(const FleetCostInput& fleet, double span_s);

struct CostSummary {
  double total_usd = 0;  // over the span
  double usd_per_hour = 0;
  // Fleets: running all month. Per-request charges: the trace's rate kept up all month.
  double usd_per_month = 0;
  double usd_per_million_tokens = 0;  // total / tokens; 0 with no tokens
  double usd_per_request = 0;         // total / completed; 0 with none completed
  double energy_kwh = 0;              // fleets over the span; API energy is not known
  std::vector<std::string> assumptions;
};

// The fleets as priced (none for a pure API candidate) plus usage's per-request charges.
CostSummary CandidateCost(const CostUsage& usage, const std::vector<FleetPrice>& fleets);

// Prices each fleet over usage.span_s (PriceFleet), then the candidate (CandidateCost).
Result<CostSummary> PriceCandidate(const CostUsage& usage,
                                   const std::vector<FleetCostInput>& fleets);

}  // namespace plan
