#include <catch2/catch.hpp>

#include <atomic>
#include <filesystem>

#include "../report/schema_check.h"
#include "decide/search_result.h"
#include "decide/search_shard.h"
#include "decide/search_space.h"
#include "testing/embedded_catalog.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

constexpr const char* kHead = R"(name = "search-test"
seed = 3
[workload.generator]
arrival = "constant"
rate_per_s = 1
requests = 20
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 10 }
[slo]
ttft_p99_s = 10.0
)";

Result<SearchSpaceSpec> Space(const std::string& search_table) {
  const std::string text = std::string(kHead) + search_table;
  Result<Scenario> s = ParseScenario(text, "s.toml", EmbeddedCatalog());
  if (!s.ok()) return s.status();
  return ParseSearchSpace(text, *s, EmbeddedCatalog());
}

// A made-up fleet: an H100 replica serves 3 units, an L40S 1; tp=2 multiplies that by 1.5, not
// 2. A configuration meets the SLO with 6 units. It costs $1,000 a month per L40S and $2,500 per
// H100. p99 TTFT = 6 / units s; p99 TPOT = 0.1 / (units per replica) s.
Result<CandidateRow> FakeRun(const SearchConfig& c) {
  const double speed = c.gpu == "h100-sxm" ? 3 : 1;
  const double per_replica = speed * (c.tp == 2 ? 1.5 : 1);
  const double units = per_replica * c.replicas;
  CandidateRow row;
  row.name = c.Name();
  row.kind = "self_hosted";
  row.requests = {10, 10, 0};
  row.latency.ttft_s.p99 = 6 / units;
  row.latency.tpot_s.p99 = 0.1 / per_replica;
  row.slo.met = units >= 6;
  row.cost.usd_per_month = (c.gpu == "h100-sxm" ? 2500.0 : 1000.0) * c.tp * c.replicas;
  row.cost.total_usd = row.cost.usd_per_month / 100;  // what the workload costs: same order
  row.resources = {c.tp * c.replicas, c.replicas, 0, 0, 0};
  return row;
}

SearchSpaceInfo FakeSpaceInfo() {
  Result<SearchSpaceSpec> spec = Space(
      "[search]\nmodel = \"llama-3.1-8b-instruct\"\ngpus = [\"l40s\", \"h100-sxm\"]\n"
      "quant = [\"fp8\"]\ntp = [1, 2]\nreplicas = [1, 2, 3, 4]\n");
  REQUIRE(spec.ok());
  EnumeratedSpace space = EnumerateSpace(*spec, EmbeddedCatalog());
  SearchSpaceInfo info;
  info.scenario = "search-test";
  info.model = spec->model;
  info.pricing = "on_demand";
  info.space_size = space.size;
  info.configs = space.configs;
  info.pruned = space.pruned;
  info.fingerprint = SearchFingerprint({"test"}, info);
  return info;
}

}  // namespace

TEST_CASE("The search space enumerates in a fixed order and prunes with the roofline", "[search]") {
  Result<SearchSpaceSpec> spec = Space(
      "[search]\nmodel = \"llama-3.1-70b-instruct\"\ngpus = [\"a100-80gb\", \"h100-sxm\"]\n"
      "quant = [\"bf16\", \"fp8\"]\ntp = [1, 2, 3]\nreplicas = [1, 2]\n");
  REQUIRE(spec.ok());
  EnumeratedSpace space = EnumerateSpace(*spec, EmbeddedCatalog());
  // 2 GPUs x 2 quants x 1 engine x 3 tp x 2 replica counts.
  CHECK(space.size == 24);
  // Left: bf16 at tp=2 on either GPU (70B's 131 GiB of bf16 weights need two 80 GB GPUs), and
  // fp8 at tp=1 and tp=2 on the H100 (the A100 computes no fp8); tp=3 divides no 64 heads.
  std::vector<std::string> names;
  for (const SearchConfig& c : space.configs) names.push_back(c.Name());
  CHECK(names == std::vector<std::string>{"a100-80gb/bf16/vllm/tp2/x1",
                                          "a100-80gb/bf16/vllm/tp2/x2", "h100-sxm/bf16/vllm/tp2/x1",
                                          "h100-sxm/bf16/vllm/tp2/x2", "h100-sxm/fp8/vllm/tp1/x1",
                                          "h100-sxm/fp8/vllm/tp1/x2", "h100-sxm/fp8/vllm/tp2/x1",
                                          "h100-sxm/fp8/vllm/tp2/x2"});
  REQUIRE(space.pruned.size() == 16);
  CHECK(space.pruned[0].name == "a100-80gb/bf16/vllm/tp1/x1");
  CHECK(space.pruned[0].reason.rfind("does not fit: needs ", 0) == 0);
  CHECK(space.pruned[2].reason ==
        "invalid: tp=3 does not divide the 64 attention heads of model 'llama-3.1-70b-instruct'");
  CHECK(space.pruned[4].reason ==
        "invalid: gpu 'a100-80gb' has no fp8 peak, the compute dtype of quant 'fp8'");
}

