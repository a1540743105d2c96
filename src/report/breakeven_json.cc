// plan.breakeven/v1: written with keys in a fixed order (byte-identical for equal reports) and
// read back for `plan report`.
#include <fmt/format.h>

#include "report/breakeven_report.h"
#include "report/json_in.h"
#include "report/writers.h"

namespace plan {

using nlohmann::json;
using nlohmann::ordered_json;

namespace {

ordered_json CaseToJson(const PriceCase& c) {
  ordered_json j;
  j["gpu_price_factor"] = c.gpu_price_factor;
  j["api_price_factor"] = c.api_price_factor;
  j["crossovers"] = ordered_json::array();
  for (const Crossover& x : c.crossovers)
    j["crossovers"].push_back({{"cheaper_below", x.cheaper_below},
                               {"cheaper_above", x.cheaper_above},
                               {"volume_rps", x.volume_rps},
                               {"lo_rps", x.lo_rps},
                               {"hi_rps", x.hi_rps},
                               {"exact", x.exact}});
  j["bands"] = ordered_json::array();
  for (const VolumeBand& b : c.bands)
    j["bands"].push_back(
        {{"from_rps", b.from_rps},
         {"to_rps", b.to_rps},
         {"cheapest", b.cheapest.empty() ? ordered_json(nullptr) : ordered_json(b.cheapest)}});
  return j;
}

void ReadCase(JsonIn& in, const json& j, const std::string& ptr, PriceCase* c) {
  in.Number(j, ptr, "gpu_price_factor", &c->gpu_price_factor);
  in.Number(j, ptr, "api_price_factor", &c->api_price_factor);
  if (const json* xs = in.Array(j, ptr, "crossovers")) {
    for (size_t i = 0; i < xs->size(); ++i) {
      const std::string p = fmt::format("{}/crossovers/{}", ptr, i);
      Crossover x;
      in.String((*xs)[i], p, "cheaper_below", &x.cheaper_below);
      in.String((*xs)[i], p, "cheaper_above", &x.cheaper_above);
      in.Number((*xs)[i], p, "volume_rps", &x.volume_rps);
      in.Number((*xs)[i], p, "lo_rps", &x.lo_rps);
      in.Number((*xs)[i], p, "hi_rps", &x.hi_rps);
      in.Bool((*xs)[i], p, "exact", &x.exact);
      c->crossovers.push_back(x);
    }
  }
  if (const json* bs = in.Array(j, ptr, "bands")) {
    for (size_t i = 0; i < bs->size(); ++i) {
      const std::string p = fmt::format("{}/bands/{}", ptr, i);
      VolumeBand b;
      in.Number((*bs)[i], p, "from_rps", &b.from_rps);
      in.Number((*bs)[i], p, "to_rps", &b.to_rps);
      in.String((*bs)[i], p, "cheapest", &b.cheapest, /*nullable=*/true);
      c->bands.push_back(b);
    }
  }
}

}  // namespace

std::string RenderBreakevenJson(const BreakevenReport& r) {
  ordered_json j;
  j["schema"] = r.schema;
  j["plan_version"] = r.plan_version;
  j["scenario"] = r.scenario;
  j["seed"] = r.seed;
  j["slo"] = SloToJson(r.slo);
  j["workload"] = {{"requests_per_s", r.workload_rps},
                   {"tokens_per_request", r.tokens_per_request}};
  j["max_replicas"] = r.max_replicas;
  j["grid_rps"] = r.grid_rps;
  j["curves"] = ordered_json::array();
  for (const BreakevenCurve& c : r.curves) {
    ordered_json cj;
    cj["name"] = c.name;
    cj["kind"] = c.kind;
    cj["resized"] = c.resized;
    cj["points"] = ordered_json::array();
    for (const BreakevenPoint& p : c.points)
      cj["points"].push_back({{"volume_rps", p.volume_rps},
                              {"grid", p.grid},
                              {"feasible", p.feasible},
                              {"replicas", p.replicas},
                              {"gpus", p.gpus},
                              {"usd_per_month", p.usd_per_month},
                              {"ttft_p99_s", p.ttft_p99_s},
                              {"tpot_p99_s", p.tpot_p99_s},
                              {"slo_attainment", p.slo_attainment}});
    j["curves"].push_back(std::move(cj));
  }
  j["base"] = CaseToJson(r.base);
  j["sensitivity"] = ordered_json::array();
  for (const PriceCase& c : r.sensitivity) j["sensitivity"].push_back(CaseToJson(c));
  j["notes"] = r.notes;
  return j.dump(2) + "\n";
}

Result<BreakevenReport> ReadBreakevenJson(const std::string& text, const std::string& path) {
  Result<json> parsed = ParseJson(text, path);
  if (!parsed.ok()) return parsed.status();
  const json& j = *parsed;
  JsonIn in(path);
  if (!j.is_object()) {
    in.Error("", std::string("expected a break-even object, got ") + j.type_name());
    return Status::Invalid(in.errors());
  }
  BreakevenReport r;
  in.String(j, "", "schema", &r.schema);
  if (in.errors().empty() && r.schema != kBreakevenSchema) {
    in.Error("/schema",
             fmt::format("unsupported schema '{}' (expected {})", r.schema, kBreakevenSchema));
    return Status::Invalid(in.errors());
  }
  in.String(j, "", "plan_version", &r.plan_version);
  in.String(j, "", "scenario", &r.scenario);
  in.Integer(j, "", "seed", &r.seed);
  ReadSlo(in, j, &r.slo);
  if (const json* w = in.Object(j, "", "workload")) {
    in.Number(*w, "/workload", "requests_per_s", &r.workload_rps);
    in.Number(*w, "/workload", "tokens_per_request", &r.tokens_per_request);
  }
  in.Integer(j, "", "max_replicas", &r.max_replicas);
  in.Numbers(j, "", "grid_rps", &r.grid_rps);
  if (const json* cs = in.Array(j, "", "curves")) {
    for (size_t i = 0; i < cs->size(); ++i) {
      const std::string p = fmt::format("/curves/{}", i);
      BreakevenCurve c;
      in.String((*cs)[i], p, "name", &c.name);
      in.String((*cs)[i], p, "kind", &c.kind);
      in.Bool((*cs)[i], p, "resized", &c.resized);
      if (const json* ps = in.Array((*cs)[i], p, "points")) {
        for (size_t k = 0; k < ps->size(); ++k) {
          const std::string q = fmt::format("{}/points/{}", p, k);
          const json& pj = (*ps)[k];
          BreakevenPoint pt;
          in.Number(pj, q, "volume_rps", &pt.volume_rps);
          in.Bool(pj, q, "grid", &pt.grid);
          in.Bool(pj, q, "feasible", &pt.feasible);
          in.Integer(pj, q, "replicas", &pt.replicas);
          in.Integer(pj, q, "gpus", &pt.gpus);
          in.Number(pj, q, "usd_per_month", &pt.usd_per_month);
          in.Number(pj, q, "ttft_p99_s", &pt.ttft_p99_s);
          in.Number(pj, q, "tpot_p99_s", &pt.tpot_p99_s);
          in.Number(pj, q, "slo_attainment", &pt.slo_attainment);
          c.points.push_back(pt);
        }
      }
      r.curves.push_back(std::move(c));
    }
  }
  if (const json* b = in.Object(j, "", "base")) ReadCase(in, *b, "/base", &r.base);
  if (const json* ss = in.Array(j, "", "sensitivity")) {
    for (size_t i = 0; i < ss->size(); ++i) {
      PriceCase c;
      ReadCase(in, (*ss)[i], fmt::format("/sensitivity/{}", i), &c);
      r.sensitivity.push_back(std::move(c));
    }
  }
  in.Strings(j, "", "notes", &r.notes);
  if (!in.errors().empty()) return Status::Invalid(in.errors());
  return r;
}

}  // namespace plan
