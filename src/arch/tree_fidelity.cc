// What each leaf of a target tree rests on: TargetTree::Fidelity.
#include <fmt/format.h>

#include <algorithm>

#include "arch/target_tree.h"

namespace plan {

namespace {

LeafFidelity OfFleet(const FleetLeaf& leaf) {
  const Efficiency& e = leaf.setup->efficiency();
  const std::string pair = fmt::format("{} on {}", leaf.setup->engine().id, leaf.gpu.family);
  LeafFidelity f;
  f.label = leaf.label;
  f.subject = pair;
  f.basis = e.basis;
  f.error_pct = e.error_pct;
  if (e.basis == "fitted") {
    f.evidence =
        fmt::format("{}: efficiencies fitted to {} measured row{} ({}); step times +-{:g}%", pair,
                    e.evidence_rows, e.evidence_rows == 1 ? "" : "s", e.evidence_set, e.error_pct);
  } else {
    f.evidence = fmt::format(
        "{}: uncalibrated, efficiencies borrowed from {}; step times +-{:g}% (the error those "
        "figures make on other pairs)",
        pair, e.borrowed_from.empty() ? "the engine's default" : e.borrowed_from, e.error_pct);
  }
  return f;
}

LeafFidelity OfApi(const ApiLeaf& leaf) {
  const ApiOffer& o = leaf.config.offer;
  LeafFidelity f;
  f.label = leaf.label;
  f.subject = o.id;
  f.basis = LatencyBasisName(o.latency_basis);
  f.error_pct = o.ttft_error_pct;
  f.speed_error_pct = o.output_speed_error_pct;
  f.evidence = fmt::format("{}: {} latency; TTFT +-{:g}%, output speed +-{:g}%", o.id, f.basis,
                           o.ttft_error_pct, o.output_speed_error_pct);
  return f;
}

}  // namespace

std::vector<LeafFidelity> TargetTree::Fidelity() const {
  std::vector<LeafFidelity> out;
  if (!composite_) {
    for (const auto& f : fleets_) out.push_back(OfFleet(*f));
    for (const auto& a : apis_) out.push_back(OfApi(*a));
    return out;
  }
  for (const TierInfo& t : tiers_) {
    if (t.fleet >= 0) out.push_back(OfFleet(*fleets_[t.fleet]));
    if (t.api >= 0) out.push_back(OfApi(*apis_[t.api]));
  }
  return out;
}

std::vector<std::string> TargetTree::Models() const {
  std::vector<std::string> out;
  auto add = [&](const std::string& m) {
    if (std::find(out.begin(), out.end(), m) == out.end()) out.push_back(m);
  };
  auto fleet = [&](const FleetLeaf& f) { add(f.setup->spec().model); };
  auto api = [&](const ApiLeaf& a) { add(a.config.offer.model); };
  if (!composite_) {
    for (const auto& f : fleets_) fleet(*f);
    for (const auto& a : apis_) api(*a);
    return out;
  }
  for (const TierInfo& t : tiers_) {
    if (t.fleet >= 0) fleet(*fleets_[t.fleet]);
    if (t.api >= 0) api(*apis_[t.api]);
  }
  return out;
}

}  // namespace plan
