#include "scenario/references.h"

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <algorithm>

#include "scenario/scenario.h"
#include "util/suggest.h"
#include "util/toml_reader.h"

namespace plan {

TargetRef ReadTargetRef(TomlTable& t, std::string_view key) {
  TargetRef ref;
  ref.name = t.RequireString(key);
  ref.loc = t.KeyLoc(key);
  return ref;
}

namespace {

// Every reference a candidate holds, in the order it builds them.
template <typename Spec>
auto Refs(Spec& c) {
  std::vector<decltype(&c.hybrid.cheap)> refs;
  if (c.kind == CandidateKind::kHybrid) {
    refs.push_back(&c.hybrid.cheap);
    refs.push_back(&c.hybrid.expensive);
  }
  if (c.kind == CandidateKind::kMultiRegion)
    for (auto& d : c.multi_region.deployments) refs.push_back(&d.target);
  for (auto& r : c.failover.chain) refs.push_back(&r);
  return refs;
}

std::string UnknownTarget(const std::string& from, const std::string& name,
                          const std::vector<std::string>& names, const Catalog& catalog) {
  std::vector<std::string> all = names;
  for (const std::string& o : catalog.OfferIds()) all.push_back(o);
  const std::vector<std::string> nearest = NearestNames(name, all);
  std::string listed;
  for (const std::string& n : names) listed += (listed.empty() ? "" : ", ") + n;
  return fmt::format(
      "candidate '{}': unknown target '{}': neither a candidate of this scenario "
      "nor a catalog offer; {}",
      from, name,
      nearest.empty() ? fmt::format("candidates: {} (offers: plan catalog list "
                                    "offers)",
                                    listed)
                      : fmt::format("did you mean {}?", QuotedChoices(nearest)));
}

// Depth-first search for a path of references from candidate `at` back to `start`.
bool ReachesBack(const Scenario& sc, size_t start, size_t at, std::vector<char>& seen,
                 std::vector<std::string>* path) {
  path->push_back(sc.candidates[at].name);
  for (const TargetRef* r : Refs(sc.candidates[at])) {
    if (r->candidate < 0) continue;
    size_t next = static_cast<size_t>(r->candidate);
    if (next == start) {
      path->push_back(sc.candidates[start].name);
      return true;
    }
    if (seen[next]) continue;
    seen[next] = 1;
    if (ReachesBack(sc, start, next, seen, path)) return true;
  }
  path->pop_back();
  return false;
}

// An API offer deployed in a region must be served from it.
void CheckDeploymentRegions(const Scenario& sc, const CandidateSpec& c, const Catalog& catalog,
                            Diagnostics* diag) {
  for (const DeploymentSpec& d : c.multi_region.deployments) {
    std::string offer_id;
    if (d.target.offer)
      offer_id = d.target.name;
    else if (d.target.candidate >= 0 &&
             sc.candidates[d.target.candidate].kind == CandidateKind::kApi)
      offer_id = sc.candidates[d.target.candidate].api.offer;
    const ApiOffer* offer = offer_id.empty() ? nullptr : catalog.FindOffer(offer_id);
    if (!offer || d.region.empty()) continue;
    if (std::find(offer->regions.begin(), offer->regions.end(), d.region) != offer->regions.end())
      continue;
    std::string regions;
    for (const std::string& r : offer->regions) regions += (regions.empty() ? "" : ", ") + r;
    diag->Error(d.region_loc,
                fmt::format("candidate '{}': offer '{}' is not served from '{}' in the catalog "
                            "(served from: {}); deploy it in one of those regions or pick an "
                            "offer served there",
                            c.name, offer->id, d.region, regions.empty() ? "unknown" : regions));
  }
}

}  // namespace

void ResolveReferences(Scenario* sc, const Catalog& catalog, Diagnostics* diag) {
  std::vector<std::string> names;
  for (const CandidateSpec& c : sc->candidates) names.push_back(c.name);
  bool all_resolved = true;
  for (size_t i = 0; i < sc->candidates.size(); ++i) {
    CandidateSpec& c = sc->candidates[i];
    for (TargetRef* r : Refs(c)) {
      if (r->name.empty()) {
        all_resolved = false;
        continue;
      }
      auto it = std::find(names.begin(), names.end(), r->name);
      if (it != names.end()) {
        r->candidate = static_cast<int32_t>(it - names.begin());
        if (static_cast<size_t>(r->candidate) == i) {
          diag->Error(r->loc, fmt::format("candidate '{}' cannot be built from itself", c.name));
          r->candidate = -1;
          all_resolved = false;
        }
      } else if (catalog.FindOffer(r->name)) {
        r->offer = true;
      } else {
        diag->Error(r->loc, UnknownTarget(c.name, r->name, names, catalog));
        all_resolved = false;
      }
    }
  }
  // A cycle is reported once, at the reference of the first candidate on it.
  std::vector<char> on_cycle(sc->candidates.size(), 0);
  for (size_t i = 0; i < sc->candidates.size(); ++i) {
    if (on_cycle[i]) continue;
    std::vector<char> seen(sc->candidates.size(), 0);
    std::vector<std::string> path;
    if (!ReachesBack(*sc, i, i, seen, &path)) continue;
    for (size_t k = 0; k < sc->candidates.size(); ++k)
      if (std::find(path.begin(), path.end(), sc->candidates[k].name) != path.end())
        on_cycle[k] = 1;
    const CandidateSpec& c = sc->candidates[i];
    const TargetRef* first = nullptr;
    for (const TargetRef* r : Refs(sc->candidates[i])) {
      if (r->candidate >= 0 && sc->candidates[r->candidate].name == path[1]) {
        first = r;
        break;
      }
    }
    diag->Error(first ? first->loc : c.loc,
                fmt::format("candidate '{}' is built from itself through a cycle: {}", c.name,
                            fmt::join(path, " -> ")));
    all_resolved = false;
  }
  if (!all_resolved) return;
  for (const CandidateSpec& c : sc->candidates)
    if (c.kind == CandidateKind::kMultiRegion) CheckDeploymentRegions(*sc, c, catalog, diag);
}

}  // namespace plan
