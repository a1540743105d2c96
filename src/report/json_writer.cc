// plan.report/v1 as JSON. Keys keep the contract's order (ordered_json) and numbers print in
// their shortest round-trip form, so equal reports give byte-identical files.
#include "report/writers.h"

namespace plan {

using nlohmann::ordered_json;

namespace {
ordered_json StatsToJson(const LatencyStats& s) {
  return ordered_json{
      {"mean", s.mean}, {"p50", s.p50}, {"p90", s.p90}, {"p99", s.p99}, {"max", s.max}};
}

}  // namespace

ordered_json SloToJson(const SloSpec& slo) {
  ordered_json j = ordered_json::object();
  if (slo.ttft_p99_s) j["ttft_p99_s"] = *slo.ttft_p99_s;
  if (slo.tpot_p99_s) j["tpot_p99_s"] = *slo.tpot_p99_s;
  if (slo.e2e_p99_s) j["e2e_p99_s"] = *slo.e2e_p99_s;
  return j;
}

ordered_json RangeToJson(const CandidateFidelity::Range& r) {
  return ordered_json{{"low", r.low}, {"high", r.high}};
}

// Written when recorded (basis set); bounds when computed.
ordered_json FidelityToJson(const CandidateFidelity& f) {
  ordered_json j;
  j["basis"] = f.basis;
  j["error_pct"] = f.error_pct;
  j["leaves"] = ordered_json::array();
  for (const CandidateFidelity::Leaf& l : f.leaves)
    j["leaves"].push_back(ordered_json{{"subject", l.subject},
                                       {"basis", l.basis},
                                       {"error_pct", l.error_pct},
                                       {"speed_error_pct", l.speed_error_pct},
                                       {"evidence", l.evidence}});
  if (f.bounded) {
    const CandidateFidelity::Bounds& b = f.bounds;
    j["bounds"] = ordered_json{{"total_usd", RangeToJson(b.total_usd)},
                               {"usd_per_month", RangeToJson(b.usd_per_month)},
                               {"usd_per_million_tokens", RangeToJson(b.usd_per_million_tokens)},
                               {"output_tokens_per_s", RangeToJson(b.output_tokens_per_s)},
                               {"ttft_p50_s", RangeToJson(b.ttft_p50_s)},
                               {"ttft_p99_s", RangeToJson(b.ttft_p99_s)},
                               {"tpot_p50_s", RangeToJson(b.tpot_p50_s)},
                               {"tpot_p99_s", RangeToJson(b.tpot_p99_s)},
                               {"e2e_p50_s", RangeToJson(b.e2e_p50_s)},
                               {"e2e_p99_s", RangeToJson(b.e2e_p99_s)},
                               {"slo_attainment", RangeToJson(b.slo_attainment)},
                               {"slo_met_fast", b.slo_met_fast},
                               {"slo_met_slow", b.slo_met_slow}};
  }
  return j;
}

ordered_json CandidateToJson(const CandidateRow& row) {
  ordered_json j;
  j["name"] = row.name;
  j["kind"] = row.kind;
  j["requests"] = {{"total", row.requests.total},
                   {"completed", row.requests.completed},
                   {"failed", row.requests.failed}};
  j["latency"] = {{"ttft_s", StatsToJson(row.latency.ttft_s)},
                  {"tpot_s", StatsToJson(row.latency.tpot_s)},
                  {"e2e_s", StatsToJson(row.latency.e2e_s)},
                  {"queue_s", StatsToJson(row.latency.queue_s)}};
  j["throughput"] = {{"requests_per_s", row.throughput.requests_per_s},
                     {"input_tokens_per_s", row.throughput.input_tokens_per_s},
                     {"output_tokens_per_s", row.throughput.output_tokens_per_s}};
  j["slo"] = {{"attainment", row.slo.attainment},
              {"goodput_requests_per_s", row.slo.goodput_requests_per_s},
              {"met", row.slo.met},
              {"misses", row.slo.misses}};
  j["cost"] = {{"total_usd", row.cost.total_usd},
               {"usd_per_hour", row.cost.usd_per_hour},
               {"usd_per_month", row.cost.usd_per_month},
               {"usd_per_million_tokens", row.cost.usd_per_million_tokens},
               {"usd_per_request", row.cost.usd_per_request},
               {"energy_kwh", row.cost.energy_kwh}};
  j["resources"] = {{"gpus", row.resources.gpus},
                    {"replicas", row.resources.replicas},
                    {"gpu_utilization", row.resources.gpu_utilization},
                    {"kv_cache_peak_fraction", row.resources.kv_cache_peak_fraction},
                    {"preemptions", row.resources.preemptions},
                    {"prefix_cache_hit_fraction", row.resources.prefix_cache_hit_fraction}};
  j["load"] = {{"arrival_span_s", row.load.arrival_span_s},
               {"backlog", row.load.backlog},
               {"drain_s", row.load.drain_s},
               {"overloaded", row.load.overloaded},
               {"offered_requests_per_s", row.load.offered_requests_per_s},
               {"capacity_requests_per_s", row.load.capacity_requests_per_s}};
  if (!row.load.capacity_limit.empty()) j["load"]["capacity_limit"] = row.load.capacity_limit;
  if (LoadFraction(row.load) > 0) j["load"]["utilization"] = LoadFraction(row.load);
  if (!row.stopped.reason.empty())
    j["stopped"] = {{"at_s", row.stopped.at_s},
                    {"reason", row.stopped.reason},
                    {"ttft_p99_at_least_s", row.stopped.ttft_p99_at_least_s},
                    {"tpot_p99_at_least_s", row.stopped.tpot_p99_at_least_s}};
  if (row.stopped.in_window) j["stopped"]["in_window"] = true;
  // Optional fields are written only when there is something in them.
  if (row.headroom.computed)
    j["headroom"] = {{"offered_requests_per_s", row.headroom.offered_requests_per_s},
                     {"meets_requests_per_s", row.headroom.meets_requests_per_s},
                     {"misses_requests_per_s", row.headroom.misses_requests_per_s}};
  if (row.interruptions.modelled)
    j["interruptions"] = {
        {"count", row.interruptions.count},
        {"requests_restarted", row.interruptions.requests_restarted},
        {"recomputed_prefill_tokens", row.interruptions.recomputed_prefill_tokens},
        {"recomputed_decode_tokens", row.interruptions.recomputed_decode_tokens},
        {"recomputed_cost_usd", row.interruptions.recomputed_cost_usd}};
  if (row.lora.modelled)
    j["lora"] = {{"adapters", row.lora.adapters},
                 {"loads", row.lora.loads},
                 {"disk_loads", row.lora.disk_loads}};
  if (!row.latency_cdf.empty()) {
    ordered_json cdf = ordered_json::array();
    for (const LatencyCdfPoint& p : row.latency_cdf) {
      ordered_json point = {{"q", p.q}, {"ttft_s", p.ttft_s}, {"e2e_s", p.e2e_s}};
      if (p.tpot_s) point["tpot_s"] = *p.tpot_s;
      cdf.push_back(std::move(point));
    }
    j["latency_cdf"] = std::move(cdf);
  }
  j["assumptions"] = row.assumptions;
  j["notes"] = row.notes;
  if (!row.models.empty()) j["models"] = row.models;
  if (!row.excluded.empty()) j["excluded"] = row.excluded;
  if (!row.fidelity.basis.empty() || row.fidelity.bounded)
    j["fidelity"] = FidelityToJson(row.fidelity);
  if (!row.tiers.empty()) {
    j["tiers"] = ordered_json::array();
    for (const CandidateRow::Tier& t : row.tiers) {
      ordered_json tj{
          {"name", t.name}, {"requests", t.requests}, {"share", t.share}, {"cost_usd", t.cost_usd}};
      if (t.ttft_p99_s > 0) tj["ttft_s"] = {{"p50", t.ttft_p50_s}, {"p99", t.ttft_p99_s}};
      if (t.tpot_p99_s > 0) tj["tpot_s"] = {{"p50", t.tpot_p50_s}, {"p99", t.tpot_p99_s}};
      j["tiers"].push_back(std::move(tj));
    }
  }
  return j;
}

ordered_json ReportToJson(const Report& report) {
  ordered_json j;
  j["schema"] = report.schema;
  j["plan_version"] = report.plan_version;
  j["scenario"] = report.scenario;
  j["seed"] = report.seed;
  j["slo"] = SloToJson(report.slo);
  if (!report.require.empty()) j["require"] = report.require;
  j["candidates"] = ordered_json::array();
  for (const CandidateRow& row : report.candidates) j["candidates"].push_back(CandidateToJson(row));
  j["recommendation"] =
      report.recommendation.empty() ? ordered_json(nullptr) : ordered_json(report.recommendation);
  if (!report.robustness.empty()) j["robustness"] = report.robustness;
  j["warnings"] = report.warnings;
  return j;
}

std::string RenderJson(const Report& report) { return ReportToJson(report).dump(2) + "\n"; }

}  // namespace plan
