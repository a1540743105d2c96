// Crossovers and cheapest-candidate bands over a volume grid, under one set of price factors.
#pragma once

#include <vector>

#include "decide/volume_sweep.h"
#include "report/breakeven_report.h"

namespace plan {

// Bisection steps that narrow a bracket around a crossover or a band edge: 8 halvings (in log
// volume) shrink a grid interval by a factor 256, e.g. a 1.78x interval (9 points over 100x)
// to 0.23% of its volume.
inline constexpr int kRefineSteps = 8;

// `p`'s monthly cost with fleet GPU prices scaled by case.gpu_price_factor (kind self_hosted)
// and per-request prices by case.api_price_factor (kind api); other kinds keep their prices.
double ScaledCost(const BreakevenPoint& p, CandidateKind kind, const PriceCase& factors);

// Fills factors->crossovers and factors->bands (its factors set, lists empty). A crossover is
// a strict change of sign of the cost difference of two candidates between neighbouring grid
// volumes where both meet the SLO; two crossings inside one grid interval cancel out and are
// not seen (a finer grid finds them). Brackets are bisected (simulating more volumes) while a
// fleet changes size inside them, then the crossing is interpolated linearly. Bands: the
// cheapest candidate meeting the SLO at each grid volume, neighbours merged; an edge between two
// bands is the crossover of the two candidates when there is one, else the bisected point where
// the cheapest one changes. REQUIRES: grid ascending, at least 1 volume.
Status FindCrossovers(VolumeSweep& sweep, const std::vector<double>& grid, PriceCase* factors);

}  // namespace plan