TEST_CASE("The search space defaults to the first fleet's model and every priced datacenter GPU",
          "[search]") {
  const std::string text = std::string(kHead) +
                           "[[candidate]]\nname = \"f\"\nkind = \"self_hosted\"\n"
                           "model = \"llama-3.1-8b-instruct\"\ngpu = \"l4\"\n";
  Result<Scenario> s = ParseScenario(text, "s.toml", EmbeddedCatalog());
  REQUIRE(s.ok());
  Result<SearchSpaceSpec> spec = ParseSearchSpace(text, *s, EmbeddedCatalog());
  REQUIRE(spec.ok());
  CHECK(spec->model == "llama-3.1-8b-instruct");
  CHECK(spec->tp == std::vector<int32_t>{1, 2, 4, 8});
  CHECK(spec->replicas == std::vector<int32_t>{1, 2, 4, 8});
  CHECK(spec->quants == std::vector<std::string>{"bf16", "fp8"});
  CHECK(spec->engines == std::vector<std::string>{"vllm"});
  for (const std::string& g : spec->gpus) {
    const GpuSpec* gpu = EmbeddedCatalog().FindGpu(g);
    CHECK(gpu->kind == DeviceKind::kDatacenter);
    CHECK(gpu->price.on_demand_usd_per_hour > 0);
  }
  CHECK(std::find(spec->gpus.begin(), spec->gpus.end(), "h100-sxm") != spec->gpus.end());
}

TEST_CASE("A bad [search] table is reported key by key with path:line:col", "[search]") {
  Result<SearchSpaceSpec> spec = Space(
      "[search]\nmodel = \"llama-3.1-8b-instruct\"\ngpus = [\"h100-sxn\"]\ntp = [1, 0]\n"
      "replica = [1]\n");
  REQUIRE(!spec.ok());
  CHECK(spec.status().code() == StatusCode::kInvalidInput);
  CHECK(spec.status().message() ==
        "s.toml:13:9: unknown gpu 'h100-sxn'; did you mean 'h100-sxm'?\n"
        "  gpus = [\"h100-sxn\"]\n"
        "          ^\n"
        "s.toml:14:10: each 'tp' in [search] must be an integer >= 1, not 0\n"
        "  tp = [1, 0]\n"
        "           ^\n"
        "s.toml:15:1: unknown key 'replica' in [search]; did you mean 'replicas'?\n"
        "  replica = [1]\n"
        "  ^");
  spec = Space("[search]\ngpus = [\"h100-sxm\"]\n");
  REQUIRE(!spec.ok());
  CHECK(spec.status().message() ==
        "s.toml:11:1: the search needs a model: set model = \"...\" in [search] (or give the "
        "scenario a self_hosted candidate)\n"
        "  [search]\n"
        "  ^");
}

