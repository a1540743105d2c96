// The break-even report: monthly cost of every candidate across traffic volumes, where their
// costs cross, which is cheapest in each volume band, and how the crossovers move when prices
// change. JSON schema plan.breakeven/v1 (schema/plan.breakeven.v1.json). Volumes are requests
// per second; money is USD per month.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "metrics/slo.h"
#include "util/status.h"

namespace plan {

inline constexpr const char* kBreakevenSchema = "plan.breakeven/v1";

// One candidate at one volume.
struct BreakevenPoint {
  double volume_rps = 0;
  bool grid = true;       // false: simulated to locate a crossover between grid volumes
  bool feasible = false;  // meets the SLO (a fleet: with at most max_replicas replicas)
  int32_t replicas = 0;   // a re-sized fleet: the smallest count meeting the SLO
  int32_t gpus = 0;
  double usd_per_month = 0;  // at catalog prices; 0 when not feasible
  double ttft_p99_s = 0, tpot_p99_s = 0;
  double slo_attainment = 0;

  bool operator==(const BreakevenPoint&) const = default;
};

struct BreakevenCurve {
  std::string name;
  std::string kind;
  bool resized = false;  // a fleet re-sized at every volume (a staircase); else run as given
  std::vector<BreakevenPoint> points;  // ascending volume

  bool operator==(const BreakevenCurve&) const = default;
};

// Where two candidates' monthly costs are equal.
struct Crossover {
  std::string cheaper_below;  // the cheaper candidate at lower volumes
  std::string cheaper_above;
  double volume_rps = 0;
  // The two simulated volumes around it. `exact` when no fleet changes size between them, so
  // both costs are straight lines there and the linear interpolation is the crossing itself;
  // otherwise the crossing is a fleet's step, somewhere inside the bracket.
  double lo_rps = 0, hi_rps = 0;
  bool exact = false;

  bool operator==(const Crossover&) const = default;
};

struct VolumeBand {
  double from_rps = 0, to_rps = 0;
  std::string cheapest;  // "" when no candidate meets the SLO there

  bool operator==(const VolumeBand&) const = default;
};

// Crossovers and bands with GPU-hour prices (self-hosted) and per-request prices (api)
// multiplied by these factors. Other kinds keep their prices.
struct PriceCase {
  double gpu_price_factor = 1;
  double api_price_factor = 1;
  std::vector<Crossover> crossovers;  // ascending volume
  std::vector<VolumeBand> bands;      // ascending, covering the grid

  bool operator==(const PriceCase&) const = default;
};

struct BreakevenReport {
  std::string schema = kBreakevenSchema;
  std::string plan_version = PLAN_VERSION;
  std::string scenario;
  uint64_t seed = 0;
  SloSpec slo;
  double workload_rps = 0;        // the scenario's own volume
  double tokens_per_request = 0;  // mean input + output tokens: volume x this = tokens/s
  int32_t max_replicas = 0;
  std::vector<double> grid_rps;        // the volumes swept, ascending
  std::vector<BreakevenCurve> curves;  // in scenario order
  PriceCase base;                      // factors 1 and 1
  std::vector<PriceCase> sensitivity;
  std::vector<std::string> notes;

  bool operator==(const BreakevenReport&) const = default;
};

enum class BreakevenFormat { kTable, kJson, kCsv, kMd, kHtml };

// "table", "json", "csv", "md", "html"; anything else is bad input with a "did you mean".
Result<BreakevenFormat> ParseBreakevenFormat(const std::string& name);

std::string RenderBreakeven(const BreakevenReport& report, BreakevenFormat format);

// Reads plan.breakeven/v1 back; errors as "path: /json/pointer: message".
Result<BreakevenReport> ReadBreakevenJson(const std::string& text, const std::string& path);

// "1.5 req/s (13.0M tokens/day)": a volume as a person reads it.
std::string FormatVolume(double rps, double tokens_per_request);

}  // namespace plan
