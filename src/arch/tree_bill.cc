// What each node of a target tree held and charged over a run, and the tree's sums of them.
#include <fmt/format.h>

#include <algorithm>

#include "arch/target_tree.h"

namespace plan {

namespace {

void AddPricing(std::string what, TreeBill* bill) {
  std::vector<std::string>& p = bill->request_pricing;
  if (std::find(p.begin(), p.end(), what) == p.end()) p.push_back(std::move(what));
}

}  // namespace

// A fixed fleet is paid for its replicas over the whole span; an autoscaled one by the
// GPU-seconds it held. Utilisation is the busy share of the replica-time paid for.
Status FleetLeaf::Bill(const RunSpan& run, TreeBill* bill) const {
  const FleetConfig& fc = setup->fleet_config();
  const int32_t per_replica = setup->gpus_per_replica();
  FleetBill b;
  b.busy_s = NsToSeconds(fleet->busy_ns());
  b.held_replica_s = fc.replicas * run.span_s;
  b.utilization = run.span_s > 0 ? b.busy_s / run.span_s / fc.replicas : 0;
  b.average_gpus = fc.replicas * per_replica;
  if (fc.autoscale.enabled) {
    b.gpu_seconds = fleet->GpuSeconds(run.end_ns);
    if (run.span_s > 0) {
      b.held_replica_s = b.gpu_seconds / per_replica;
      b.utilization = b.busy_s / b.held_replica_s;
      b.average_gpus = b.gpu_seconds / run.span_s;
    }
  }
  b.replicas = fc.autoscale.enabled ? fleet->peak_replicas() : fc.replicas;
  b.gpus = b.replicas * per_replica;
  b.preemptions = static_cast<int64_t>(fleet->preemptions());
  b.kv_peak_fraction = fleet->kv_peak_fraction();
  b.interruptions = fleet->interruption_stats();
  if (fc.interruptions.enabled) bill->interruptions_modelled = true;
  if (fc.replica.lora.enabled) {
    bill->lora_modelled = true;
    bill->lora_adapters += fc.replica.lora.adapters;
    bill->lora_loads += static_cast<int64_t>(fleet->lora_loads());
    bill->lora_disk_loads += static_cast<int64_t>(fleet->lora_disk_loads());
  }
  if (priced) {
    Result<FleetPrice> price = PriceFleet(
        {&gpu, pricing, fc.replicas * per_replica, b.gpu_seconds, b.utilization}, run.span_s);
    if (!price.ok()) return price.status();
    b.recomputed_cost_usd = NsToSeconds(b.interruptions.lost.busy_ns) / kSecondsPerHour *
                            per_replica * GpuUsdPerHour(gpu.price, pricing);
    b.price = static_cast<int32_t>(bill->fleet_prices.size());
    bill->fleet_prices.push_back(std::move(price).value());
  }
  bill->fleets.push_back(b);
  return Status::Ok();
}

Status ApiLeaf::Bill(const RunSpan& run, TreeBill* bill) const {
  AddPricing(spec.batch ? config.offer.id + " (batch API)" : config.offer.id, bill);
  return Status::Ok();
}

Status HybridNode::Bill(const RunSpan& run, TreeBill* bill) const {
  if (node->stats().router_cost_usd > 0) AddPricing("the hybrid router", bill);
  return Status::Ok();
}

Status FailoverNode::Bill(const RunSpan& run, TreeBill* bill) const {
  bill->abandoned_cost_usd += node->stats().abandoned_cost_usd;
  return Status::Ok();
}

Result<TreeBill> TargetTree::Bill(const RunSpan& run) const {
  TreeBill bill;
  for (const TreeNode* leaf : leaves_) PLAN_RETURN_IF_ERROR(leaf->Bill(run, &bill));
  for (const auto& r : routers_) PLAN_RETURN_IF_ERROR(r->Bill(run, &bill));
  for (const auto& h : hybrids_) PLAN_RETURN_IF_ERROR(h->Bill(run, &bill));
  for (const auto& f : failovers_) PLAN_RETURN_IF_ERROR(f->Bill(run, &bill));
  for (const auto& c : caches_) PLAN_RETURN_IF_ERROR(c->Bill(run, &bill));
  double busy_s = 0, held_s = 0;
  for (const FleetBill& f : bill.fleets) {
    bill.gpus += f.gpus;
    bill.replicas += f.replicas;
    bill.preemptions += f.preemptions;
    bill.kv_peak_fraction = std::max(bill.kv_peak_fraction, f.kv_peak_fraction);
    InterruptionStats& in = bill.interruptions;
    in.interruptions += f.interruptions.interruptions;
    in.lost.requests += f.interruptions.lost.requests;
    in.lost.prefill_tokens += f.interruptions.lost.prefill_tokens;
    in.lost.decode_tokens += f.interruptions.lost.decode_tokens;
    in.lost.busy_ns += f.interruptions.lost.busy_ns;
    bill.recomputed_cost_usd += f.recomputed_cost_usd;
    busy_s += f.busy_s;
    held_s += f.held_replica_s;
  }
  if (bill.fleets.size() == 1)
    bill.gpu_utilization = bill.fleets[0].utilization;
  else if (held_s > 0)
    bill.gpu_utilization = busy_s / held_s;
  return bill;
}

std::vector<std::string> TargetTree::Assumptions() const {
  std::vector<std::string> out;
  for (const TreeNode* leaf : leaves_) leaf->Assumptions(&out);
  for (const auto& r : routers_) r->Assumptions(&out);
  for (const auto& h : hybrids_) h->Assumptions(&out);
  for (const auto& f : failovers_) f->Assumptions(&out);
  for (const auto& c : caches_) c->Assumptions(&out);
  return out;
}

std::vector<std::string> TargetTree::Notes(const TreeBill& bill) const {
  std::vector<std::string> out;
  for (const TreeNode* leaf : leaves_) leaf->Notes(bill, &out);
  for (const auto& r : routers_) r->Notes(bill, &out);
  for (const auto& h : hybrids_) h->Notes(bill, &out);
  for (const auto& f : failovers_) f->Notes(bill, &out);
  for (const auto& c : caches_) c->Notes(bill, &out);
  return out;
}

std::vector<TierSummary> TargetTree::Tiers(const TreeBill& bill,
                                           const std::vector<int64_t>& answered, int64_t total,
                                           std::vector<std::string>* notes) const {
  std::vector<TierSummary> out;
  for (size_t i = 0; i < tiers_.size(); ++i) {
    const TierInfo& t = tiers_[i];
    TierSummary tier;
    tier.name = t.label;
    tier.requests = i < answered.size() ? answered[i] : 0;
    tier.share = total > 0 ? static_cast<double>(tier.requests) / total : 0;
    if (t.tag) tier.cost_usd = t.tag->stats().cost_usd;
    if (t.fleet >= 0 && bill.fleets[t.fleet].price >= 0)
      tier.cost_usd += bill.fleet_prices[bill.fleets[t.fleet].price].total_usd;
    if (t.tag || tier.requests > 0)
      notes->push_back(fmt::format("tier {}: {} requests ({:.1f}%), ${:.4f}{}", tier.name,
                                   tier.requests, tier.share * 100, tier.cost_usd,
                                   t.tag ? fmt::format(" (sent {}, {} failed there)",
                                                       t.tag->stats().sent, t.tag->stats().failed)
                                         : ""));
    out.push_back(std::move(tier));
  }
  return out;
}

}  // namespace plan
