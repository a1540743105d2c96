// The nodes of a target tree (arch/target_tree.h), each billing and explaining itself: what it
// held and charged over the run (Bill), how it serves (Assumptions) and what it did (Notes).
// The tree sums them, leaves first in tier order, then region routers, hybrids, failovers and
// response caches. A leaf of a composite prefixes its sentences with its label.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "arch/api_target.h"
#include "arch/failover_target.h"
#include "arch/fleet_setup.h"
#include "arch/hybrid_target.h"
#include "arch/region_router.h"
#include "arch/response_cache.h"
#include "metrics/cost.h"
#include "scenario/multi_region_spec.h"

namespace plan {

// The run a tree is billed for: from the first arrival to the last finish.
struct RunSpan {
  double span_s = 0;
  TimeNs end_ns = 0;  // the last finish
};

// What one fleet held and did over the run, and what it cost.
struct FleetBill {
  double busy_s = 0;          // engine steps, summed over replicas
  double held_replica_s = 0;  // replica-seconds paid for
  double gpu_seconds = 0;     // GPU-seconds held; what an autoscaled fleet is paid by
  double utilization = 0;     // busy_s / held_replica_s; 0 over an empty span
  double average_gpus = 0;    // GPUs held on average over the span
  int32_t replicas = 0;       // paid for (an autoscaled fleet: its peak)
  int32_t gpus = 0;
  int64_t preemptions = 0;
  double kv_peak_fraction = 0;
  // Spot interruptions: what was thrown away, and that engine time at the fleet's price.
  InterruptionStats interruptions;
  double recomputed_cost_usd = 0;
  int32_t price = -1;  // index into TreeBill::fleet_prices; -1: an owned device, not paid by hour
};

struct TreeBill {
  std::vector<FleetBill> fleets;             // by fleet index (TierInfo::fleet)
  std::vector<FleetPrice> fleet_prices;      // the priced fleets, in fleet order
  double abandoned_cost_usd = 0;             // charges of attempts a failover abandoned
  std::vector<std::string> request_pricing;  // what priced per-request charges, each named once
  // Sums over the fleets.
  int32_t gpus = 0, replicas = 0;
  int64_t preemptions = 0;
  double kv_peak_fraction = 0;
  double gpu_utilization = 0;           // busy share of the replica-time paid for
  bool interruptions_modelled = false;  // a fleet has an interruption model
  InterruptionStats interruptions;
  double recomputed_cost_usd = 0;
  // Multi-LoRA fleets (a shared base serving adapters), summed.
  bool lora_modelled = false;
  int64_t lora_adapters = 0, lora_loads = 0, lora_disk_loads = 0;
};

class TreeNode {
 public:
  virtual ~TreeNode() = default;
  // Adds what the node held and charged to `bill`; fails when a fleet's GPU has no price.
  virtual Status Bill(const RunSpan& run, TreeBill* bill) const { return Status::Ok(); }
  virtual void Assumptions(std::vector<std::string>* out) const = 0;
  // `bill` is the whole tree's, this node's part included.
  virtual void Notes(const TreeBill& bill, std::vector<std::string>* out) const = 0;
};

struct FleetLeaf : TreeNode {
  std::string label;
  std::string prefix;  // "label: " in a composite, else ""
  int32_t index = 0;   // among the tree's fleets
  std::unique_ptr<FleetSetup> setup;
  Fleet* fleet = nullptr;
  GpuSpec gpu;  // as priced (an edge device carries device_usd_per_hour)
  PriceModel pricing = PriceModel::kOnDemand;
  bool priced = true;  // false: an owned edge device, nothing paid by the hour
  bool edge = false;
  double thermal_fraction = 1;  // edge thermal = "sustained": the device's sustained_fraction
  int32_t replica_offset = 0;

  Status Bill(const RunSpan& run, TreeBill* bill) const override;
  void Assumptions(std::vector<std::string>* out) const override;
  void Notes(const TreeBill& bill, std::vector<std::string>* out) const override;
};

struct ApiLeaf : TreeNode {
  std::string label;
  std::string prefix;
  ApiSpec spec;
  ApiTargetConfig config;
  std::unique_ptr<ApiTarget> target;
  bool routed = false;  // under a region router, which adds the round trip

  Status Bill(const RunSpan& run, TreeBill* bill) const override;
  void Assumptions(std::vector<std::string>* out) const override;
  void Notes(const TreeBill& bill, std::vector<std::string>* out) const override;
};

struct HybridNode : TreeNode {
  std::string label, cheap, expensive;  // labels of the node and of its two tiers
  std::unique_ptr<HybridTarget> node;

  Status Bill(const RunSpan& run, TreeBill* bill) const override;
  void Assumptions(std::vector<std::string>* out) const override;
  void Notes(const TreeBill& bill, std::vector<std::string>* out) const override;
};

struct FailoverNode : TreeNode {
  std::string label;
  std::vector<std::string> chain;  // labels, in order
  std::unique_ptr<FailoverTarget> node;

  Status Bill(const RunSpan& run, TreeBill* bill) const override;
  void Assumptions(std::vector<std::string>* out) const override;
  void Notes(const TreeBill& bill, std::vector<std::string>* out) const override;
};

struct CacheNode : TreeNode {
  std::string label;
  std::unique_ptr<ResponseCache> node;

  void Assumptions(std::vector<std::string>* out) const override;
  void Notes(const TreeBill& bill, std::vector<std::string>* out) const override;
};

struct RouterNode : TreeNode {
  std::string label;
  const MultiRegionSpec* spec = nullptr;
  std::vector<std::string> deployments;  // labels
  std::string residency;                 // the rule in words; "" for none
  std::unique_ptr<RegionRouter> node;

  void Assumptions(std::vector<std::string>* out) const override;
  void Notes(const TreeBill& bill, std::vector<std::string>* out) const override;
};

}  // namespace plan
