// The sentences a report prints about a composite candidate's inner nodes: how each routes
// (assumptions) and what it did (notes).
#include <fmt/format.h>
#include <fmt/ranges.h>

#include "arch/target_tree.h"

namespace plan {

namespace {

std::string Pct(int64_t part, int64_t whole) {
  return fmt::format("{:.1f}%", whole > 0 ? 100.0 * static_cast<double>(part) / whole : 0.0);
}

std::string Ms(TimeNs ns) { return fmt::format("{:g} ms", NsToSeconds(ns) * 1e3); }

std::string HybridAssumption(const HybridNode& h) {
  const HybridConfig& c = h.node->config();
  if (c.mode == HybridMode::kCascade)
    return fmt::format(
        "{}: cascade: every request goes to {} first; {:g}% (drawn per request) and every failed "
        "cheap answer escalate to {} once the cheap answer has finished, paying both tiers; an "
        "escalated request's TTFT = cheap e2e + {} (the check) + expensive TTFT; the check "
        "costs ${:g} per request",
        h.label, h.cheap, c.escalate_fraction * 100, h.expensive, Ms(c.router_latency_ns),
        c.router_cost_usd);
  std::string rule;
  switch (c.route) {
    case HybridRoute::kLabel:
      rule = fmt::format(
          "requests whose trace label is >= {} go to {}, the rest (unlabelled "
          "ones included) to {}",
          c.label_threshold, h.expensive, h.cheap);
      break;
    case HybridRoute::kProbability:
      rule = fmt::format("{:g}% of requests (drawn per request) go to {}, the rest to {}",
                         c.expensive_fraction * 100, h.expensive, h.cheap);
      break;
    case HybridRoute::kInputTokens:
      rule = fmt::format("prompts over {} tokens go to {}, the rest to {}", c.input_tokens_over,
                         h.expensive, h.cheap);
      break;
  }
  return fmt::format("{}: classify: {}; the router adds {} and ${:g} per request", h.label, rule,
                     Ms(c.router_latency_ns), c.router_cost_usd);
}

std::string HybridNote(const HybridNode& h) {
  const HybridStats& s = h.node->stats();
  if (h.node->config().mode == HybridMode::kCascade)
    return fmt::format(
        "{}: {} of {} requests escalated ({}), {} of them after a failed cheap "
        "answer; router/check charges ${:.4f}",
        h.label, s.to_expensive, s.requests, Pct(s.to_expensive, s.requests),
        s.escalated_after_failure, s.router_cost_usd);
  return fmt::format("{}: routed {} requests ({}) to {} and {} ({}) to {}; router charges ${:.4f}",
                     h.label, s.to_cheap, Pct(s.to_cheap, s.requests), h.cheap, s.to_expensive,
                     Pct(s.to_expensive, s.requests), h.expensive, s.router_cost_usd);
}

std::string FailoverAssumption(const FailoverNode& f) {
  const FailoverConfig& c = f.node->config();
  return fmt::format(
      "{}: failover chain {}; each target tried {} time(s) before the next; {}; when every "
      "target has failed, {}",
      f.label, fmt::join(f.chain, " -> "), c.retries + 1,
      c.timeout_ns > 0 ? fmt::format("an attempt whose whole answer has not arrived after {:g} s "
                                     "is abandoned (its charges still count)",
                                     NsToSeconds(c.timeout_ns))
                       : std::string("no timeout"),
      c.cached_last_resort ? "a stored generic answer is served at once at no cost (degraded)"
                           : "the request fails");
}

std::string FailoverNote(const FailoverNode& f) {
  const FailoverStats& s = f.node->stats();
  int64_t answered = 0, timeouts = 0;
  std::string served;
  for (size_t i = 0; i < f.chain.size(); ++i) {
    answered += s.answered[i];
    timeouts += s.timeouts[i];
    served += fmt::format("{}{} {}", served.empty() ? "" : ", ", f.chain[i], s.answered[i]);
  }
  const int64_t total = answered + s.degraded + s.failed;
  std::string out = fmt::format(
      "{}: availability {} ({} of {} answered{}); served: {}; {} failed after the whole chain",
      f.label, Pct(answered + s.degraded, total), answered + s.degraded, total,
      s.degraded ? fmt::format(", {} of them by the cached-response last resort", s.degraded) : "",
      served, s.failed);
  if (timeouts || s.late_answers)
    out += fmt::format("; {} attempts timed out, {} late answers discarded (${:.4f} paid for them)",
                       timeouts, s.late_answers, s.abandoned_cost_usd);
  return out;
}

std::string CacheAssumption(const CacheNode& c) {
  const ResponseCacheConfig& k = c.node->config();
  return fmt::format(
      "{}: exact-match response cache, {}; hits cost nothing and arrive whole after the {} edge "
      "round trip; misses go on unchanged",
      c.label,
      k.fixed_rate ? fmt::format("hit rate {:g}% (drawn per request)", k.hit_rate * 100)
                   : std::string("hits from repeated prompts in the trace (the same input length "
                                 "and prefix hashes covering the whole prompt), from the moment "
                                 "the first answer to that prompt has finished"),
      Ms(k.edge_rtt_ns));
}

std::string CacheNote(const CacheNode& c) {
  const ResponseCacheStats& s = c.node->stats();
  std::string out = fmt::format("{}: response cache {} hits ({}), {} misses", c.label, s.hits,
                                Pct(s.hits, s.hits + s.misses), s.misses);
  if (!c.node->config().fixed_rate && s.keyless == s.hits + s.misses && s.keyless > 0)
    out +=
        "; the trace has no prefix hashes covering its prompts, so nothing can hit (give "
        "hit_rate to model a hit rate)";
  else if (s.keyless > 0)
    out += fmt::format("; {} requests without hashes covering the prompt could not hit", s.keyless);
  return out;
}

std::string RouterAssumption(const RouterNode& r, const Catalog& catalog) {
  const MultiRegionSpec& m = *r.spec;
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
  std::string residency = ResidencyDescription(m, catalog);
  return fmt::format(
      "{}: {}; deployments {}; routing {}; {}; round trips (catalog/regions.toml) {}, added "
      "between the users and every deployment, API or self-hosted (half each way)",
      r.label, users, fmt::join(r.deployments, ", "), rule,
      residency.empty() ? "no residency rule" : residency, rtts.empty() ? "none" : rtts);
}

std::vector<std::string> RouterNotes(const RouterNode& r) {
  const MultiRegionSpec& m = *r.spec;
  const RegionRouterStats& s = r.node->stats();
  std::vector<std::string> out;
  for (size_t u = 0; u < m.users.size(); ++u) {
    std::string served;
    for (size_t d = 0; d < m.deployments.size(); ++d)
      if (s.answered[u][d])
        served += fmt::format("{}{} in {}", served.empty() ? "" : ", ", s.answered[u][d],
                              r.deployments[d]);
    std::string line =
        fmt::format("{}: users in {}: {} requests; answered {}", r.label, m.users[u].region,
                    s.requests[u], served.empty() ? "none" : served);
    if (s.refused[u])
      line += fmt::format("; {} failed: no deployment residency allows", s.refused[u]);
    if (s.failed[u]) line += fmt::format("; {} failed where they were sent", s.failed[u]);
    out.push_back(line);
  }
  if (s.failovers)
    out.push_back(
        fmt::format("{}: {} moves to another region after a failure", r.label, s.failovers));
  if (s.unknown_region)
    out.push_back(fmt::format("{}: {} trace requests had no known region and were counted as {}",
                              r.label, s.unknown_region, m.users[0].region));
  return out;
}

}  // namespace

std::vector<std::string> TargetTree::Assumptions(const Catalog& catalog) const {
  std::vector<std::string> out;
  for (const auto& r : routers_) out.push_back(RouterAssumption(*r, catalog));
  for (const auto& h : hybrids_) out.push_back(HybridAssumption(*h));
  for (const auto& f : failovers_) out.push_back(FailoverAssumption(*f));
  for (const auto& c : caches_) out.push_back(CacheAssumption(*c));
  return out;
}

std::vector<std::string> TargetTree::Notes() const {
  std::vector<std::string> out;
  for (const auto& f : fleets_) {
    const std::string prefix = composite() ? f->label + ": " : "";
    const SelfHostedSpec& s = f->build->spec();
    if (uint64_t n = f->fleet->rejected_over_context())
      out.push_back(fmt::format(
          "{}{} requests failed: their prompts fill the {}-token context of {}, so an engine "
          "rejects them",
          prefix, n, f->build->max_total_tokens(), s.model));
    if (uint64_t n = f->fleet->rejected_over_kv())
      out.push_back(fmt::format(
          "{}{} requests failed: prompt and output together never fit the KV cache of a replica "
          "({} tokens)",
          prefix, n, f->build->step_model().memory().kv_capacity_tokens));
  }
  for (const auto& r : routers_)
    for (std::string& line : RouterNotes(*r)) out.push_back(std::move(line));
  for (const auto& h : hybrids_) out.push_back(HybridNote(*h));
  for (const auto& f : failovers_) out.push_back(FailoverNote(*f));
  for (const auto& c : caches_) out.push_back(CacheNote(*c));
  return out;
}

}  // namespace plan
