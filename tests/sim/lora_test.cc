#include <catch2/catch.hpp>

#include "perf/lora_shape.h"
#include "perf/memory_plan.h"
#include "perf/perf_fixture.h"
#include "sim/lora_slots.h"
#include "sim_fakes.h"

namespace plan {
namespace {

using testing::kMs;
using testing::kUs;
using testing::RecordingObserver;
using testing::RecordingTimer;
using testing::Req;
using testing::VectorSource;

// `adapters` uniform adapters, max_loras GPU slots, 2 ms per host -> GPU copy; the seed is the
// first whose draws give requests 0, 1, ... the adapters `wanted`.
LoraConfig Lora(int32_t adapters, int32_t max_loras, const std::vector<int32_t>& wanted) {
  LoraConfig c;
  c.enabled = true;
  c.adapters = adapters;
  c.max_loras = max_loras;
  c.max_cpu_loras = adapters;
  c.gpu_load_ns = 2 * kMs;
  c.cdf = std::make_shared<const std::vector<double>>(PopularityCdf(adapters, 0));
  for (c.seed = 0; c.seed < 100000; ++c.seed) {
    bool all = true;
    for (size_t i = 0; i < wanted.size() && all; ++i) all = AdapterFor(c, i) == wanted[i];
    if (all) return c;
  }
  FAIL("no seed draws the wanted adapters");
  return c;
}

ReplicaConfig Config(const LoraConfig& lora) {
  ReplicaConfig c;
  c.max_num_seqs = 8;
  c.max_batched_tokens = 1000;
  c.block_size_tokens = 16;
  c.kv_capacity_tokens = 16 * 1000;
  c.lora = lora;
  return c;
}

using Run = testing::ReplicaRun;

}  // namespace

TEST_CASE("lora: an adapter not on the GPU is loaded before its step", "[sim][lora]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  RecordingTimer rec(timer);
  // One GPU slot. A (adapter 0) and B (adapter 1) arrive at 0, C (adapter 0) at 10 ms.
  // t=0     step 1: A only (B's adapter would be a second); load 0: 2 + 1 + 0.1 = 3.1 ms
  // t=3.1   A done; step 2: B, load 1 over 0: 2 + 1.1 = 3.1 ms
  // t=6.2   B done
  // t=10    step 3: C, adapter 0 evicted by 1, loaded again: 3.1 ms; done at 13.1
  Run run({Req(0, 10, 1), Req(0, 10, 1), Req(10 * kMs, 10, 1)}, Config(Lora(2, 1, {0, 1, 0})), rec);
  REQUIRE(run.status.ok());
  CHECK(run.obs.records[0].finish_ns == 3100 * kUs);
  CHECK(run.obs.records[1].queue_ns == 3100 * kUs);
  CHECK(run.obs.records[1].finish_ns == 6200 * kUs);
  CHECK(run.obs.records[2].finish_ns == 13100 * kUs);
  CHECK(run.replica->lora_loads() == 3);
  CHECK(run.replica->lora_disk_loads() == 0);
  REQUIRE(rec.shapes.size() == 3);
  for (const BatchShape& b : rec.shapes) CHECK(b.lora_adapters == 1);
}

TEST_CASE("lora: a third adapter waits while max_loras = 2 are in the batch", "[sim][lora]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  RecordingTimer rec(timer);
  // A, B, C (adapters 0, 1, 2; 10 in, 2 out) at 0.
  // t=0     step 1: prefill A + B, C passed over; loads 0 and 1: 4 + 1 + 0.2 = 5.2 ms
  // t=5.2   step 2: decode A + B: 1.2 ms; both done at 6.4
  // t=6.4   step 3: prefill C, load 2 over the least recent: 2 + 1.1 = 3.1 ms -> 9.5
  // t=9.5   step 4: decode C: 1.1 ms -> 10.6
  Run run({Req(0, 10, 2), Req(0, 10, 2), Req(0, 10, 2)}, Config(Lora(3, 2, {0, 1, 2})), rec);
  REQUIRE(run.status.ok());
  CHECK(run.obs.records[0].finish_ns == 6400 * kUs);
  CHECK(run.obs.records[1].finish_ns == 6400 * kUs);
  CHECK(run.obs.records[2].queue_ns == 6400 * kUs);
  CHECK(run.obs.records[2].first_token_ns == 9500 * kUs);
  CHECK(run.obs.records[2].finish_ns == 10600 * kUs);
  CHECK(run.replica->lora_loads() == 3);
  REQUIRE(rec.shapes.size() == 4);
  CHECK(rec.shapes[0].lora_adapters == 2);
  CHECK(rec.shapes[2].lora_adapters == 1);
}

TEST_CASE("lora: the trace's label names the adapter, so the third label waits", "[sim][lora]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  RecordingTimer rec(timer);
  // The seed that draws 0, 0, 0 for requests 0, 1, 2; labels 0, 1, 2 override the draws, so
  // the timeline is the max_loras = 2 one above: C waits for A and B, then loads adapter 2.
  LoraConfig lora = Lora(3, 2, {0, 0, 0});
  lora.from_label = true;
  std::vector<Request> requests = {Req(0, 10, 2), Req(0, 10, 2), Req(0, 10, 2)};
  for (int16_t i = 0; i < 3; ++i) requests[i].label = i;
  Run run(std::move(requests), Config(lora), rec);
  REQUIRE(run.status.ok());
  CHECK(run.obs.records[2].queue_ns == 6400 * kUs);
  CHECK(run.obs.records[2].finish_ns == 10600 * kUs);
  CHECK(run.replica->lora_loads() == 3);
  REQUIRE(rec.shapes.size() == 4);
  CHECK(rec.shapes[0].lora_adapters == 2);
  // Without labels the same seed puts all three on adapter 0: one load, one batch.
  lora.from_label = false;
  Run drawn({Req(0, 10, 2), Req(0, 10, 2), Req(0, 10, 2)}, Config(lora), timer);
  CHECK(drawn.replica->lora_loads() == 1);
  CHECK(drawn.obs.records[2].queue_ns == 0);
}

TEST_CASE("lora: a missing or out-of-range label draws from the popularity", "[sim][lora]") {
  LoraConfig c = Lora(3, 1, {});
  c.from_label = true;
  CHECK(AdapterFor(c, 5, 2) == 2);
  CHECK(AdapterFor(c, 5, 0) == 0);
  CHECK(AdapterFor(c, 5, -1) == AdapterFor(c, 5));
  CHECK(AdapterFor(c, 5, 3) == AdapterFor(c, 5));
  c.from_label = false;
  CHECK(AdapterFor(c, 5, 2) == AdapterFor(c, 5));
}

TEST_CASE("lora: every request finishes under Zipf traffic over few slots", "[sim][lora]") {
  LinearStepTimer timer(1 * kMs, 10 * kUs, 100 * kUs);
  LoraConfig lora = Lora(50, 4, {});
  lora.cdf = std::make_shared<const std::vector<double>>(PopularityCdf(50, 1.1));
  lora.max_cpu_loras = 10;
  lora.disk_load_ns = 5 * kMs;
  std::vector<Request> requests;
  for (int i = 0; i < 400; ++i) requests.push_back(Req(i * 500 * kUs, 100, 20));
  Run run(std::move(requests), Config(lora), timer);
  REQUIRE(run.status.ok());
  REQUIRE(run.obs.records.size() == 400);
  int64_t tokens = 0;
  for (const auto& r : run.obs.records) {
    CHECK_FALSE(r.failed);
    tokens += r.output_tokens;
  }
  CHECK(tokens == 400 * 20);
  CHECK(run.replica->outstanding() == 0);
  CHECK(run.replica->lora_loads() > 4);
  CHECK(run.replica->lora_disk_loads() > 10);
  CHECK(run.replica->lora_disk_loads() <= run.replica->lora_loads());
}

TEST_CASE("lora: popularity draws are Zipf and the same for a request id", "[sim][lora]") {
  std::vector<double> cdf = PopularityCdf(3, 1);
  // weights 1, 1/2, 1/3 of 11/6
  CHECK(cdf[0] == Approx(6.0 / 11));
  CHECK(cdf[1] == Approx(9.0 / 11));
  CHECK(cdf[2] == 1);
  LoraConfig c;
  c.cdf = std::make_shared<const std::vector<double>>(cdf);
  int counts[3] = {0, 0, 0};
  for (uint64_t id = 0; id < 11000; ++id) ++counts[AdapterFor(c, id)];
  CHECK(counts[0] == Approx(6000).margin(200));
  CHECK(counts[2] == Approx(2000).margin(200));
  CHECK(AdapterFor(c, 77) == AdapterFor(c, 77));
}

TEST_CASE("lora: adapter bytes and the KV room they take, by hand", "[perf][lora]") {
  Deployment d = test::TestDeployment("llama8b-shape");
  // Per layer, rank 16: q 16 x (4096 + 4096) = 131072, k and v 16 x (4096 + 1024) = 81920
  // each, o 131072: 425984 parameters; x 32 layers x 2 bytes = 27262976 bytes.
  d.lora = {16, true, false, 4};
  CHECK(LoraParamsPerLayer(*d.model, d.lora) == 425984);
  CHECK(LoraAdapterBytes(*d.model, d.lora) == 27262976);
  // "all" adds gate and up 16 x (4096 + 14336) = 294912 each and down the same.
  LoraShape all = {16, true, true, 4};
  CHECK(LoraAdapterBytes(*d.model, all) == (425984.0 + 3 * 294912) * 32 * 2);
  CHECK(LoraMatricesPerLayer(*d.model, all) == 7);
  const MemoryPlan base = PlanMemory(test::TestDeployment("llama8b-shape"));
  const MemoryPlan with = PlanMemory(d);
  CHECK(with.lora_bytes_per_gpu == 4 * 27262976.0);
  CHECK(base.kv_capacity_bytes_per_gpu - with.kv_capacity_bytes_per_gpu == Approx(4 * 27262976.0));
  CHECK(with.kv_capacity_tokens < base.kv_capacity_tokens);
}

}  // namespace plan
