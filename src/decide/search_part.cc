#include "decide/search_part.h"

#include <fmt/format.h>

#include <charconv>

#include "report/json_in.h"
#include "report/writers.h"

namespace plan {

using nlohmann::json;
using nlohmann::ordered_json;

Result<ShardSpec> ParseShard(const std::string& text) {
  const size_t slash = text.find('/');
  ShardSpec s{0, 0};
  auto parse = [](std::string_view v, int32_t* out) {
    auto [end, ec] = std::from_chars(v.data(), v.data() + v.size(), *out);
    return ec == std::errc() && end == v.data() + v.size();
  };
  if (slash == std::string::npos || !parse(std::string_view(text).substr(0, slash), &s.k) ||
      !parse(std::string_view(text).substr(slash + 1), &s.n))
    return Status::Invalid(
        fmt::format("--shard '{}': expected K/N, e.g. 2/8 (shard 2 of 8)", text));
  if (s.n < 1) return Status::Invalid(fmt::format("--shard '{}': N must be at least 1", text));
  if (s.k < 1 || s.k > s.n)
    return Status::Invalid(fmt::format("--shard '{}': K must be between 1 and N ({})", text, s.n));
  return s;
}

namespace {

ordered_json SpaceToJson(const SearchSpaceInfo& s) {
  ordered_json j;
  j["scenario"] = s.scenario;
  j["seed"] = s.seed;
  j["slo"] = SloToJson(s.slo);
  j["model"] = s.model;
  j["pricing"] = s.pricing;
  j["space_size"] = s.space_size;
  j["configs"] = ordered_json::array();
  for (const SearchConfig& c : s.configs) j["configs"].push_back(SearchConfigToJson(c));
  j["pruned"] = ordered_json::array();
  for (const PrunedConfig& p : s.pruned)
    j["pruned"].push_back({{"name", p.name}, {"reason", p.reason}});
  return j;
}

ordered_json ResultToJson(const PointResult& r) {
  ordered_json j;
  j["index"] = r.index;
  if (r.ok)
    j["candidate"] = CandidateToJson(r.row);
  else
    j["error"] = r.error;
  return j;
}

PointResult ReadResult(JsonIn& in, const json& j, const std::string& ptr) {
  PointResult r;
  in.Integer(j, ptr, "index", &r.index);
  if (const json* c = in.Object(j, ptr, "candidate", /*required=*/false)) {
    r.row = ReadCandidate(in, *c, ptr + "/candidate");
  } else {
    r.ok = false;
    in.String(j, ptr, "error", &r.error);
  }
  return r;
}

void ReadShard(JsonIn& in, const json& j, ShardSpec* shard) {
  if (const json* s = in.Object(j, "", "shard")) {
    in.Integer(*s, "/shard", "k", &shard->k);
    in.Integer(*s, "/shard", "n", &shard->n);
  }
}

uint64_t Fnv1a(std::string_view s, uint64_t h) {
  for (unsigned char c : s) {
    h ^= c;
    h *= 1099511628211ull;
  }
  return h;
}

}  // namespace

std::string SearchFingerprint(const std::vector<std::string>& parts, const SearchSpaceInfo& space) {
  uint64_t h = 14695981039346656037ull;
  for (const std::string& p : parts) h = Fnv1a(p + '\0', h);
  SearchSpaceInfo bare = space;
  bare.fingerprint.clear();
  h = Fnv1a(SpaceToJson(bare).dump(), h);
  return fmt::format("{:016x}", h);
}

std::string RenderPart(const SearchPart& part) {
  ordered_json j;
  j["schema"] = kSearchPartSchema;
  j["plan_version"] = PLAN_VERSION;
  j["fingerprint"] = part.space.fingerprint;
  j["shard"] = {{"k", part.shard.k}, {"n", part.shard.n}};
  j["space"] = SpaceToJson(part.space);
  j["results"] = ordered_json::array();
  for (const PointResult& r : part.results) j["results"].push_back(ResultToJson(r));
  return j.dump(1) + "\n";
}

Result<SearchPart> ReadPart(const std::string& text, const std::string& path) {
  Result<json> parsed = ParseJson(text, path);
  if (!parsed.ok()) return parsed.status();
  const json& j = *parsed;
  JsonIn in(path);
  std::string schema;
  if (j.is_object()) in.String(j, "", "schema", &schema);
  if (!j.is_object() || (in.errors().empty() && schema != kSearchPartSchema)) {
    in.Error(j.is_object() ? "/schema" : "",
             fmt::format("not a search part file (expected schema {})", kSearchPartSchema));
    return Status::Invalid(in.errors());
  }
  SearchPart part;
  in.String(j, "", "fingerprint", &part.space.fingerprint);
  ReadShard(in, j, &part.shard);
  if (const json* s = in.Object(j, "", "space")) {
    SearchSpaceInfo& sp = part.space;
    in.String(*s, "/space", "scenario", &sp.scenario);
    in.Integer(*s, "/space", "seed", &sp.seed);
    ReadSlo(in, *s, &sp.slo);
    in.String(*s, "/space", "model", &sp.model);
    in.String(*s, "/space", "pricing", &sp.pricing);
    in.Integer(*s, "/space", "space_size", &sp.space_size);
    if (const json* cs = in.Array(*s, "/space", "configs"))
      for (size_t i = 0; i < cs->size(); ++i)
        sp.configs.push_back(ReadSearchConfig(in, (*cs)[i], fmt::format("/space/configs/{}", i)));
    if (const json* ps = in.Array(*s, "/space", "pruned")) {
      for (size_t i = 0; i < ps->size(); ++i) {
        PrunedConfig p;
        const std::string ptr = fmt::format("/space/pruned/{}", i);
        in.String((*ps)[i], ptr, "name", &p.name);
        in.String((*ps)[i], ptr, "reason", &p.reason);
        sp.pruned.push_back(p);
      }
    }
  }
  if (part.shard.n < 1 || part.shard.k < 1 || part.shard.k > part.shard.n)
    in.Error("/shard",
             fmt::format("shard {}/{} is not K/N with 1 <= K <= N", part.shard.k, part.shard.n));
  if (const json* rs = in.Array(j, "", "results")) {
    for (size_t i = 0; i < rs->size(); ++i) {
      const std::string ptr = fmt::format("/results/{}", i);
      part.results.push_back(ReadResult(in, (*rs)[i], ptr));
      const int64_t index = part.results.back().index;
      if (in.errors().empty() &&
          (index >= static_cast<int64_t>(part.space.configs.size()) || !part.shard.Owns(index)))
        in.Error(ptr + "/index", fmt::format("configuration {} is not one shard {}/{} owns", index,
                                             part.shard.k, part.shard.n));
    }
  }
  if (!in.errors().empty()) return Status::Invalid(in.errors());
  return part;
}

std::string JournalHeader(const std::string& fingerprint, const ShardSpec& shard) {
  ordered_json j;
  j["schema"] = kSearchJournalSchema;
  j["fingerprint"] = fingerprint;
  j["shard"] = {{"k", shard.k}, {"n", shard.n}};
  return j.dump() + "\n";
}

std::string JournalLine(const PointResult& result) { return ResultToJson(result).dump() + "\n"; }

Result<std::vector<PointResult>> ReadJournal(const std::string& text, const std::string& path,
                                             const std::string& fingerprint, const ShardSpec& shard,
                                             size_t* good_bytes) {
  std::vector<PointResult> out;
  *good_bytes = 0;
  size_t start = 0;
  for (int line = 1; start < text.size(); ++line) {
    const size_t end = text.find('\n', start);
    if (end == std::string::npos) break;  // torn: the writer died mid-line
    const std::string where = fmt::format("{}:{}", path, line);
    Result<json> parsed = ParseJson(text.substr(start, end - start), where);
    if (!parsed.ok()) return parsed.status();
    JsonIn in(where);
    if (line == 1) {
      std::string schema, fp;
      ShardSpec s{0, 0};
      in.String(*parsed, "", "schema", &schema);
      in.String(*parsed, "", "fingerprint", &fp);
      ReadShard(in, *parsed, &s);
      if (!in.errors().empty()) return Status::Invalid(in.errors());
      if (schema != kSearchJournalSchema || fp != fingerprint || !(s == shard))
        return Status::Invalid(fmt::format(
            "{}: this journal belongs to another search or shard (fingerprint {}, shard {}/{}; "
            "this run is {}, shard {}/{}); remove it to start over",
            path, fp, s.k, s.n, fingerprint, shard.k, shard.n));
    } else {
      PointResult r = ReadResult(in, *parsed, "");
      if (!in.errors().empty()) return Status::Invalid(in.errors());
      out.push_back(std::move(r));
    }
    start = end + 1;
    *good_bytes = start;
  }
  return out;
}

}  // namespace plan
