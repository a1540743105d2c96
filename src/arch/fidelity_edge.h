// How far a candidate's predictions may be off, and the runs that show it (issue 10): every
// figure a leaf of the tree rests on has an error band (an engine's efficiencies on a GPU family,
// an API offer's latency figures), and a report reruns the candidate with every band at its
// fast edge and at its slow edge, on the same requests and random draws (common random numbers),
// so the range between the runs is the prediction's uncertainty and nothing else.
#pragma once

#include <string>

namespace plan {

enum class FidelityEdge {
  kNominal,  // the catalog's figures
  kFast,     // step times and TTFTs / (1 + band), output speeds x (1 + band)
  kSlow,     // step times and TTFTs x (1 + band), output speeds / (1 + band)
};

// The factor a duration (a step time, a TTFT) is multiplied by at `edge` for a band of `pct`
// percent; a speed is divided by it.
inline double EdgeTimeFactor(FidelityEdge edge, double pct) {
  const double f = 1 + pct / 100;
  switch (edge) {
    case FidelityEdge::kFast:
      return 1 / f;
    case FidelityEdge::kSlow:
      return f;
    case FidelityEdge::kNominal:
      break;
  }
  return 1;
}

// What one leaf of a tree rests on.
struct LeafFidelity {
  std::string label;    // the leaf's tier label (its candidate's name for a single target)
  std::string subject;  // what its figures are of: "vllm on hopper", "openai/gpt-4.1"
  // "fitted" | "uncalibrated" (a fleet's engine x GPU family efficiencies; fitted also after
  // plan calibrate) | "calibrated" | "published" | "assumed" (an API offer's latency figures)
  std::string basis;
  double error_pct = 0;        // step times (fleet) or TTFT (API), percent
  double speed_error_pct = 0;  // API output speed, percent; 0 for a fleet
  std::string evidence;        // one sentence: what the figures rest on
};

}  // namespace plan
