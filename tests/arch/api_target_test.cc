#include <catch2/catch.hpp>

#include "../sim/sim_fakes.h"
#include "arch/api_target.h"
#include "catalog/catalog.h"

namespace plan {
namespace {

using testing::kMs;
using testing::RecordingObserver;
using testing::Req;
using testing::VectorSource;

constexpr TimeNs kS = kNsPerS;

// No randomness (both sigmas 0): TTFT service = 0.2 s + 0.1 ms per uncached prompt token;
// 50 output tokens/s. $1/M input, $5/M output.
ApiTargetConfig Config() {
  ApiTargetConfig c;
  c.offer.id = "test/model";
  c.offer.prices = {1, 5, 0, 0};
  c.offer.max_input_tokens = 8000;
  c.offer.max_output_tokens = 1000;
  c.offer.latency = {0.2, 0.0001, 0, 50, 0, "test"};
  c.rtt_ns = 100 * kMs;
  c.max_retries = 3;
  c.retry_backoff_ns = 500 * kMs;
  c.retry_backoff_max_ns = 8 * kS;
  return c;
}

struct Run {
  RecordingObserver obs;
  ApiTargetStats stats;
};

Run Simulate(const ApiTargetConfig& config, std::vector<Request> requests) {
  Simulation sim;
  Run run;
  ApiTarget target(&sim, config, Rng(7));
  VectorSource source(std::move(requests));
  Driver driver(&sim, &source, &target, &run.obs);
  REQUIRE(driver.Run().ok());
  run.stats = target.stats();
  return run;
}

}  // namespace

TEST_CASE("An accepted request: round trip, service time, then streaming", "[api]") {
  Run r = Simulate(Config(), {Req(0, 1000, 101)});
  const RequestRecord& a = r.obs.records[0];
  // t=0      sent
  // t=0.4    first token: 0.1 RTT + 0.2 + 1,000 x 0.0001
  // t=2.4    last token: 100 more at 50 tokens/s
  CHECK(a.first_token_ns == 400 * kMs);
  CHECK(a.finish_ns == 2400 * kMs);
  CHECK(a.queue_ns == 0);
  CHECK_FALSE(a.failed);
  CHECK(a.cost_usd == Approx((1000 * 1 + 101 * 5) / 1e6).epsilon(1e-12));
}

TEST_CASE("A 429 waits for the retry-after the rate-limit window gives", "[api]") {
  ApiTargetConfig c = Config();
  c.rpm = 2;
  Run r = Simulate(c, {Req(0, 100, 1), Req(1 * kS, 100, 1), Req(2 * kS, 100, 1)});
  // t=0      A accepted (window: A)
  // t=1      B accepted (window: A, B)
  // t=2      C refused, 429: A leaves the window at t=60, retry-after = 58 s
  // t=2.1    the 429 reaches the client; back-off 0.5 s < 58 s, so it waits 58 s
  // t=60.1   C resent; A has left (t=60), window: B + C = 2 <= 2, accepted
  // t=60.41  C's first (and only) token: 60.1 + 0.1 + 0.2 + 100 x 0.0001
  const RequestRecord& rc = r.obs.records[2];
  CHECK(rc.first_token_ns == 60410 * kMs);
  CHECK(rc.queue_ns == 58100 * kMs);  // arrival to the accepted attempt
  CHECK_FALSE(rc.failed);
  CHECK(r.stats.rate_limited == 1);
  CHECK(r.stats.retries == 1);
  CHECK(r.stats.attempts == 4);
}

TEST_CASE("Exponential back-off wins over a shorter retry-after", "[api]") {
  ApiTargetConfig c = Config();
  c.rpm = 1;
  c.retry_backoff_ns = 4 * kS;
  Run r = Simulate(c, {Req(0, 100, 1), Req(59500 * kMs, 100, 1)});
  // t=0      A accepted
  // t=59.5   B refused: A leaves at t=60, retry-after = ceil(0.5 s) = 1 s
  // t=59.6   the 429 arrives; back-off 4 s > 1 s
  // t=63.6   B resent and accepted; first token at 63.6 + 0.1 + 0.21 = 63.91
  CHECK(r.obs.records[1].first_token_ns == 63910 * kMs);
  CHECK(r.stats.rate_limited == 1);
}

TEST_CASE("An outage window fails attempts until it ends, then requests recover", "[api]") {
  ApiTargetConfig c = Config();
  c.retry_backoff_ns = 2 * kS;
  c.outages = {{10 * kS, 20 * kS}};
  Run r = Simulate(c, {Req(9 * kS, 100, 1), Req(12 * kS, 100, 1)});
  // t=9      A accepted before the outage: first token at 9.31
  // t=12     B refused (outage); error at 12.1, back-off 2 s
  // t=14.1   refused; error at 14.2, back-off 4 s
  // t=18.2   refused; error at 18.3, back-off 8 s (the cap)
  // t=26.3   the outage is over: accepted, first token at 26.3 + 0.31 = 26.61
  CHECK(r.obs.records[0].first_token_ns == 9310 * kMs);
  CHECK(r.obs.records[1].first_token_ns == 26610 * kMs);
  CHECK_FALSE(r.obs.records[1].failed);
  CHECK(r.stats.outage_errors == 3);
  CHECK(r.stats.retries == 3);

  c.max_retries = 1;
  Run fail = Simulate(c, {Req(12 * kS, 100, 1)});
  // t=12 refused; t=14.1 refused with no retries left: failed when that error arrives, 14.2.
  const RequestRecord& b = fail.obs.records[0];
  CHECK(b.failed);
  CHECK(b.finish_ns == 14200 * kMs);
  CHECK(b.cost_usd == 0);
  CHECK(fail.stats.failed_after_retries == 1);
}

TEST_CASE("Requests over the context window fail at once, without retries", "[api]") {
  Run r = Simulate(Config(), {Req(0, 8000, 1), Req(0, 8001, 1), Req(0, 100, 1001)});
  CHECK_FALSE(r.obs.records[0].failed);  // exactly the limit is fine
  for (int i : {1, 2}) {
    INFO("request " << i);
    CHECK(r.obs.records[i].failed);
    CHECK(r.obs.records[i].finish_ns == 100 * kMs);  // the 400 comes back after one round trip
    CHECK(r.obs.records[i].cost_usd == 0);
  }
  CHECK(r.stats.failed_too_long == 2);
  CHECK(r.stats.retries == 0);
}

TEST_CASE("An unavailable provider fails a request after every retry", "[api]") {
  ApiTargetConfig c = Config();
  c.availability = 0;
  c.max_retries = 2;
  Run r = Simulate(c, {Req(0, 100, 1)});
  // t=0 refused -> t=0.6 (0.1 + 0.5) refused -> t=1.7 (0.1 + 1.0) refused: failed at 1.8.
  CHECK(r.obs.records[0].failed);
  CHECK(r.obs.records[0].finish_ns == 1800 * kMs);
  CHECK(r.stats.unavailable_errors == 3);
}

TEST_CASE("Prefix hashes drive a prompt cache with a TTL and a minimum length", "[api]") {
  ApiTargetConfig c = Config();
  c.offer.prices = {1, 5, 0.1, 1.25};
  c.offer.cached_tokens = CachedTokenConvention::kAnthropic;
  c.offer.cache_min_tokens = 1024;
  c.cache_mode = PromptCacheMode::kPrefix;
  c.cache_ttl_ns = 300 * kS;
  auto with_prefix = [](TimeNs t, int32_t input, std::vector<uint64_t> hashes) {
    Request r = Req(t, input, 1);
    r.prefix_hashes = std::move(hashes);
    r.prefix_block_tokens = 512;
    return r;
  };
  Run r = Simulate(c, {with_prefix(0, 1500, {1, 2, 3}), with_prefix(10 * kS, 1536, {1, 2, 4}),
                       with_prefix(400 * kS, 1024, {1, 2}), with_prefix(401 * kS, 1000, {1, 2})});
  // t=0    cold: all 1,500 written at $1.25: 1,875 + 1 x $5 = 1,880 $/M
  CHECK(r.obs.records[0].cached_input_tokens == 0);
  CHECK(r.obs.records[0].cost_usd == Approx(1880 / 1e6).epsilon(1e-12));
  // t=10   blocks 1, 2 hit (1,024 tokens at $0.10), block 4 written (512 at $1.25):
  //        102.4 + 640 + 5 = 747.4 $/M; TTFT counts only the 512 uncached tokens
  CHECK(r.obs.records[1].cached_input_tokens == 1024);
  CHECK(r.obs.records[1].cost_usd == Approx(747.4 / 1e6).epsilon(1e-12));
  CHECK(r.obs.records[1].first_token_ns == 10 * kS + 100 * kMs + 251200 * 1000);  // 0.2 + 0.0512
  // t=400  blocks 1, 2 were last used at t=10: expired at t=310, written again
  CHECK(r.obs.records[2].cached_input_tokens == 0);
  // t=401  hit, but a 1,000-token prompt is under the 1,024-token minimum: nothing cached
  CHECK(r.obs.records[3].cached_input_tokens == 0);
  CHECK(r.obs.records[3].cost_usd == Approx(1005 / 1e6).epsilon(1e-12));
  CHECK(r.stats.cache_read_tokens == 1024);
  CHECK(r.stats.cache_write_tokens == 1500 + 512 + 1024);
}

TEST_CASE("A cached fraction reads that share of each long-enough prompt", "[api]") {
  ApiTargetConfig c = Config();
  c.offer.prices = {1, 5, 0.1, 1.25};
  c.offer.cache_min_tokens = 1024;
  c.cache_mode = PromptCacheMode::kFraction;
  c.cached_fraction = 0.5;
  Run r = Simulate(c, {Req(0, 3000, 1), Req(0, 1000, 1)});
  // 1,500 of 3,000 read: 1,500 x $1 + 1,500 x $0.10 + $5 = 1,655 $/M. Nothing is written.
  CHECK(r.obs.records[0].cached_input_tokens == 1500);
  CHECK(r.obs.records[0].cost_usd == Approx(1655 / 1e6).epsilon(1e-12));
  CHECK(r.obs.records[1].cached_input_tokens == 0);  // 500 is under the minimum
}

TEST_CASE("A batch request pays batch prices and returns after the turnaround", "[api]") {
  ApiTargetConfig c = Config();
  c.offer.batch_input_usd_per_mtok = 0.5;
  c.offer.batch_output_usd_per_mtok = 2.5;
  c.batch = true;
  c.batch_turnaround_ns = 3600 * kS;
  c.rpm = 1;  // batch requests meet no rate limit
  Run r = Simulate(c, {Req(0, 1000, 101), Req(0, 1000, 101)});
  for (const RequestRecord& rec : r.obs.records) {
    CHECK(rec.first_token_ns == 3600 * kS);
    CHECK(rec.finish_ns == 3600 * kS);
    CHECK(rec.cost_usd == Approx((1000 * 0.5 + 101 * 2.5) / 1e6).epsilon(1e-12));
  }
  CHECK(r.stats.rate_limited == 0);
}

TEST_CASE("Embedding requests: billed per input token, done with the first byte",
          "[api][embedding]") {
  // OpenAI text-embedding-3-small as the catalog imports it from LiteLLM: $0.02 per million
  // input tokens, no output price; the latency figures of the test config.
  Result<Catalog> catalog = LoadCatalog({EmbeddedCatalogSources()});
  REQUIRE(catalog.ok());
  const ApiOffer* offer = catalog->FindOffer("openai/text-embedding-3-small");
  REQUIRE(offer != nullptr);
  CHECK(offer->prices.input_usd_per_mtok == 0.02);
  CHECK(offer->prices.output_usd_per_mtok == 0);
  CHECK(offer->max_input_tokens == 8191);
  ApiTargetConfig c = Config();
  c.offer.prices = offer->prices;
  c.offer.max_input_tokens = offer->max_input_tokens;
  // 1,000 requests of 500 tokens, one every 10 ms, and one of 8,192 tokens (over the limit).
  std::vector<Request> requests;
  for (int i = 0; i < 1000; ++i) requests.push_back(Req(i * 10 * kMs, 500, 0));
  requests.push_back(Req(10 * kS, 8192, 0));
  Run r = Simulate(c, requests);
  // t=0     request 0 sent; t=0.35 its result: 0.1 RTT + 0.2 + 500 x 0.0001, nothing streams
  const RequestRecord& first = r.obs.records[0];
  CHECK(first.first_token_ns == 350 * kMs);
  CHECK(first.finish_ns == 350 * kMs);
  CHECK(first.output_tokens == 0);
  // Bill: 1,000 x 500 = 500,000 input tokens x $0.02 / 1M = $0.01; the failed one costs nothing.
  double bill = 0;
  int64_t completed = 0, failed = 0;
  for (const RequestRecord& rec : r.obs.records) {
    bill += rec.cost_usd;
    (rec.failed ? failed : completed) += 1;
    if (!rec.failed) CHECK(rec.cost_usd == Approx(500 * 0.02 / 1e6).epsilon(1e-12));
  }
  CHECK(completed == 1000);
  CHECK(failed == 1);
  CHECK(r.stats.failed_too_long == 1);
  CHECK(bill == Approx(0.01).epsilon(1e-9));
}

}  // namespace plan
