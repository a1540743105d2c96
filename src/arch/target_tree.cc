#include "arch/target_tree.h"

#include <fmt/format.h>
#include <algorithm>

#include "arch/api_target_config.h"
#include "util/rng.h"
#include "util/units.h"
#include "workload/session_source.h"

namespace plan {

namespace {
// The prompt a deployment's TTFT estimate assumes before its first answer (lowest_latency
// routing): a chat turn of typical length, near the Azure conversation trace's median.
constexpr int64_t kPriorPromptTokens = 1000;
}  // namespace

// Builds one candidate's tree into a TargetTree; recursion follows the references, which the
// scenario loader has resolved and checked to be acyclic.
class TreeBuilder {
 public:
  TreeBuilder(const Scenario& sc, const Catalog& catalog, Simulation* sim, TargetTree* tree,
              FidelityEdge edge)
      : sc_(sc), catalog_(catalog), sim_(sim), tree_(tree), edge_(edge) {}

  // Where a node sits: its random-stream path, its label prefix, and whether a region router
  // above it adds the network.
  struct Place {
    std::string path;
    std::string label;   // "" at the root
    std::string region;  // the deployment region under a router
    bool routed = false;
  };

  Result<Target*> Candidate(const CandidateSpec& c, const Place& at);

 private:
  Result<Target*> Ref(const TargetRef& ref, const Place& parent, const std::string& role,
                      const std::string& path_role);
  Result<Target*> Core(const CandidateSpec& c, const Place& at);
  Result<Target*> Api(const ApiSpec& spec, const Place& at);
  Result<Target*> Fleet(const CandidateSpec& c, const Place& at, bool edge);
  Result<Target*> Hybrid(const CandidateSpec& c, const Place& at);
  Result<Target*> MultiRegion(const CandidateSpec& c, const Place& at);
  Result<Target*> Failover(const CandidateSpec& c, Target* primary, const Place& at);
  Target* Cache(const CandidateSpec& c, Target* origin, const Place& at);
  // Tags a leaf of a composite with a new tier.
  Target* Leaf(Target* leaf, TierInfo info);
  int16_t AddTier(std::string label, std::string region = "");

  static std::string Join(const std::string& prefix, const std::string& part) {
    return prefix.empty() ? part : prefix + " > " + part;
  }

