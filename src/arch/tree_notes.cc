// The sentences a report prints about each node of a target tree: how it serves (assumptions)
// and what it did (notes); the tree gathers them in its order (TargetTree::Assumptions, Notes).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "arch/api_target_config.h"
#include "arch/target_tree.h"

namespace plan {

namespace {

std::string Pct(int64_t part, int64_t whole) {
  return fmt::format("{:.1f}%", whole > 0 ? 100.0 * static_cast<double>(part) / whole : 0.0);
}

std::string Ms(TimeNs ns) { return fmt::format("{:g} ms", NsToSeconds(ns) * 1e3); }

// How each request's adapter is chosen: "Zipf 1.1 popularity", or from the trace's labels.
std::string AdapterChoice(const LoraSpec& lo) {
  const std::string popularity =
      (lo.zipf_exponent > 0 ? fmt::format("Zipf {:g}", lo.zipf_exponent) : "uniform") +
      std::string(" popularity");
  if (!lo.from_label) return popularity;
  return "each request's adapter from the trace's label column (unlabelled requests and labels "
         "past the last adapter drawn by " +
         popularity + ")";
}

}  // namespace

void FleetLeaf::Assumptions(std::vector<std::string>* out) const {
  const SelfHostedSpec& s = setup->spec();
  const MemoryPlan& mem = setup->step_model().memory();
  if (!edge) {
    out->push_back(prefix +
                   fmt::format("{} in {} on {} x {} (tp {}, pp {}) per replica, engine {}; "
                               "KV cache {} tokens per replica ({:.1f} GiB weights per "
                               "GPU)",
                               s.model, s.quant, s.tp * s.pp, s.gpu, s.tp, s.pp, s.engine,
                               mem.kv_capacity_tokens, mem.weights_bytes_per_gpu / kBytesPerGiB));
  } else {
    out->push_back(
        prefix +
        fmt::format(
            "{} in {} on {} with {}, one request at a time on each of {} device(s) (KV cache "
            "{} tokens, {:.1f} GiB weights); no network round trip and no per-call price; {}",
            s.model, s.quant, s.gpu, s.engine, s.replicas, mem.kv_capacity_tokens,
            mem.weights_bytes_per_gpu / kBytesPerGiB,
            priced ? fmt::format("each device amortised at ${:g}/h (device_usd_per_hour)",
                                 gpu.price.on_demand_usd_per_hour)
                   : std::string("the device is owned: nothing paid by the hour "
                                 "(device_usd_per_hour amortises it)")));
    if (thermal_fraction < 1)
      out->push_back(prefix + fmt::format("thermal = \"sustained\": every step {:.0f}% slower "
                                          "than at peak, the device holding {:g} of its peak "
                                          "speed once throttled (catalog sustained_fraction)",
                                          100 * (1 / thermal_fraction - 1), thermal_fraction));
  }
  // The engine release and the scheduler limits it runs with (catalog/resolve_engine.h).
  out->push_back(prefix + setup->engine_assumption());
  if (size_t warm = setup->fleet_config().replica.warm_prefix_hashes.size())
    out->push_back(prefix + fmt::format("cache warming: every replica starts with the system "
                                        "prompt's {} block(s) of 512 tokens in its prefix cache "
                                        "(warm_system_prompt)",
                                        warm));
  const InterruptionSpec& in = s.interruptions;
  if (in.enabled)
    out->push_back(
        prefix +
        fmt::format("spot interruptions: each replica reclaimed at {:g} per replica-hour (a "
                    "Poisson process, seeded), {:g} s notice (no new requests), a replacement "
                    "serving {:g} s after the reclaim and paid from it; a reclaimed replica's "
                    "requests start again from scratch (KV lost) on another replica or the "
                    "replacement",
                    in.rate_per_hour, in.notice_s, in.replacement_s));
  else if (in.none)
    out->push_back(prefix +
                   "spot capacity priced without interruptions (interruptions = \"none\")");
}

void FleetLeaf::Notes(const TreeBill& bill, std::vector<std::string>* out) const {
  const FleetConfig& fc = setup->fleet_config();
  if (edge && gpu.tdp_w > 0 && fleet->finished() > 0) {
    // The power the device draws while computing, over the time it computed.
    const double joules = gpu.tdp_w * bill.fleets[index].busy_s;
    out->push_back(prefix + fmt::format("energy on the device: {:.0f} J per request ({:g} W under "
                                        "load x {:.1f} s busy per request, catalog tdp_w)",
                                        joules / fleet->finished(), gpu.tdp_w,
                                        bill.fleets[index].busy_s / fleet->finished()));
  }
  if (fc.serverless.enabled) {
    const FleetBill& b = bill.fleets[index];
    const ServerlessSpec& sl = setup->spec().serverless;
    out->push_back(
        prefix +
        fmt::format("serverless: 0..{} containers (peak {}, {} cold starts of {:.1f} s = {:g} s "
                    "start + weights at {:g} GB/s + {:g} s warm-up), each stopped after {:g} s "
                    "idle and billed at least {:g} s; paid {:.2f} GPU-hours = {:.2f} GPUs on "
                    "average",
                    fc.autoscale.max_replicas, fleet->peak_replicas(), fleet->replicas_created(),
                    setup->cold_start_s(), sl.container_start_s, sl.load_gb_per_s, sl.warmup_s,
                    sl.idle_timeout_s, sl.min_billed_s, b.gpu_seconds / kSecondsPerHour,
                    b.average_gpus));
  } else if (fc.autoscale.enabled) {
    const FleetBill& b = bill.fleets[index];
    out->push_back(
        prefix +
        fmt::format("autoscaled {}..{} replicas (peak {}, {} started), cold start {:.0f} s; paid "
                    "{:.2f} GPU-hours = {:.2f} GPUs on average",
                    fc.autoscale.min_replicas, fc.autoscale.max_replicas, fleet->peak_replicas(),
                    fleet->replicas_created(), setup->spec().autoscale.cold_start_s,
                    b.gpu_seconds / kSecondsPerHour, b.average_gpus));
  }
  if (fc.route_by_adapter.enabled) {
    const LoraSpec& lo = setup->spec().lora;
    out->push_back(
        prefix + fmt::format("dedicated fine-tunes: {} adapters, each merged into its own model on "
                             "its own replica, which serves only that adapter's requests; {}{}",
                             lo.adapters, AdapterChoice(lo),
                             lo.from_label ? std::string()
                                           : fmt::format(", the busiest adapter drawing {:.1f}% "
                                                         "of them",
                                                         100 * fc.route_by_adapter.cdf->front())));
  }
  if (fc.replica.lora.enabled) {
    const LoraSpec& lo = setup->spec().lora;
    const MemoryPlan& mem = setup->step_model().memory();
    const uint64_t disk = fleet->lora_disk_loads();
    out->push_back(
        prefix +
        fmt::format("multi-LoRA: {} adapters of rank {} on {} ({:.1f} MB each), {}; "
                    "at most {} in a batch, held on the GPU in slots taking {:.2f} GiB per GPU "
                    "from the KV cache, {} in host memory; {} adapter loads host -> GPU at {:g} "
                    "GB/s ({:.2f} ms each){}",
                    lo.adapters, lo.rank, lo.mlp ? "every linear layer" : "q, k, v, o",
                    setup->lora_adapter_bytes() / 1e6, AdapterChoice(lo), lo.max_loras,
                    mem.lora_bytes_per_gpu / kBytesPerGiB, lo.max_cpu_loras, fleet->lora_loads(),
                    lo.load_gb_per_s, setup->lora_adapter_bytes() / (lo.load_gb_per_s * 1e9) * 1e3,
                    disk ? fmt::format(", {} of them read from disk first at {:g} GB/s", disk,
                                       lo.disk_gb_per_s)
                         : std::string()));
  }
  if (fc.interruptions.enabled) {
    const FleetBill& b = bill.fleets[index];
    const ReclaimLoss& lost = b.interruptions.lost;
    const double fleet_usd = b.price >= 0 ? bill.fleet_prices[b.price].total_usd : 0;
    out->push_back(
        prefix +
        fmt::format("spot: {} interruptions, each replica down {:g} s until its replacement; "
                    "{} requests restarted, {} prompt + {} output tokens recomputed, {:.3f} "
                    "engine-hours thrown away = ${:.2f} ({:.1f}% of the fleet's cost)",
                    b.interruptions.interruptions, setup->spec().interruptions.replacement_s,
                    lost.requests, lost.prefill_tokens, lost.decode_tokens,
                    NsToSeconds(lost.busy_ns) / kSecondsPerHour, b.recomputed_cost_usd,
                    fleet_usd > 0 ? b.recomputed_cost_usd / fleet_usd * 100 : 0.0));
  }
  if (uint64_t n = fleet->rejected_over_context())
    out->push_back(prefix + fmt::format("{} requests failed: their prompts fill the {}-token "
                                        "context of {}, so an engine rejects them",
                                        n, setup->max_total_tokens(), setup->spec().model));
  if (uint64_t n = fleet->rejected_over_kv())
    out->push_back(prefix + fmt::format("{} requests failed: prompt and output together never "
                                        "fit the KV cache of a replica ({} tokens)",
                                        n, setup->step_model().memory().kv_capacity_tokens));
}

void ApiLeaf::Assumptions(std::vector<std::string>* out) const {
  for (const std::string& line : ApiAssumptions(spec, config, routed))
    out->push_back(prefix + line);
}

void ApiLeaf::Notes(const TreeBill& bill, std::vector<std::string>* out) const {
  for (const std::string& line : ApiNotes(target->stats(), config)) out->push_back(prefix + line);
}

void HybridNode::Assumptions(std::vector<std::string>* out) const {
  const HybridConfig& c = node->config();
  if (c.mode == HybridMode::kCascade)
    return out->push_back(fmt::format(
        "{}: cascade: every request goes to {} first; {:g}% (drawn per request) and every failed "
        "cheap answer escalate to {} once the cheap answer has finished, paying both tiers; an "
        "escalated request's TTFT = cheap e2e + {} (the check) + expensive TTFT; the check "
        "costs ${:g} per request",
        label, cheap, c.escalate_fraction * 100, expensive, Ms(c.router_latency_ns),
        c.router_cost_usd));
  std::string rule;
  switch (c.route) {
    case HybridRoute::kLabel:
      rule = fmt::format(
          "requests whose trace label is >= {} go to {}, the rest (unlabelled "
          "ones included) to {}",
          c.label_threshold, expensive, cheap);
      break;
    case HybridRoute::kProbability:
      rule = fmt::format("{:g}% of requests (drawn per request) go to {}, the rest to {}",
                         c.expensive_fraction * 100, expensive, cheap);
      break;
    case HybridRoute::kInputTokens:
      rule = fmt::format("prompts over {} tokens go to {}, the rest to {}", c.input_tokens_over,
                         expensive, cheap);
      break;
  }
  if (c.offline_fraction > 0)
    rule = (c.route == HybridRoute::kProbability && c.expensive_fraction == 0
                ? fmt::format("every request goes to {}", cheap)
                : rule) +
           fmt::format(", except the {:g}% (drawn per request) that find {} offline and go to {}",
                       c.offline_fraction * 100, cheap, expensive);
  out->push_back(fmt::format("{}: classify: {}; the router adds {} and ${:g} per request", label,
                             rule, Ms(c.router_latency_ns), c.router_cost_usd));
}

void HybridNode::Notes(const TreeBill& bill, std::vector<std::string>* out) const {
  const HybridStats& s = node->stats();
  if (node->config().mode == HybridMode::kCascade)
    return out->push_back(
        fmt::format("{}: {} of {} requests escalated ({}), {} of them after a failed cheap "
                    "answer; router/check charges ${:.4f}",
                    label, s.to_expensive, s.requests, Pct(s.to_expensive, s.requests),
                    s.escalated_after_failure, s.router_cost_usd));
  out->push_back(
      fmt::format("{}: routed {} requests ({}) to {} and {} ({}) to {}{}; router charges ${:.4f}",
                  label, s.to_cheap, Pct(s.to_cheap, s.requests), cheap, s.to_expensive,
                  Pct(s.to_expensive, s.requests), expensive,
                  node->config().offline_fraction > 0
                      ? fmt::format(", {} of them because {} was offline", s.offline, cheap)
                      : std::string(),
                  s.router_cost_usd));
}

void FailoverNode::Assumptions(std::vector<std::string>* out) const {
  const FailoverConfig& c = node->config();
  out->push_back(fmt::format(
      "{}: failover chain {}; each target tried {} time(s) before the next; {}; when every "
      "target has failed, {}",
      label, fmt::join(chain, " -> "), c.retries + 1,
      c.timeout_ns > 0 ? fmt::format("an attempt whose whole answer has not arrived after {:g} s "
                                     "is abandoned (its charges still count)",
                                     NsToSeconds(c.timeout_ns))
                       : std::string("no timeout"),
      c.cached_last_resort ? "a stored generic answer is served at once at no cost (degraded)"
                           : "the request fails"));
}

void FailoverNode::Notes(const TreeBill& bill, std::vector<std::string>* out) const {
  const FailoverStats& s = node->stats();
  int64_t answered = 0, timeouts = 0;
  std::string served;
  for (size_t i = 0; i < chain.size(); ++i) {
    answered += s.answered[i];
    timeouts += s.timeouts[i];
    served += fmt::format("{}{} {}", served.empty() ? "" : ", ", chain[i], s.answered[i]);
  }
  const int64_t total = answered + s.degraded + s.failed;
  std::string line = fmt::format(
      "{}: availability {} ({} of {} answered{}); served: {}; {} failed after the whole chain",
      label, Pct(answered + s.degraded, total), answered + s.degraded, total,
      s.degraded ? fmt::format(", {} of them by the cached-response last resort", s.degraded) : "",
      served, s.failed);
  if (timeouts || s.late_answers)
    line +=
        fmt::format("; {} attempts timed out, {} late answers discarded (${:.4f} paid for them)",
                    timeouts, s.late_answers, s.abandoned_cost_usd);
  out->push_back(std::move(line));
}

void CacheNode::Assumptions(std::vector<std::string>* out) const {
  const ResponseCacheConfig& k = node->config();
  out->push_back(fmt::format(
      "{}: exact-match response cache, {}; hits cost nothing and arrive whole after the {} edge "
      "round trip; misses go on unchanged",
      label,
      k.fixed_rate ? fmt::format("hit rate {:g}% (drawn per request)", k.hit_rate * 100)
                   : std::string("hits from repeated prompts in the trace (the same input length "
                                 "and prefix hashes covering the whole prompt), from the moment "
                                 "the first answer to that prompt has finished"),
      Ms(k.edge_rtt_ns)));
}

void CacheNode::Notes(const TreeBill& bill, std::vector<std::string>* out) const {
  const ResponseCacheStats& s = node->stats();
  std::string line = fmt::format("{}: response cache {} hits ({}), {} misses", label, s.hits,
                                 Pct(s.hits, s.hits + s.misses), s.misses);
  if (!node->config().fixed_rate && s.keyless == s.hits + s.misses && s.keyless > 0)
    line +=
        "; the trace has no prefix hashes covering its prompts, so nothing can hit (give "
        "hit_rate to model a hit rate)";
  else if (s.keyless > 0)
    line +=
        fmt::format("; {} requests without hashes covering the prompt could not hit", s.keyless);
  out->push_back(std::move(line));
}

void RouterNode::Assumptions(std::vector<std::string>* out) const {
  const MultiRegionSpec& m = *spec;
  std::string users;
  for (size_t u = 0; u < m.users.size(); ++u) {
    if (m.users_from_trace)
      users += fmt::format("{}{} = {}", u ? ", " : "", u, m.users[u].region);
    else
      users += fmt::format("{}{} {:g}%", u ? ", " : "", m.users[u].region, m.users[u].share * 100);
  }
  users = m.users_from_trace ? fmt::format("users from the trace's region column ({}; missing: {})",
                                           users, m.users[0].region)
                             : fmt::format("users {} (drawn per request)", users);
  const char* rule = m.routing == RegionRouting::kNearest
                         ? "nearest: the lowest round trip among allowed deployments"
                     : m.routing == RegionRouting::kLowestLatency
                         ? "lowest_latency: the lowest round trip + recent TTFT at the deployment"
                         : "failover: the nearest healthy deployment; a failure marks it down and "
                           "the request moves to the next nearest";
  std::string rtts;
  for (size_t u = 0; u < m.users.size(); ++u)
    for (size_t d = 0; d < m.deployments.size(); ++d)
      if (m.rtt_s[u][d] >= 0)
        rtts += fmt::format("{}{}->{} {:g} ms", rtts.empty() ? "" : ", ", m.users[u].region,
                            m.deployments[d].region, m.rtt_s[u][d] * 1e3);
  out->push_back(fmt::format(
      "{}: {}; deployments {}; routing {}; {}; round trips (catalog/regions.toml) {}, added "
      "between the users and every deployment, API or self-hosted (half each way)",
      label, users, fmt::join(deployments, ", "), rule,
      residency.empty() ? "no residency rule" : residency, rtts.empty() ? "none" : rtts));
}

void RouterNode::Notes(const TreeBill& bill, std::vector<std::string>* out) const {
  const MultiRegionSpec& m = *spec;
  const RegionRouterStats& s = node->stats();
  for (size_t u = 0; u < m.users.size(); ++u) {
    std::string served;
    for (size_t d = 0; d < m.deployments.size(); ++d)
      if (s.answered[u][d])
        served +=
            fmt::format("{}{} in {}", served.empty() ? "" : ", ", s.answered[u][d], deployments[d]);
    std::string line =
        fmt::format("{}: users in {}: {} requests; answered {}", label, m.users[u].region,
                    s.requests[u], served.empty() ? "none" : served);
    if (s.refused[u])
      line += fmt::format("; {} failed: no deployment residency allows", s.refused[u]);
    if (s.failed[u]) line += fmt::format("; {} failed where they were sent", s.failed[u]);
    out->push_back(line);
  }
  if (s.failovers)
    out->push_back(
        fmt::format("{}: {} moves to another region after a failure", label, s.failovers));
  if (s.unknown_region)
    out->push_back(fmt::format("{}: {} trace requests had no known region and were counted as {}",
                               label, s.unknown_region, m.users[0].region));
}

}  // namespace plan