TEST_CASE("The search finds the known optimum and both Pareto frontiers", "[search]") {
  SearchSpaceInfo info = FakeSpaceInfo();
  REQUIRE(info.configs.size() == 16);
  ShardRunOptions options;
  Result<std::vector<PointResult>> results = RunShard(info, FakeRun, options);
  REQUIRE(results.ok());
  SearchReport r = BuildSearchReport(info, *results);
  // Meeting 6 units: H100 tp1 x2 ($5,000), H100 tp2 x2 ($10,000), L40S tp2 x4 ($8,000), ...
  CHECK(r.report.recommendation == "h100-sxm/fp8/vllm/tp1/x2");
  // (cost, TTFT) by cost; a point joins when its TTFT is below every cheaper one's:
  // 1000 l40s/tp1/x1 6 | 2000 l40s/tp1/x2 3 (l40s/tp2/x1: 4, no) | 2500 h100/tp1/x1 2 |
  // 3000 l40s/tp1/x3 2 (no) | 4000 l40s/tp1/x4 1.5 (l40s/tp2/x2: 2, no) | 5000 h100/tp1/x2 1
  // (h100/tp2/x1: 1.33, no) | 7500 h100/tp1/x3 0.67 | 10000 h100/tp1/x4 0.5 | 15000
  // h100/tp2/x3 0.44 | 20000 h100/tp2/x4 0.33.
  CHECK(r.search.pareto_ttft ==
        std::vector<std::string>(
            {"l40s/fp8/vllm/tp1/x1", "l40s/fp8/vllm/tp1/x2", "h100-sxm/fp8/vllm/tp1/x1",
             "l40s/fp8/vllm/tp1/x4", "h100-sxm/fp8/vllm/tp1/x2", "h100-sxm/fp8/vllm/tp1/x3",
             "h100-sxm/fp8/vllm/tp1/x4", "h100-sxm/fp8/vllm/tp2/x3", "h100-sxm/fp8/vllm/tp2/x4"}));
  // TPOT depends on the replica only: 0.1 (l40s tp1, $1,000), 0.0667 (l40s tp2, $2,000),
  // 0.0333 (h100 tp1, $2,500), 0.0222 (h100 tp2, $5,000).
  CHECK(r.search.pareto_tpot ==
        std::vector<std::string>({"l40s/fp8/vllm/tp1/x1", "l40s/fp8/vllm/tp2/x1",
                                  "h100-sxm/fp8/vllm/tp1/x1", "h100-sxm/fp8/vllm/tp2/x1"}));
  CHECK(r.report.candidates.size() == 16);
  CHECK(r.search.space_size == 16);
  // The JSON is a plan.report/v1 document with the schema's "search" object, and reads back equal.
  const std::string json = RenderSearch(r, ReportFormat::kJson);
  CHECK(test::SchemaProblems("plan.report.v1.json", nlohmann::json::parse(json)).empty());
  Result<SearchReport> back = ReadSearchJson(json, "search.json");
  REQUIRE(back.ok());
  CHECK(*back == r);
}

TEST_CASE("Shards merge into the report the unsharded search gives, byte for byte", "[search]") {
  SearchSpaceInfo info = FakeSpaceInfo();
  Result<std::vector<PointResult>> all = RunShard(info, FakeRun, ShardRunOptions{});
  REQUIRE(all.ok());
  const std::string whole = RenderSearch(BuildSearchReport(info, *all), ReportFormat::kJson);

  test::ScratchDir dir;
  std::vector<std::pair<std::string, SearchPart>> parts;
  for (int32_t k = 3; k >= 1; --k) {  // any order
    ShardRunOptions options;
    options.shard = {k, 3};
    options.threads = 2;
    options.part_path = dir.File("part" + std::to_string(k) + ".json");
    Result<std::vector<PointResult>> r = RunShard(info, FakeRun, options);
    REQUIRE(r.ok());
    CHECK(!std::filesystem::exists(options.part_path + ".journal"));
    Result<std::string> text = ReadFile(options.part_path);
    REQUIRE(text.ok());
    Result<SearchPart> part = ReadPart(*text, options.part_path);
    REQUIRE(part.ok());
    CHECK(part->results.size() == (k == 1 ? 6u : 5u));  // 16 configurations over 3 shards
    parts.emplace_back(options.part_path, std::move(part).value());
  }
  Result<SearchReport> merged = MergeParts(parts);
  REQUIRE(merged.ok());
  CHECK(RenderSearch(*merged, ReportFormat::kJson) == whole);
  CHECK(RenderSearch(*merged, ReportFormat::kTable) ==
        RenderSearch(BuildSearchReport(info, *all), ReportFormat::kTable));

  // A missing shard, a repeated one and a part of another search are all named.
  std::vector<std::pair<std::string, SearchPart>> bad = {parts[0], parts[0]};
  bad[1].first = "copy.json";
  SearchPart other = parts[1].second;
  other.space.fingerprint = "0000000000000000";
  bad.emplace_back("other.json", other);
  Result<SearchReport> m = MergeParts(bad);
  REQUIRE(!m.ok());
  CHECK(m.status().message() ==
        "copy.json: shard 3/3 again (also in " + parts[0].first + ")\n" +
            "other.json: part of another search (fingerprint 0000000000000000, 3 shards) than " +
            parts[0].first + " (fingerprint " + info.fingerprint + ", 3 shards)");
  m = MergeParts({parts[0], parts[2]});
  REQUIRE(!m.ok());
  CHECK(m.status().message() == "plan merge: missing shard 2/3");
}

