// A candidate as a tree of targets, built fresh inside each run's Simulation. Leaves are API
// offers and self-hosted fleets (an edge device is a fleet answering one request at a time);
// inner nodes are hybrid tiers, failover chains, a response cache and a region router. A
// candidate naming another reuses that one's whole spec, wrappers included.
//
// A plain api, self_hosted or edge candidate is its leaf alone, exactly as before composites
// existed. In a composite every leaf is tagged with its tier number (Completion::tier),
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

#include "arch/fidelity_edge.h"
#include "arch/tier_tag.h"
#include "arch/tree_nodes.h"
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

// A tier of a composite as the report shows it: the requests it finally answered, their share,
// and what it cost (its charges, answers a parent discarded included, plus a fleet's GPU-hours).
struct TierSummary {
  std::string name;
  int64_t requests = 0;
  double share = 0;
  double cost_usd = 0;
};

class TargetTree {
 public:
  // Errors (a fleet that does not fit, ...) carry the offending candidate's path:line:col.
  // `edge`: every leaf's figures at that edge of its error band (fidelity_edge.h).
  static Result<std::unique_ptr<TargetTree>> Build(const Scenario& scenario,
                                                   const CandidateSpec& spec,
                                                   const Catalog& catalog, Simulation* sim,
                                                   FidelityEdge edge = FidelityEdge::kNominal);

  Target* root() const { return root_; }
  bool composite() const { return composite_; }
  // Where fleets report engine steps; set before the run.
  void set_observer(Observer* observer);
  // Replicas the collector measures utilisation against (autoscaled fleets: their maximum).
  int32_t replicas() const { return replicas_; }
  // The smallest context window among the fleets (requests are clipped to it); 0 = none.
  int64_t max_total_tokens() const { return max_total_tokens_; }

  // The roofline's bound on the request rate a single fleet serves on `mix`: its replicas (an
  // autoscaled fleet's maximum) times one replica's (FleetSetup::ReplicaCapacity). Empty (0
  // req/s) for API offers and composites, whose capacity is not one fleet's.
  CapacityBound Capacity(const RequestMix& mix) const;

  const std::vector<TierInfo>& tiers() const { return tiers_; }
  const std::vector<std::unique_ptr<FleetLeaf>>& fleets() const { return fleets_; }
  const std::vector<std::unique_ptr<ApiLeaf>>& apis() const { return apis_; }

  // Takes on the run of `ran`, a tree built for a candidate differing from this one's only in
  // its fleet's max_num_seqs (plan search's twins), where that run holds for this tree too:
  // both are one fixed fleet and nothing else, and `ran`'s envelope fits this fleet
  // (Fleet::AdoptRun). Then this tree bills and explains itself as if it had run, and true.
  // This tree must not have run.
  bool AdoptRun(const TargetTree& ran);

  // Every node's bill, summed (tree_bill.cc); fails when a fleet's GPU has no price under its
  // price model.
  Result<TreeBill> Bill(const RunSpan& run) const;
  // Every node's sentences: how it serves and what it assumes; what happened.
  std::vector<std::string> Assumptions() const;
  std::vector<std::string> Notes(const TreeBill& bill) const;
  // What each leaf's figures rest on, in tier order (tree_fidelity.cc).
  std::vector<LeafFidelity> Fidelity() const;
  // The models the leaves serve, each once, in tier order: a fleet's catalog model id, an API
  // offer's model name.
  std::vector<std::string> Models() const;
  // A composite's tiers, from the requests each answered (Collector, by tier) out of `total`;
  // a sentence for each tier that was sent requests or answered some goes to `notes`.
  std::vector<TierSummary> Tiers(const TreeBill& bill, const std::vector<int64_t>& answered,
                                 int64_t total, std::vector<std::string>* notes) const;

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
  std::vector<const TreeNode*> leaves_;            // in tier order
};

}  // namespace plan
