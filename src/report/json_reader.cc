// Reads plan.report/v1 back (for `plan diff` and `plan merge`). Fields the contract requires
// must be present with the right type; fields added to v1 since (slo echo, slo.met, slo.misses,
// cost.energy_kwh, assumptions, notes, tiers, warnings, latency_cdf, load, headroom, interruptions,
// models, excluded, require, fidelity, robustness) default when absent; unknown fields are
// ignored, as a later v1 may add more. Every problem is collected before failing.
#include <fmt/format.h>

#include <nlohmann/json.hpp>

#include <tuple>

#include "report/json_in.h"
#include "report/report.h"

namespace plan {

using nlohmann::json;

namespace {

void ReadStats(JsonIn& in, const json& latency, const std::string& ptr, const char* key,
               LatencyStats* s) {
  const json* j = in.Object(latency, ptr, key);
  if (!j) return;
  const std::string p = ptr + "/" + key;
  in.Number(*j, p, "mean", &s->mean);
  in.Number(*j, p, "p50", &s->p50);
  in.Number(*j, p, "p90", &s->p90);
  in.Number(*j, p, "p99", &s->p99);
  in.Number(*j, p, "max", &s->max);
}

void ReadRange(JsonIn& in, const json& bounds, const std::string& ptr, const char* key,
               CandidateFidelity::Range* r) {
  const json* j = in.Object(bounds, ptr, key);
  if (!j) return;
  in.Number(*j, ptr + "/" + key, "low", &r->low);
  in.Number(*j, ptr + "/" + key, "high", &r->high);
}

// The optional fidelity object (issue 10's addition to v1).
void ReadFidelity(JsonIn& in, const json& j, const std::string& ptr, CandidateFidelity* f) {
  in.String(j, ptr, "basis", &f->basis);
  in.Number(j, ptr, "error_pct", &f->error_pct);
  if (const json* leaves = in.Array(j, ptr, "leaves", /*required=*/false)) {
    for (size_t i = 0; i < leaves->size(); ++i) {
      const std::string p = fmt::format("{}/leaves/{}", ptr, i);
      const json& l = (*leaves)[i];
      if (!l.is_object()) {
        in.Error(p, "expected an object, got " + std::string(l.type_name()));
        continue;
      }
      CandidateFidelity::Leaf leaf;
      in.String(l, p, "subject", &leaf.subject);
      in.String(l, p, "basis", &leaf.basis);
      in.Number(l, p, "error_pct", &leaf.error_pct);
      in.Number(l, p, "speed_error_pct", &leaf.speed_error_pct);
      in.String(l, p, "evidence", &leaf.evidence);
      f->leaves.push_back(std::move(leaf));
    }
  }
  const json* b = in.Object(j, ptr, "bounds", /*required=*/false);
  if (!b) return;
  const std::string p = ptr + "/bounds";
  CandidateFidelity::Bounds& x = f->bounds;
  f->bounded = true;
  ReadRange(in, *b, p, "total_usd", &x.total_usd);
  ReadRange(in, *b, p, "usd_per_month", &x.usd_per_month);
  ReadRange(in, *b, p, "usd_per_million_tokens", &x.usd_per_million_tokens);
  ReadRange(in, *b, p, "output_tokens_per_s", &x.output_tokens_per_s);
  ReadRange(in, *b, p, "ttft_p50_s", &x.ttft_p50_s);
  ReadRange(in, *b, p, "ttft_p99_s", &x.ttft_p99_s);
  ReadRange(in, *b, p, "tpot_p50_s", &x.tpot_p50_s);
  ReadRange(in, *b, p, "tpot_p99_s", &x.tpot_p99_s);
  ReadRange(in, *b, p, "e2e_p50_s", &x.e2e_p50_s);
  ReadRange(in, *b, p, "e2e_p99_s", &x.e2e_p99_s);
  ReadRange(in, *b, p, "slo_attainment", &x.slo_attainment);
  in.Bool(*b, p, "slo_met_fast", &x.slo_met_fast);
  in.Bool(*b, p, "slo_met_slow", &x.slo_met_slow);
}

}  // namespace

CandidateRow ReadCandidate(JsonIn& in, const json& j, const std::string& ptr) {
  CandidateRow row;
  in.String(j, ptr, "name", &row.name);
  in.String(j, ptr, "kind", &row.kind);
  if (const json* r = in.Object(j, ptr, "requests")) {
    in.Integer(*r, ptr + "/requests", "total", &row.requests.total);
    in.Integer(*r, ptr + "/requests", "completed", &row.requests.completed);
    in.Integer(*r, ptr + "/requests", "failed", &row.requests.failed);
  }
  if (const json* l = in.Object(j, ptr, "latency")) {
    const std::string p = ptr + "/latency";
    ReadStats(in, *l, p, "ttft_s", &row.latency.ttft_s);
    ReadStats(in, *l, p, "tpot_s", &row.latency.tpot_s);
    ReadStats(in, *l, p, "e2e_s", &row.latency.e2e_s);
    ReadStats(in, *l, p, "queue_s", &row.latency.queue_s);
  }
  if (const json* t = in.Object(j, ptr, "throughput")) {
    const std::string p = ptr + "/throughput";
    in.Number(*t, p, "requests_per_s", &row.throughput.requests_per_s);
    in.Number(*t, p, "input_tokens_per_s", &row.throughput.input_tokens_per_s);
    in.Number(*t, p, "output_tokens_per_s", &row.throughput.output_tokens_per_s);
  }
  if (const json* s = in.Object(j, ptr, "slo")) {
    in.Number(*s, ptr + "/slo", "attainment", &row.slo.attainment);
    in.Number(*s, ptr + "/slo", "goodput_requests_per_s", &row.slo.goodput_requests_per_s);
    in.Bool(*s, ptr + "/slo", "met", &row.slo.met);
    in.Strings(*s, ptr + "/slo", "misses", &row.slo.misses);
  }
  if (const json* c = in.Object(j, ptr, "cost")) {
    const std::string p = ptr + "/cost";
    in.Number(*c, p, "total_usd", &row.cost.total_usd);
    in.Number(*c, p, "usd_per_hour", &row.cost.usd_per_hour);
    in.Number(*c, p, "usd_per_month", &row.cost.usd_per_month);
    in.Number(*c, p, "usd_per_million_tokens", &row.cost.usd_per_million_tokens);
    in.Number(*c, p, "usd_per_request", &row.cost.usd_per_request);
    in.Number(*c, p, "energy_kwh", &row.cost.energy_kwh, /*required=*/false);
  }
  if (const json* r = in.Object(j, ptr, "resources")) {
    const std::string p = ptr + "/resources";
    in.Integer(*r, p, "gpus", &row.resources.gpus);
    in.Integer(*r, p, "replicas", &row.resources.replicas);
    in.Number(*r, p, "gpu_utilization", &row.resources.gpu_utilization);
    in.Number(*r, p, "kv_cache_peak_fraction", &row.resources.kv_cache_peak_fraction);
    in.Integer(*r, p, "preemptions", &row.resources.preemptions);
    if (r->contains("prefix_cache_hit_fraction"))
      in.Number(*r, p, "prefix_cache_hit_fraction", &row.resources.prefix_cache_hit_fraction);
  }
  if (const json* cdf = in.Array(j, ptr, "latency_cdf", /*required=*/false)) {
    for (size_t i = 0; i < cdf->size(); ++i) {
      const std::string p = fmt::format("{}/latency_cdf/{}", ptr, i);
      LatencyCdfPoint point;
      in.Number((*cdf)[i], p, "q", &point.q);
      in.Number((*cdf)[i], p, "ttft_s", &point.ttft_s);
      in.Number((*cdf)[i], p, "e2e_s", &point.e2e_s);
      if ((*cdf)[i].is_object() && (*cdf)[i].contains("tpot_s")) {
        point.tpot_s = 0;
        in.Number((*cdf)[i], p, "tpot_s", &*point.tpot_s);
      }
      row.latency_cdf.push_back(point);
    }
  }
  in.Strings(j, ptr, "assumptions", &row.assumptions);
  in.Strings(j, ptr, "notes", &row.notes);
  if (const json* l = in.Object(j, ptr, "load", /*required=*/false)) {
    const std::string p = ptr + "/load";
    in.Number(*l, p, "arrival_span_s", &row.load.arrival_span_s);
    in.Integer(*l, p, "backlog", &row.load.backlog);
    in.Number(*l, p, "drain_s", &row.load.drain_s);
    in.Bool(*l, p, "overloaded", &row.load.overloaded);
    in.Number(*l, p, "offered_requests_per_s", &row.load.offered_requests_per_s, false);
    in.Number(*l, p, "capacity_requests_per_s", &row.load.capacity_requests_per_s, false);
    if (l->is_object() && l->contains("capacity_limit"))
      in.String(*l, p, "capacity_limit", &row.load.capacity_limit);
  }
  if (const json* st = in.Object(j, ptr, "stopped", /*required=*/false)) {
    const std::string p = ptr + "/stopped";
    in.Number(*st, p, "at_s", &row.stopped.at_s);
    in.String(*st, p, "reason", &row.stopped.reason);
    in.Number(*st, p, "ttft_p99_at_least_s", &row.stopped.ttft_p99_at_least_s);
    in.Number(*st, p, "tpot_p99_at_least_s", &row.stopped.tpot_p99_at_least_s);
    in.Bool(*st, p, "in_window", &row.stopped.in_window);
  }
  if (const json* h = in.Object(j, ptr, "headroom", /*required=*/false)) {
    const std::string p = ptr + "/headroom";
    row.headroom.computed = true;
    in.Number(*h, p, "offered_requests_per_s", &row.headroom.offered_requests_per_s);
    in.Number(*h, p, "meets_requests_per_s", &row.headroom.meets_requests_per_s);
    in.Number(*h, p, "misses_requests_per_s", &row.headroom.misses_requests_per_s);
  }
  if (const json* x = in.Object(j, ptr, "interruptions", /*required=*/false)) {
    const std::string p = ptr + "/interruptions";
    CandidateRow::Interruptions& i = row.interruptions;
    i.modelled = true;
    in.Integer(*x, p, "count", &i.count);
    in.Integer(*x, p, "requests_restarted", &i.requests_restarted);
    in.Integer(*x, p, "recomputed_prefill_tokens", &i.recomputed_prefill_tokens);
    in.Integer(*x, p, "recomputed_decode_tokens", &i.recomputed_decode_tokens);
    in.Number(*x, p, "recomputed_cost_usd", &i.recomputed_cost_usd);
  }
  if (const json* x = in.Object(j, ptr, "lora", /*required=*/false)) {
    const std::string p = ptr + "/lora";
    row.lora.modelled = true;
    in.Integer(*x, p, "adapters", &row.lora.adapters);
    in.Integer(*x, p, "loads", &row.lora.loads);
    in.Integer(*x, p, "disk_loads", &row.lora.disk_loads);
  }
  in.Strings(j, ptr, "models", &row.models);
  in.Strings(j, ptr, "excluded", &row.excluded);
  if (const json* f = in.Object(j, ptr, "fidelity", /*required=*/false))
    ReadFidelity(in, *f, ptr + "/fidelity", &row.fidelity);
  if (const json* tiers = in.Member(j, ptr, "tiers", false)) {
    if (!tiers->is_array()) {
      in.Error(ptr + "/tiers", "expected an array, got " + std::string(tiers->type_name()));
    } else {
      for (size_t i = 0; i < tiers->size(); ++i) {
        const std::string p = fmt::format("{}/tiers/{}", ptr, i);
        const json& t = (*tiers)[i];
        if (!t.is_object()) {
          in.Error(p, "expected an object, got " + std::string(t.type_name()));
          continue;
        }
        CandidateRow::Tier tier;
        in.String(t, p, "name", &tier.name);
        in.Integer(t, p, "requests", &tier.requests);
        in.Number(t, p, "share", &tier.share);
        in.Number(t, p, "cost_usd", &tier.cost_usd);
        for (auto [key, p50, p99] : {std::tuple{"ttft_s", &tier.ttft_p50_s, &tier.ttft_p99_s},
                                     std::tuple{"tpot_s", &tier.tpot_p50_s, &tier.tpot_p99_s}}) {
          if (const json* l = in.Member(t, p, key, false)) {
            in.Number(*l, p + "/" + key, "p50", p50);
            in.Number(*l, p + "/" + key, "p99", p99);
          }
        }
        row.tiers.push_back(std::move(tier));
      }
    }
  }
  return row;
}

void ReadSlo(JsonIn& in, const json& j, SloSpec* slo) {
  const json* s = in.Object(j, "", "slo", /*required=*/false);
  if (!s) return;
  auto bound = [&](const char* key, std::optional<double>* out) {
    double v = 0;
    if (!s->contains(key)) return;
    in.Number(*s, "/slo", key, &v);
    *out = v;
  };
  bound("ttft_p99_s", &slo->ttft_p99_s);
  bound("tpot_p99_s", &slo->tpot_p99_s);
  bound("e2e_p99_s", &slo->e2e_p99_s);
}

Result<Report> ReadReportJson(const std::string& text, const std::string& path) {
  Result<json> parsed = ParseJson(text, path);
  if (!parsed.ok()) return parsed.status();
  const json& j = *parsed;
  JsonIn in(path);
  if (!j.is_object()) {
    in.Error("", std::string("expected a report object, got ") + j.type_name());
    return Status::Invalid(in.errors());
  }
  Report report;
  in.String(j, "", "schema", &report.schema);
  if (in.errors().empty() && report.schema != kReportSchema) {
    in.Error("/schema", fmt::format("unsupported schema '{}' (this plan reads {})", report.schema,
                                    kReportSchema));
    return Status::Invalid(in.errors());
  }
  in.String(j, "", "plan_version", &report.plan_version);
  in.String(j, "", "scenario", &report.scenario);
  in.Integer(j, "", "seed", &report.seed);
  ReadSlo(in, j, &report.slo);
  if (const json* c = in.Member(j, "", "candidates", true)) {
    if (!c->is_array()) {
      in.Error("/candidates", "expected an array, got " + std::string(c->type_name()));
    } else {
      for (size_t i = 0; i < c->size(); ++i) {
        const std::string ptr = fmt::format("/candidates/{}", i);
        if ((*c)[i].is_object())
          report.candidates.push_back(ReadCandidate(in, (*c)[i], ptr));
        else
          in.Error(ptr, "expected an object, got " + std::string((*c)[i].type_name()));
      }
    }
  }
  in.Strings(j, "", "require", &report.require);
  in.String(j, "", "recommendation", &report.recommendation, /*nullable=*/true);
  if (j.contains("robustness")) in.String(j, "", "robustness", &report.robustness);
  in.Strings(j, "", "warnings", &report.warnings);
  if (!in.errors().empty()) return Status::Invalid(in.errors());
  return report;
}

}  // namespace plan
