#include "probe/probe_json.h"

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <limits>

#include "probe/json_locate.h"
#include "util/diagnostics.h"
#include "util/json_text.h"

namespace plan {

using ordered_json = nlohmann::ordered_json;
using nlohmann::json;

namespace {

ordered_json DistributionJson(const Distribution& d) {
  return {{"count", d.count}, {"mean", d.mean}, {"p50", d.p50},
          {"p90", d.p90},     {"p99", d.p99},   {"max", d.max}};
}

ordered_json RowJson(const ProbeRow& r) {
  return {{"level", r.level},
          {"index", r.index},
          {"start_s", r.start_s},
          {"status", r.status},
          {"ok", r.ok},
          {"error", r.error},
          {"prompt_tokens_requested", r.prompt_tokens_requested},
          {"input_tokens", r.input_tokens},
          {"output_tokens", r.output_tokens},
          {"usage_reported", r.usage_reported},
          {"output_chunks", r.output_chunks},
          {"ttft_s", r.ttft_s},
          {"tpot_s", r.tpot_s},
          {"e2e_s", r.e2e_s},
          {"itl_s", r.itl_s},
          {"retries", r.retries},
          {"retry_wait_s", r.retry_wait_s},
          {"malformed_lines", r.malformed_lines}};
}

// Reads fields of one object, reporting problems at their line and column.
class Reader {
 public:
  Reader(const std::string& text, const std::string& path) : text_(text), path_(path) {
    diag_.AddSource(path, text);
  }
  void Error(const std::string& ptr, std::string message) {
    diag_.Error(LocateJsonPointer(text_, path_, ptr), std::move(message));
  }
  const json* Get(const json& obj, const std::string& ptr, const char* key) {
    auto it = obj.find(key);
    if (it != obj.end()) return &*it;
    Error(ptr, fmt::format("missing field '{}'", key));
    return nullptr;
  }
  template <typename T>
  void Read(const json& obj, const std::string& ptr, const char* key, T* out) {
    const json* v = Get(obj, ptr, key);
    if (!v) return;
    const std::string at = ptr + "/" + key;
    if constexpr (std::is_same_v<T, bool>) {
      if (v->is_boolean())
        *out = v->get<bool>();
      else
        Error(at, fmt::format("'{}' must be true or false, not {}", key, JsonExcerpt(*v)));
    } else if constexpr (std::is_same_v<T, std::string>) {
      if (v->is_string())
        *out = v->get<std::string>();
      else
        Error(at, fmt::format("'{}' must be a string, not {}", key, JsonExcerpt(*v)));
    } else if constexpr (std::is_integral_v<T>) {
      // Within T's range: a larger count is refused, never wrapped.
      constexpr uint64_t kMax = static_cast<uint64_t>(std::numeric_limits<T>::max());
      if (v->is_number_integer() && v->get<int64_t>() >= 0 &&
          static_cast<uint64_t>(v->get<int64_t>()) <= kMax)
        *out = static_cast<T>(v->get<int64_t>());
      else if (v->is_number_integer() && !v->is_number_unsigned() && v->get<int64_t>() < 0)
        Error(at, fmt::format("'{}' must be a non-negative integer, not {}", key, JsonExcerpt(*v)));
      else if (v->is_number_integer())
        Error(at, fmt::format("'{}' must be an integer from 0 to {}, not {}", key, kMax,
                              JsonExcerpt(*v)));
      else
        Error(at, fmt::format("'{}' must be a non-negative integer, not {}", key, JsonExcerpt(*v)));
    } else {
      if (v->is_number() && v->get<double>() >= 0)
        *out = v->get<double>();
      else
        Error(at, fmt::format("'{}' must be a non-negative number, not {}", key, JsonExcerpt(*v)));
    }
  }
  const json* Array(const json& obj, const std::string& ptr, const char* key) {
    const json* v = Get(obj, ptr, key);
    if (v && !v->is_array()) {
      Error(ptr + "/" + key, fmt::format("'{}' must be an array, not {}", key, v->type_name()));
      return nullptr;
    }
    return v;
  }
  Diagnostics& diag() { return diag_; }