  const Scenario& sc_;
  const Catalog& catalog_;
  Simulation* sim_;
  TargetTree* tree_;
  FidelityEdge edge_;
};

int16_t TreeBuilder::AddTier(std::string label, std::string region) {
  TierInfo t;
  t.label = std::move(label);
  t.region = std::move(region);
  tree_->tiers_.push_back(std::move(t));
  return static_cast<int16_t>(tree_->tiers_.size() - 1);
}

Target* TreeBuilder::Leaf(Target* leaf, TierInfo info) {
  if (!tree_->composite_) return leaf;
  const int16_t tier = AddTier(info.label, info.region);
  auto tag = std::make_unique<TierTag>(leaf, tier);
  info.tag = tag.get();
  tree_->tiers_[tier] = std::move(info);
  Target* out = tag.get();
  tree_->adapters_.push_back(std::move(tag));
  return out;
}

Result<Target*> TreeBuilder::Candidate(const CandidateSpec& c, const Place& at) {
  Target* target = nullptr;
  if (c.kind != CandidateKind::kFailover) {
    Place core = at;
    if (c.failover.enabled) core.label = Join(at.label, fmt::format("primary ({})", c.name));
    Result<Target*> built = Core(c, core);
    if (!built.ok()) return built.status();
    target = *built;
  }
  if (c.failover.enabled) {
    Result<Target*> chain = Failover(c, target, at);
    if (!chain.ok()) return chain.status();
    target = *chain;
  }
  if (c.response_cache.enabled) target = Cache(c, target, at);
  return target;
}

Result<Target*> TreeBuilder::Ref(const TargetRef& ref, const Place& parent, const std::string& role,
                                 const std::string& path_role) {
  Place at = parent;
  at.path = parent.path + "/" + path_role;
  at.label = Join(parent.label, fmt::format("{} ({})", role, ref.name));
  if (ref.candidate >= 0) return Candidate(sc_.candidates[ref.candidate], at);
  ApiSpec spec;
  spec.offer = ref.name;
  return Api(spec, at);
}

Result<Target*> TreeBuilder::Core(const CandidateSpec& c, const Place& at) {
  Place leaf = at;
  if (leaf.label.empty()) leaf.label = c.name;
  switch (c.kind) {
    case CandidateKind::kApi:
      return Api(c.api, leaf);
    case CandidateKind::kSelfHosted:
      return Fleet(c, leaf, /*edge=*/false);
    case CandidateKind::kEdge:
      return Fleet(c, leaf, /*edge=*/true);
    case CandidateKind::kHybrid:
      return Hybrid(c, at);
    case CandidateKind::kMultiRegion:
      return MultiRegion(c, at);
    case CandidateKind::kFailover:
      break;  // its chain alone: Candidate() builds no core for it
  }
  return Status::Invalid(fmt::format("{}: candidate '{}': kind '{}' cannot be built",
                                     c.loc.ToString(), c.name, CandidateKindName(c.kind)));
}

Result<Target*> TreeBuilder::Api(const ApiSpec& spec, const Place& at) {
  const ApiOffer* offer = catalog_.FindOffer(spec.offer);
  assert(offer && "validated by the scenario loader");
  auto leaf = std::make_unique<ApiLeaf>();
  leaf->label = at.label;
  leaf->prefix = tree_->composite_ ? at.label + ": " : "";
  leaf->spec = spec;
  leaf->routed = at.routed;
  if (at.routed) {
    leaf->spec.region.clear();
    leaf->spec.rtt_s = 0;
    leaf->spec.served_from = at.region;
  }
  leaf->config = MakeApiTargetConfig(leaf->spec, *offer);
  if (edge_ != FidelityEdge::kNominal) {
    // The service time scales (the network round trip is the scenario's own); the output speed
    // moves the other way.
    ApiLatency& l = leaf->config.offer.latency;
    const double ttft = EdgeTimeFactor(edge_, offer->ttft_error_pct);
    l.ttft_fixed_s *= ttft;
    l.ttft_per_input_token_s *= ttft;
    l.output_tokens_per_s /= EdgeTimeFactor(edge_, offer->output_speed_error_pct);
  }
  leaf->target =
      std::make_unique<ApiTarget>(sim_, leaf->config, Rng::Stream(sc_.seed, at.path, "api"));
  TierInfo info;
  info.label = at.label;
  info.region = at.region;
  info.api = static_cast<int32_t>(tree_->apis_.size());
  Target* target = leaf->target.get();
  tree_->leaves_.push_back(leaf.get());
  tree_->apis_.push_back(std::move(leaf));
  return Leaf(target, std::move(info));
}

Result<Target*> TreeBuilder::Fleet(const CandidateSpec& c, const Place& at, bool edge) {
  CandidateSpec spec = c;
  if (edge) {
    SelfHostedSpec& s = spec.self_hosted;
    s = SelfHostedSpec{};
    s.model = c.edge.model;
    s.gpu = c.edge.device;
    s.quant = c.edge.quant;
    s.engine = c.edge.engine;
    s.replicas = c.edge.devices;
    s.max_num_seqs = 1;
    if (c.edge.device_usd_per_hour && *c.edge.device_usd_per_hour > 0)
      s.price_usd_per_gpu_hour = c.edge.device_usd_per_hour;
  }
  Result<std::unique_ptr<FleetSetup>> built = FleetSetup::Build(spec, catalog_, sc_.text);
  if (!built.ok()) return built.status();
  auto leaf = std::make_unique<FleetLeaf>();
  leaf->label = at.label;
  leaf->prefix = tree_->composite_ ? at.label + ": " : "";
  leaf->index = static_cast<int32_t>(tree_->fleets_.size());
  leaf->setup = std::move(built).value();
  leaf->gpu = leaf->setup->gpu();
  if (edge && c.edge.sustained) leaf->thermal_fraction = leaf->gpu.sustained_fraction;
  // A throttled device runs every step slower by its sustained fraction.
  leaf->setup->set_step_time_scale(EdgeTimeFactor(edge_, leaf->setup->efficiency().error_pct) /
                                   leaf->thermal_fraction);
  leaf->pricing = spec.self_hosted.pricing;
  leaf->edge = edge;
  leaf->priced = !edge || spec.self_hosted.price_usd_per_gpu_hour.has_value();
  if (edge && leaf->priced) {
    leaf->gpu.price.seller = "the scenario";
    leaf->gpu.price.source = "device_usd_per_hour in the scenario (the device amortised)";
  }
  const FleetConfig& fc = leaf->setup->fleet_config();
  leaf->replica_offset = tree_->replicas_;
  tree_->replicas_ += fc.autoscale.enabled ? fc.autoscale.max_replicas : fc.replicas;
  const int64_t context = leaf->setup->max_total_tokens();
  if (tree_->max_total_tokens_ == 0 || context < tree_->max_total_tokens_)
    tree_->max_total_tokens_ = context;
  leaf->setup->set_interruption_seed(Rng::Stream(sc_.seed, at.path, "interruptions").Next());
  if (spec.self_hosted.warm_system_prompt)
    leaf->setup->set_warm_prefixes(SystemPromptHashes(sc_.workload.sessions.system_prompt_tokens));
  leaf->setup->set_lora_seed(Rng::Stream(sc_.seed, "lora", "adapters").Next());
  leaf->fleet = leaf->setup->CreateFleet(sim_, nullptr);  // observed once the tree is built
  TierInfo info;
  info.label = at.label;
  info.region = at.region;
  info.fleet = static_cast<int32_t>(tree_->fleets_.size());
  Target* target = leaf->fleet;
  tree_->leaves_.push_back(leaf.get());
  tree_->fleets_.push_back(std::move(leaf));
  return Leaf(target, std::move(info));
}

Result<Target*> TreeBuilder::Hybrid(const CandidateSpec& c, const Place& at) {
  const HybridSpec& h = c.hybrid;
  Result<Target*> cheap = Ref(h.cheap, at, "cheap", "cheap");
  if (!cheap.ok()) return cheap.status();
  Result<Target*> expensive = Ref(h.expensive, at, "expensive", "expensive");
  if (!expensive.ok()) return expensive.status();
  HybridConfig config;
  config.mode = h.mode;
  config.route = h.route;
  config.label_threshold = h.label_threshold;
  config.expensive_fraction = h.expensive_fraction;
  config.offline_fraction = h.offline_fraction;
  config.input_tokens_over = h.input_tokens_over;
  config.escalate_fraction = h.escalate_fraction;
  config.router_latency_ns = SecondsToNs(h.router_latency_s);
  config.router_cost_usd = h.router_cost_usd;
  auto node = std::make_unique<HybridNode>();
  node->label = at.label.empty() ? c.name : at.label;
  node->cheap = Join(at.label, fmt::format("cheap ({})", h.cheap.name));
  node->expensive = Join(at.label, fmt::format("expensive ({})", h.expensive.name));
  node->node = std::make_unique<HybridTarget>(sim_, config, *cheap, *expensive,
                                              Rng::Stream(sc_.seed, at.path, "hybrid"));
  Target* out = node->node.get();
  tree_->hybrids_.push_back(std::move(node));
  return out;
}

Result<Target*> TreeBuilder::MultiRegion(const CandidateSpec& c, const Place& at) {
  const MultiRegionSpec& m = c.multi_region;
  auto node = std::make_unique<RouterNode>();
  node->label = at.label.empty() ? c.name : at.label;
  node->spec = &m;
  node->residency = ResidencyDescription(m, catalog_);
  std::vector<Target*> deployments;
  std::vector<double> prior_ttft_s;
  for (size_t d = 0; d < m.deployments.size(); ++d) {
    const DeploymentSpec& dep = m.deployments[d];
    Place place = at;
    place.region = dep.region;
    place.routed = true;
    const size_t fleets = tree_->fleets_.size(), apis = tree_->apis_.size();
    Result<Target*> t = Ref(dep.target, place, dep.region, fmt::format("deployment{}", d));
    if (!t.ok()) return t.status();
    deployments.push_back(*t);
    // A single leaf's unloaded TTFT for a prompt of kPriorPromptTokens; composites start at 0.
    double prior = 0;
    if (tree_->fleets_.size() == fleets + 1 && tree_->apis_.size() == apis)
      prior =
          tree_->fleets_.back()->setup->step_model().StepTimeS(PrefillBatch(1, kPriorPromptTokens));
    if (tree_->apis_.size() == apis + 1 && tree_->fleets_.size() == fleets) {
      const ApiLatency& l = tree_->apis_.back()->config.offer.latency;
      prior = l.ttft_fixed_s + l.ttft_per_input_token_s * kPriorPromptTokens;
    }
    prior_ttft_s.push_back(prior);
    node->deployments.push_back(
        Join(at.label, fmt::format("{} ({})", dep.region, dep.target.name)));
  }
  RegionRouterConfig config;
  config.users_from_trace = m.users_from_trace;
  config.users = static_cast<int32_t>(m.users.size());
  for (const UserRegionSpec& u : m.users) config.user_shares.push_back(u.share);
  for (const std::vector<double>& row : m.rtt_s) {
    std::vector<TimeNs> ns;
    for (double rtt : row) ns.push_back(rtt < 0 ? -1 : SecondsToNs(rtt));
    config.rtt_ns.push_back(std::move(ns));
  }
  config.routing = m.routing;
  config.health_check_ns = SecondsToNs(m.health_check_s);
  config.prior_ttft_s = std::move(prior_ttft_s);
  node->node = std::make_unique<RegionRouter>(sim_, std::move(config), std::move(deployments),
                                              Rng::Stream(sc_.seed, at.path, "region"));
  Target* out = node->node.get();
  tree_->routers_.push_back(std::move(node));
  return out;
}

Result<Target*> TreeBuilder::Failover(const CandidateSpec& c, Target* primary, const Place& at) {
  const FailoverSpec& f = c.failover;
  auto node = std::make_unique<FailoverNode>();
  node->label = at.label.empty() ? c.name : at.label;
  std::vector<Target*> chain;
  if (primary) {
    chain.push_back(primary);
    node->chain.push_back(Join(at.label, fmt::format("primary ({})", c.name)));
  }
  for (size_t i = 0; i < f.chain.size(); ++i) {
    const size_t position = chain.size();
    std::string role = position == 0 ? "primary" : fmt::format("fallback {}", position);
    Result<Target*> t =
        Ref(f.chain[i], at, role, position == 0 ? "primary" : fmt::format("fallback{}", position));
    if (!t.ok()) return t.status();
    chain.push_back(*t);
    node->chain.push_back(Join(at.label, fmt::format("{} ({})", role, f.chain[i].name)));
  }
  FailoverConfig config;
  config.timeout_ns = SecondsToNs(f.timeout_s);
  config.retries = f.retries;
  config.cached_last_resort = f.last_resort == LastResort::kCachedResponse;
  if (config.cached_last_resort)
    config.degraded_tier = AddTier(Join(at.label, "cached response (last resort)"), at.region);
  node->node = std::make_unique<FailoverTarget>(sim_, config, std::move(chain));
  Target* out = node->node.get();
  tree_->failovers_.push_back(std::move(node));
  return out;
}

Target* TreeBuilder::Cache(const CandidateSpec& c, Target* origin, const Place& at) {
  const ResponseCacheSpec& rc = c.response_cache;
  ResponseCacheConfig config;
  config.fixed_rate = rc.hit_rate.has_value();
  config.hit_rate = rc.hit_rate.value_or(0);
  config.edge_rtt_ns = SecondsToNs(rc.edge_rtt_s);
  config.hit_tier = AddTier(Join(at.label, "response cache"), at.region);
  auto node = std::make_unique<CacheNode>();
  node->label = at.label.empty() ? c.name : at.label;
  node->node = std::make_unique<ResponseCache>(sim_, config, origin,
                                               Rng::Stream(sc_.seed, at.path, "cache"));
  Target* out = node->node.get();
  tree_->caches_.push_back(std::move(node));
  return out;
}

Result<std::unique_ptr<TargetTree>> TargetTree::Build(const Scenario& scenario,
                                                      const CandidateSpec& spec,
                                                      const Catalog& catalog, Simulation* sim,
                                                      FidelityEdge edge) {
  auto tree = std::unique_ptr<TargetTree>(new TargetTree());
  tree->composite_ =
      !IsSingleTargetKind(spec.kind) || spec.failover.enabled || spec.response_cache.enabled;
  TreeBuilder builder(scenario, catalog, sim, tree.get(), edge);
  Result<Target*> root = builder.Candidate(spec, {spec.name, "", "", false});
  if (!root.ok()) return root.status();
  tree->root_ = *root;
  if (tree->composite_) {
    TierInfo failed;
    failed.label = "failed";
    tree->tiers_.push_back(failed);
    auto tag =
        std::make_unique<FailureTag>(tree->root_, static_cast<int16_t>(tree->tiers_.size() - 1));
    tree->root_ = tag.get();
    tree->adapters_.push_back(std::move(tag));
  }
  return tree;
}

void TargetTree::set_observer(Observer* observer) {
  for (auto& f : fleets_) f->fleet->SetObserver(observer, f->replica_offset);
}

CapacityBound TargetTree::Capacity(const RequestMix& mix) const {
  if (composite_ || fleets_.size() != 1) return {};
  CapacityBound c = fleets_[0]->setup->ReplicaCapacity(mix);
  c.requests_per_s *= replicas_;
  return c;
}

bool TargetTree::AdoptRun(const TargetTree& ran) {
  auto lone_fleet = [](const TargetTree& t) {
    return !t.composite_ && t.fleets_.size() == 1 && t.apis_.empty() && t.hybrids_.empty() &&
           t.failovers_.empty() && t.caches_.empty() && t.routers_.empty() &&
           t.root_ == t.fleets_[0]->fleet;
  };
  return lone_fleet(*this) && lone_fleet(ran) &&
         fleets_[0]->fleet->AdoptRun(*ran.fleets_[0]->fleet);
}

}  // namespace plan
