// What a candidate's figures rest on, and how far they may move (issue 10): part of a report's
// CandidateRow. The bounds come from running the candidate again with every error band at its
// fast and its slow edge (arch/fidelity_edge.h) on the same requests and random draws.
#pragma once

#include <string>
#include <vector>

namespace plan {

struct CandidateFidelity {
  // One leaf of the candidate: a fleet's engine x GPU family, or an API offer.
  struct Leaf {
    std::string subject;         // "vllm on hopper", "openai/gpt-4.1"
    std::string basis;           // fitted | uncalibrated | calibrated | published | assumed
    double error_pct = 0;        // step times (fleet) or TTFT (API), percent
    double speed_error_pct = 0;  // API output speed, percent; 0 for a fleet
    std::string evidence;        // one sentence
    bool operator==(const Leaf&) const = default;
  };
  struct Range {
    double low = 0, high = 0;
    bool operator==(const Range&) const = default;
  };
  // The figures bounded: each one's lowest and highest over the nominal, fast and slow runs.
  struct Bounds {
    Range total_usd, usd_per_month, usd_per_million_tokens;
    Range output_tokens_per_s;
    Range ttft_p50_s, ttft_p99_s, tpot_p50_s, tpot_p99_s, e2e_p50_s, e2e_p99_s;
    Range slo_attainment;
    bool slo_met_fast = false;  // meets the SLO with every band at its fast edge
    bool slo_met_slow = false;  // ... at its slow edge
    bool operator==(const Bounds&) const = default;
  };

  std::string basis;     // the weakest of its leaves' (WeakestBasis); "" = not recorded
  double error_pct = 0;  // the widest band among its leaves
  std::vector<Leaf> leaves;
  bool bounded = false;  // bounds below were computed
  Bounds bounds;

  bool operator==(const CandidateFidelity&) const = default;
};

// Bases from least to most trusted: assumed, uncalibrated, published, fitted, calibrated.
int BasisRank(const std::string& basis);

}  // namespace plan
