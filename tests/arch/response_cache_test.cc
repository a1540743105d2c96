#include <catch2/catch.hpp>

#include "arch/response_cache.h"
#include "composite_fixture.h"

namespace plan {
namespace {

using namespace plan::testing;

Request Prompt(TimeNs arrival_ns, int32_t input, std::vector<uint64_t> hashes) {
  Request r = Req(arrival_ns, input, 101);
  r.prefix_hashes = std::move(hashes);
  r.prefix_block_tokens = 512;
  return r;
}

struct Run {
  RecordingObserver obs;
  ResponseCacheStats stats;
};

Run Simulate(ResponseCacheConfig config, std::vector<Request> requests, uint64_t seed = 3) {
  Simulation sim;
  Leaves leaves(&sim);
  Target* origin = leaves.Add(FixedApi(0.5, 100, 1, 5));  // answer done 1.5 s after sending
  config.hit_tier = 1;
  config.edge_rtt_ns = 20 * kMs;
  ResponseCache cache(&sim, config, origin, Rng(seed));
  VectorSource source(std::move(requests));
  Run run;
  Driver driver(&sim, &source, &cache, &run.obs);
  REQUIRE(driver.Run().ok());
  run.stats = cache.stats();
  return run;
}

}  // namespace

TEST_CASE("Repeated prompts hit once the first answer has finished", "[edge][cache]") {
  ResponseCacheConfig c;
  Run r = Simulate(
      c, {
             Prompt(0, 1000, {7, 8}),       // A: a miss; answered at 1.5 s, stored from then on
             Prompt(1 * kS, 1000, {7, 8}),  // A again while the first is in flight: a miss
             Prompt(2 * kS, 1000, {7, 8}),  // A again: a hit, whole at 2.02 s, free
             Prompt(3 * kS, 999, {7, 8}),   // another length: another prompt, a miss
             Prompt(4 * kS, 2000, {7, 8}),  // hashes cover 1,024 of 2,000 tokens: no key, a miss
         });
  CHECK(r.obs.records[0].tier == 0);
  CHECK(r.obs.records[1].tier == 0);
  const RequestRecord& hit = r.obs.records[2];
  CHECK(hit.tier == 1);
  CHECK(hit.first_token_ns == 2020 * kMs);
  CHECK(hit.finish_ns == 2020 * kMs);
  CHECK(hit.cost_usd == 0);
  CHECK(hit.output_tokens == 101);
  CHECK(r.obs.records[3].tier == 0);
  CHECK(r.obs.records[4].tier == 0);
  CHECK(r.stats.hits == 1);
  CHECK(r.stats.misses == 4);
  CHECK(r.stats.keyless == 1);
}

TEST_CASE("A fixed hit rate draws once per request from the cache's stream", "[edge][cache]") {
  ResponseCacheConfig c;
  c.fixed_rate = true;
  c.hit_rate = 0.2;
  std::vector<Request> requests;
  for (int i = 0; i < 400; ++i) requests.push_back(Req(i * kS, 100, 11));
  Run r = Simulate(c, requests, 11);
  Rng replay(11);
  int64_t hits = 0;
  for (int i = 0; i < 400; ++i) {
    const bool hit = replay.Uniform() < 0.2;
    hits += hit;
    INFO("request " << i);
    CHECK(r.obs.records[i].tier == (hit ? 1 : 0));
  }
  CHECK(r.stats.hits == hits);
  CHECK(r.stats.hits + r.stats.misses == 400);
}

}  // namespace plan