 private:
  const std::string& text_;
  const std::string& path_;
  Diagnostics diag_;
};

void ReadRow(Reader& in, const json& j, const std::string& ptr, size_t levels, ProbeRow* r) {
  in.Read(j, ptr, "level", &r->level);
  if (static_cast<size_t>(r->level) >= levels)
    in.Error(ptr + "/level",
             fmt::format("'level' {} names no entry of 'levels' (it has {})", r->level, levels));
  in.Read(j, ptr, "index", &r->index);
  in.Read(j, ptr, "start_s", &r->start_s);
  in.Read(j, ptr, "status", &r->status);
  in.Read(j, ptr, "ok", &r->ok);
  in.Read(j, ptr, "error", &r->error);
  in.Read(j, ptr, "prompt_tokens_requested", &r->prompt_tokens_requested);
  in.Read(j, ptr, "input_tokens", &r->input_tokens);
  in.Read(j, ptr, "output_tokens", &r->output_tokens);
  in.Read(j, ptr, "usage_reported", &r->usage_reported);
  in.Read(j, ptr, "output_chunks", &r->output_chunks);
  in.Read(j, ptr, "ttft_s", &r->ttft_s);
  in.Read(j, ptr, "tpot_s", &r->tpot_s);
  in.Read(j, ptr, "e2e_s", &r->e2e_s);
  in.Read(j, ptr, "retries", &r->retries);
  in.Read(j, ptr, "retry_wait_s", &r->retry_wait_s);
  in.Read(j, ptr, "malformed_lines", &r->malformed_lines);
  if (const json* itl = in.Array(j, ptr, "itl_s")) {
    for (size_t i = 0; i < itl->size(); ++i) {
      const json& v = (*itl)[i];
      if (v.is_number() && v.get<double>() >= 0)
        r->itl_s.push_back(v.get<double>());
      else
        in.Error(
            fmt::format("{}/itl_s/{}", ptr, i),
            fmt::format("'itl_s' entries must be non-negative numbers, not {}", JsonExcerpt(v)));
    }
  }
}

}  // namespace

std::string WriteProbeJson(const ProbeResult& p) {
  ordered_json j;
  j["schema"] = p.schema;
  j["plan_version"] = p.plan_version;
  j["date"] = p.date;
  j["url"] = p.url;
  j["endpoint"] = p.endpoint;
  j["model"] = p.model;
  const ProbeSettings& s = p.settings;
  j["settings"] = {{"concurrency", s.concurrency},     {"requests_per_level", s.requests_per_level},
                   {"rate_per_s", s.rate_per_s},       {"duration_s", s.duration_s},
                   {"prompt_tokens", s.prompt_tokens}, {"max_tokens", s.max_tokens},
                   {"ignore_eos", s.ignore_eos},       {"timeout_s", s.timeout_s},
                   {"max_wall_s", s.max_wall_s},       {"seed", s.seed}};
  j["stopped_early"] = p.stopped_early;
  j["levels"] = ordered_json::array();
  for (const LevelSummary& l : p.levels) {
    j["levels"].push_back({{"concurrency", l.concurrency},
                           {"rate_per_s", l.rate_per_s},
                           {"requests", l.requests},
                           {"ok", l.ok},
                           {"failed", l.failed},
                           {"retries", l.retries},
                           {"malformed_lines", l.malformed_lines},
                           {"wall_s", l.wall_s},
                           {"requests_per_s", l.requests_per_s},
                           {"output_tokens_per_s", l.output_tokens_per_s},
                           {"mean_input_tokens", l.mean_input_tokens},
                           {"mean_output_tokens", l.mean_output_tokens},
                           {"ttft_s", DistributionJson(l.ttft_s)},
                           {"tpot_s", DistributionJson(l.tpot_s)},
                           {"e2e_s", DistributionJson(l.e2e_s)},
                           {"itl_s", DistributionJson(l.itl_s)}});
  }
  std::string out = j.dump(2);
  out.erase(out.size() - 2);  // the closing "\n}"
  out += ",\n  \"rows\": [";
  for (size_t i = 0; i < p.rows.size(); ++i)
    out += (i ? ",\n    " : "\n    ") + RowJson(p.rows[i]).dump();
  out += p.rows.empty() ? "]\n}\n" : "\n  ]\n}\n";
  return out;
}

Result<ProbeResult> ReadProbeJson(const std::string& text, const std::string& path) {
  Result<json> parsed = ParseJson(text, path);
  if (!parsed.ok()) return parsed.status();
  const json& j = *parsed;
  Reader in(text, path);
  ProbeResult p;
  if (!j.is_object()) {
    in.Error("", fmt::format("expected a probe object, got {}", j.type_name()));
    return in.diag().ToStatus();
  }
  in.Read(j, "", "schema", &p.schema);
  if (in.diag().empty() && p.schema != kProbeSchema) {
    in.Error("/schema",
             fmt::format("unsupported schema '{}' (this plan reads {})", p.schema, kProbeSchema));
    return in.diag().ToStatus();
  }
  in.Read(j, "", "plan_version", &p.plan_version);
  in.Read(j, "", "date", &p.date);
  in.Read(j, "", "url", &p.url);
  in.Read(j, "", "endpoint", &p.endpoint);
  in.Read(j, "", "model", &p.model);
  in.Read(j, "", "stopped_early", &p.stopped_early);
  if (const json* levels = in.Array(j, "", "levels")) {
    for (size_t i = 0; i < levels->size(); ++i) {
      const std::string ptr = fmt::format("/levels/{}", i);
      LevelSummary l;
      in.Read((*levels)[i], ptr, "concurrency", &l.concurrency);
      in.Read((*levels)[i], ptr, "rate_per_s", &l.rate_per_s);
      in.Read((*levels)[i], ptr, "wall_s", &l.wall_s);
      p.levels.push_back(l);
    }
  }
  if (const json* rows = in.Array(j, "", "rows")) {
    for (size_t i = 0; i < rows->size(); ++i) {
      const std::string ptr = fmt::format("/rows/{}", i);
      if (!(*rows)[i].is_object()) {
        in.Error(ptr, fmt::format("a row must be an object, not {}", (*rows)[i].type_name()));
        continue;
      }
      ProbeRow r;
      ReadRow(in, (*rows)[i], ptr, p.levels.size(), &r);
      p.rows.push_back(std::move(r));
    }
  }
  PLAN_RETURN_IF_ERROR(in.diag().ToStatus());
  for (size_t i = 0; i < p.levels.size(); ++i)
    SummarizeLevel(p.rows, static_cast<int>(i), p.levels[i].wall_s, &p.levels[i]);
  return p;
}

}  // namespace plan