TEST_CASE("An interrupted shard resumes from its journal and loses no finished configuration",
          "[search]") {
  SearchSpaceInfo info = FakeSpaceInfo();
  test::ScratchDir dir;
  ShardRunOptions options;
  options.shard = {1, 2};  // configurations 0, 2, 4, ..., 14
  options.part_path = dir.File("part.json");

  // What a run killed mid-write leaves: the header, two finished configurations and half a line.
  const std::string torn = JournalLine({6, true, *FakeRun(info.configs[6]), ""});
  const std::string journal = JournalHeader(info.fingerprint, options.shard) +
                              JournalLine({0, true, *FakeRun(info.configs[0]), ""}) +
                              JournalLine({4, true, *FakeRun(info.configs[4]), ""}) +
                              torn.substr(0, torn.size() / 2);
  dir.Write("part.json.journal", journal);

  std::atomic<int> calls{0};
  ConfigEvaluator counting = [&](const SearchConfig& c) {
    ++calls;
    return FakeRun(c);
  };
  Result<std::vector<PointResult>> resumed = RunShard(info, counting, options);
  REQUIRE(resumed.ok());
  CHECK(calls == 6);  // 8 owned, 2 recovered; the torn one is simulated again
  REQUIRE(resumed->size() == 8);
  CHECK(!std::filesystem::exists(options.part_path + ".journal"));

  // Identical to a shard that was never interrupted.
  test::ScratchDir clean;
  ShardRunOptions fresh = options;
  fresh.part_path = clean.File("part.json");
  Result<std::vector<PointResult>> once = RunShard(info, FakeRun, fresh);
  REQUIRE(once.ok());
  CHECK(*once == *resumed);
  CHECK(*ReadFile(options.part_path) == *ReadFile(fresh.part_path));

  // A finished part is not simulated again.
  calls = 0;
  REQUIRE(RunShard(info, counting, options).ok());
  CHECK(calls == 0);

  // A journal of another shard is refused rather than mixed in.
  ShardRunOptions two = options;
  two.shard = {2, 2};
  two.part_path = dir.File("two.json");
  dir.Write("two.json.journal", JournalHeader(info.fingerprint, options.shard));
  Result<std::vector<PointResult>> refused = RunShard(info, counting, two);
  REQUIRE(!refused.ok());
  CHECK(refused.status().message() ==
        two.part_path + ".journal: this journal belongs to another search or shard (fingerprint " +
            info.fingerprint + ", shard 1/2; this run is " + info.fingerprint +
            ", shard 2/2); remove it to start over");
}

TEST_CASE("The --shard value reads K/N with 1 <= K <= N", "[search]") {
  Result<ShardSpec> s = ParseShard("2/8");
  REQUIRE(s.ok());
  CHECK(s->k == 2);
  CHECK(s->n == 8);
  CHECK(s->Owns(9));
  CHECK_FALSE(s->Owns(8));
  CHECK(ParseShard("3/2").status().message() == "--shard '3/2': K must be between 1 and N (2)");
  CHECK(ParseShard("0/2").status().message() == "--shard '0/2': K must be between 1 and N (2)");
  CHECK(ParseShard("1/0").status().message() == "--shard '1/0': N must be at least 1");
  CHECK(ParseShard("2").status().message() == "--shard '2': expected K/N, e.g. 2/8 (shard 2 of 8)");
  CHECK(ParseShard("a/b").status().message() ==
        "--shard 'a/b': expected K/N, e.g. 2/8 (shard 2 of 8)");
}

}  // namespace plan
