// The search report as JSON: plan.report/v1 (the simulated configurations are its candidates)
// plus a "search" object; read back for `plan report`.
#include <fmt/format.h>

#include "report/json_in.h"
#include "report/search_report.h"
#include "report/writers.h"

namespace plan {

using nlohmann::json;
using nlohmann::ordered_json;

std::string SearchConfig::Name() const {
  std::string name = fmt::format("{}/{}/{}/tp{}", gpu, quant, engine, tp);
  if (pp != 1) name += fmt::format("/pp{}", pp);
  name += fmt::format("/x{}", replicas);
  if (max_num_seqs > 0) name += fmt::format("/seqs{}", max_num_seqs);
  if (max_batched_tokens > 0) name += fmt::format("/tok{}", max_batched_tokens);
  return name;
}

ordered_json SearchConfigToJson(const SearchConfig& c) {
  return ordered_json{{"name", c.Name()},
                      {"gpu", c.gpu},
                      {"quant", c.quant},
                      {"engine", c.engine},
                      {"tp", c.tp},
                      {"pp", c.pp},
                      {"replicas", c.replicas},
                      {"max_num_seqs", c.max_num_seqs},
                      {"max_batched_tokens", c.max_batched_tokens}};
}

SearchConfig ReadSearchConfig(JsonIn& in, const json& j, const std::string& ptr) {
  SearchConfig c;
  in.String(j, ptr, "gpu", &c.gpu);
  in.String(j, ptr, "quant", &c.quant);
  in.String(j, ptr, "engine", &c.engine);
  in.Integer(j, ptr, "tp", &c.tp);
  in.Integer(j, ptr, "pp", &c.pp);
  in.Integer(j, ptr, "replicas", &c.replicas);
  in.Integer(j, ptr, "max_num_seqs", &c.max_num_seqs);
  in.Integer(j, ptr, "max_batched_tokens", &c.max_batched_tokens);
  return c;
}

std::string RenderSearchJson(const SearchReport& r) {
  ordered_json j = ReportToJson(r.report);
  const SearchSummary& s = r.search;
  ordered_json sj;
  sj["model"] = s.model;
  sj["pricing"] = s.pricing;
  sj["space_size"] = s.space_size;
  sj["configs"] = ordered_json::array();
  for (const SearchConfig& c : s.configs) sj["configs"].push_back(SearchConfigToJson(c));
  sj["pruned"] = ordered_json::array();
  for (const PrunedConfig& p : s.pruned)
    sj["pruned"].push_back({{"name", p.name}, {"reason", p.reason}});
  sj["failed"] = ordered_json::array();
  for (const FailedConfig& f : s.failed)
    sj["failed"].push_back({{"name", f.name}, {"error", f.error}});
  sj["pareto"] = {{"ttft_p99", s.pareto_ttft}, {"tpot_p99", s.pareto_tpot}};
  j["search"] = std::move(sj);
  return j.dump(2) + "\n";
}

Result<SearchReport> ReadSearchJson(const std::string& text, const std::string& path) {
  Result<Report> report = ReadReportJson(text, path);
  if (!report.ok()) return report.status();
  Result<json> parsed = ParseJson(text, path);
  if (!parsed.ok()) return parsed.status();
  JsonIn in(path);
  SearchReport out;
  out.report = std::move(report).value();
  SearchSummary& s = out.search;
  const json* sj = in.Object(*parsed, "", "search");
  if (!sj) return Status::Invalid(in.errors());
  in.String(*sj, "/search", "model", &s.model);
  in.String(*sj, "/search", "pricing", &s.pricing);
  in.Integer(*sj, "/search", "space_size", &s.space_size);
  if (const json* cs = in.Array(*sj, "/search", "configs"))
    for (size_t i = 0; i < cs->size(); ++i)
      s.configs.push_back(ReadSearchConfig(in, (*cs)[i], fmt::format("/search/configs/{}", i)));
  if (const json* ps = in.Array(*sj, "/search", "pruned")) {
    for (size_t i = 0; i < ps->size(); ++i) {
      PrunedConfig p;
      const std::string ptr = fmt::format("/search/pruned/{}", i);
      in.String((*ps)[i], ptr, "name", &p.name);
      in.String((*ps)[i], ptr, "reason", &p.reason);
      s.pruned.push_back(p);
    }
  }
  if (const json* fs = in.Array(*sj, "/search", "failed")) {
    for (size_t i = 0; i < fs->size(); ++i) {
      FailedConfig f;
      const std::string ptr = fmt::format("/search/failed/{}", i);
      in.String((*fs)[i], ptr, "name", &f.name);
      in.String((*fs)[i], ptr, "error", &f.error);
      s.failed.push_back(f);
    }
  }
  if (const json* p = in.Object(*sj, "/search", "pareto")) {
    in.Strings(*p, "/search/pareto", "ttft_p99", &s.pareto_ttft);
    in.Strings(*p, "/search/pareto", "tpot_p99", &s.pareto_tpot);
  }
  if (!in.errors().empty()) return Status::Invalid(in.errors());
  return out;
}

}  // namespace plan
