// A candidate as a tree of targets, built fresh inside each run's Simulation. Leaves are API
// offers and self-hosted fleets (an edge device is a fleet answering one request at a time);
// inner nodes are hybrid tiers, failover chains, a response cache and a region router. A
// candidate naming another reuses that one's whole spec, wrappers included.
//
// A plain api, self_hosted or edge candidate is its leaf alone, exactly as before composites
// existed. In a composite every leaf is tagged with its tier number (Completion::served_by),
// and the tiers list says what each number is; the response cache's hits, the failover's
// cached-response last resort and the requests that finally failed have tiers of their own.
//
// Random streams: a candidate's own parts draw from Rng::Stream(seed, path, part) where path
// is the candidate's name at the root and grows by role below ("h/cheap", "f/fallback1"), and
// a wrapped candidate's own target keeps its path, so wrapping never moves its draws.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "arch/api_target.h"
#include "arch/failover_target.h"
#include "arch/hybrid_target.h"
#include "arch/offset_observer.h"
#include "arch/region_router.h"
#include "arch/response_cache.h"
#include "arch/self_hosted.h"
#include "arch/tier_tag.h"
#include "catalog/catalog.h"
#include "scenario/scenario.h"

namespace plan {

struct TierInfo {
  std::string label;             // "cheap (haiku)", "us-east (fleet-a) > primary (fleet-a)", ...
  std::string region;            // the deployment's region inside a multi_region candidate
  int32_t fleet = -1;            // index into fleets() when the tier is a fleet
  int32_t api = -1;              // index into apis() when it is an API offer
  const TierTag* tag = nullptr;  // leaves only
};

struct FleetLeaf {
  std::string label;
  std::unique_ptr<SelfHostedCandidate> build;
  std::unique_ptr<OffsetObserver> observer;
  Fleet* fleet = nullptr;
  GpuSpec gpu;  // as priced (an edge device carries device_usd_per_hour)
  PriceModel pricing = PriceModel::kOnDemand;
  bool priced = true;  // false: an owned edge device, nothing paid by the hour
  bool edge = false;
  int32_t replica_offset = 0;
};

struct ApiLeaf {
  std::string label;
  ApiSpec spec;
  ApiTargetConfig config;
  std::unique_ptr<ApiTarget> target;
  bool routed = false;  // under a region router, which adds the round trip
};

struct HybridNode {
  std::string label, cheap, expensive;  // labels of the node and of its two tiers
  std::unique_ptr<HybridTarget> node;
};

struct FailoverNode {
  std::string label;
  std::vector<std::string> chain;  // labels, in order
  std::unique_ptr<FailoverTarget> node;
};

struct CacheNode {
  std::string label;
  std::unique_ptr<ResponseCache> node;
};

struct RouterNode {
  std::string label;
  const MultiRegionSpec* spec = nullptr;
  std::vector<std::string> deployments;  // labels
  std::unique_ptr<RegionRouter> node;
};

class TargetTree {
 public:
  // Errors (a fleet that does not fit, ...) carry the offending candidate's path:line:col.
  static Result<std::unique_ptr<TargetTree>> Build(const Scenario& scenario,
                                                   const CandidateSpec& spec,
                                                   const Catalog& catalog, Simulation* sim);

  Target* root() const { return root_; }
  bool composite() const { return composite_; }
  // Where fleets report engine steps; set before the run.
  void set_observer(Observer* observer);
  // Replicas the collector measures utilisation against (autoscaled fleets: their maximum).
  int32_t replicas() const { return replicas_; }
  // The smallest context window among the fleets (requests are clipped to it); 0 = none.
  int64_t max_total_tokens() const { return max_total_tokens_; }

  const std::vector<TierInfo>& tiers() const { return tiers_; }
  const std::vector<std::unique_ptr<FleetLeaf>>& fleets() const { return fleets_; }
  const std::vector<std::unique_ptr<ApiLeaf>>& apis() const { return apis_; }
  double router_cost_usd() const;     // hybrid routers' per-request charges
  double abandoned_cost_usd() const;  // charges of attempts a failover abandoned

  // One sentence per inner node: how it routes, what it assumes (tree_notes.cc).
  std::vector<std::string> Assumptions(const Catalog& catalog) const;
  // What happened at each inner node: shares, escalations, failovers, hits, residency.
  std::vector<std::string> Notes() const;

 private:
  friend class TreeBuilder;
  Target* root_ = nullptr;
  bool composite_ = false;
  int32_t replicas_ = 0;
  int64_t max_total_tokens_ = 0;
  std::vector<TierInfo> tiers_;
  std::vector<std::unique_ptr<FleetLeaf>> fleets_;
  std::vector<std::unique_ptr<ApiLeaf>> apis_;
  std::vector<std::unique_ptr<HybridNode>> hybrids_;
  std::vector<std::unique_ptr<FailoverNode>> failovers_;
  std::vector<std::unique_ptr<CacheNode>> caches_;
  std::vector<std::unique_ptr<RouterNode>> routers_;
  std::vector<std::unique_ptr<Target>> adapters_;  // tags
};

}  // namespace plan
