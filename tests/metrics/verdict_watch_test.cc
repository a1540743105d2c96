// Stopping a run once its SLO verdict is settled (metrics/verdict_watch.h): the tail count, the
// request at which a watch settles, and the lower bounds the Collector then reports.
#include <catch2/catch.hpp>

#include <cmath>

#include "metrics/collector.h"
#include "metrics/quantile_sketch.h"
#include "metrics/verdict_watch.h"

namespace plan {
namespace {

SloSpec TtftSlo(double s) {
  SloSpec slo;
  slo.ttft_p99_s = s;
  return slo;
}

// A request arriving at `arrival_s` with its first (and only) token `ttft_s` later.
RequestRecord OneToken(uint64_t id, double arrival_s, double ttft_s) {
  RequestRecord r;
  r.id = id;
  r.arrival_ns = SecondsToNs(arrival_s);
  r.first_token_ns = SecondsToNs(arrival_s + ttft_s);
  r.finish_ns = r.first_token_ns;
  r.input_tokens = 10;
  r.output_tokens = 1;
  return r;
}

}  // namespace

TEST_CASE("TailCount: how many values past a bound put the p99 past it", "[metrics][stop]") {
  // n - floor(0.99 (n - 1)): the sketch's p99 is the value at rank floor(0.99 (n - 1)).
  CHECK(TailCount(0) == 0);
  CHECK(TailCount(1) == 1);        // rank 0
  CHECK(TailCount(100) == 2);      // rank floor(98.01) = 98: values 98 and 99
  CHECK(TailCount(101) == 2);      // rank 99
  CHECK(TailCount(102) == 3);      // rank floor(99.99) = 99
  CHECK(TailCount(19366) == 195);  // the Azure conversation trace: rank floor(19171.35)
  for (int64_t n = 1; n < 3000; ++n) CHECK(TailCount(n + 1) >= TailCount(n));
}

TEST_CASE("A verdict settles at the request that puts the tail past the bound", "[metrics][stop]") {
  // 100 requests, TTFT p99 <= 1 s: the second request past 1 s x gamma^2 (1.0408 s) settles it.
  VerdictWatch w(TtftSlo(1.0), 100);
  CHECK(w.tail_count() == 2);
  CHECK_FALSE(w.Observe(false, 0.9, std::nullopt, 0.9));
  CHECK_FALSE(w.Observe(false, 1.03, std::nullopt, 1.03));  // past 1 s, within the sketch's error
  CHECK_FALSE(w.Observe(false, 1.5, std::nullopt, 1.5));    // first past 1.0408 s
  CHECK_FALSE(w.settled());
  CHECK(w.Observe(false, 1.05, std::nullopt, 1.05));  // second: settled
  CHECK(w.settled());
  CHECK(w.ttft_settled());
  CHECK_FALSE(w.tpot_settled());
  CHECK(w.reason() == "TTFT over 1 s for 2 requests, more than p99 allows of 100");
  CHECK_FALSE(w.Observe(false, 3.0, std::nullopt, 3.0));  // reported once

  VerdictWatch failed(TtftSlo(1.0), 100);
  CHECK(failed.Observe(true, 0, std::nullopt, 0));
  CHECK(failed.reason() == "a request failed");

  // TPOT counts only requests that have one; e2e settles the verdict but no frontier axis.
  SloSpec both;
  both.tpot_p99_s = 0.1;
  both.e2e_p99_s = 10;
  VerdictWatch t(both, 1);  // one request: the first past a bound settles it
  CHECK_FALSE(t.Observe(false, 5, std::nullopt, 5));
  CHECK(t.Observe(false, 5, 0.2, 5));
  CHECK(t.tpot_settled());
  CHECK(t.reason() == "TPOT over 0.1 s for 1 requests, more than p99 allows of 1");
}

TEST_CASE("The Collector stops at the settling request and bounds the p99 from below",
          "[metrics][stop]") {
  Collector c(TtftSlo(1.0));
  int calls = 0;
  c.WatchVerdict(100, [&] { ++calls; });
  // t=0..9: ten requests, TTFT 0.5 s each; t=10: TTFT 1.5 s (past); t=11: TTFT 1.03 s (misses,
  // but not past 1.0408 s); t=12: TTFT 2 s, the second past: settled here, after 13 of 100.
  for (int i = 0; i < 10; ++i) c.OnRequestDone(OneToken(i, i, 0.5));
  c.OnRequestDone(OneToken(10, 10, 1.5));
  c.OnRequestDone(OneToken(11, 11, 1.03));
  CHECK(calls == 0);
  c.OnRequestDone(OneToken(12, 12, 2.0));
  CHECK(calls == 1);
  const CandidateMetrics m = c.Summarize();
  CHECK(m.requests_total == 13);
  CHECK_FALSE(m.meets_slo);
  CHECK(m.settled == "TTFT over 1 s for 2 requests, more than p99 allows of 100");
  // The two largest lie above bucket 21's lower edge less a bucket (gamma^19); over gamma^2:
  // gamma^17 = 1.40496 s, below the 1.5 s any whole run's p99 is then at least.
  const double gamma = QuantileSketch::kBucketRatio;
  CHECK(std::ceil(std::log(1.5) / std::log(gamma)) == 21);
  CHECK(m.ttft_p99_at_least_s == Approx(std::pow(gamma, 17)).epsilon(1e-9));
  CHECK(m.ttft_p99_at_least_s == Approx(1.40496).epsilon(1e-5));
  CHECK(m.tpot_p99_at_least_s == 0);  // no request had a second token

  // Without a watch nothing is settled.
  Collector plain(TtftSlo(1.0));
  plain.OnRequestDone(OneToken(0, 0, 5.0));
  CHECK(plain.Summarize().settled.empty());
}

TEST_CASE("FloorOfTop: a value the k largest exceed", "[metrics][stop]") {
  QuantileSketch s;
  for (int i = 1; i <= 100; ++i) s.Add(i * 0.01);  // 0.01 .. 1.00
  CHECK(s.FloorOfTop(0) == 0);
  CHECK(s.FloorOfTop(101) == 0);  // fewer values than asked
  for (int k = 1; k <= 100; ++k) {
    INFO(k);
    const double floor = s.FloorOfTop(k);
    const double kth_largest = (101 - k) * 0.01;
    CHECK(floor < kth_largest);
    CHECK(floor > kth_largest / std::pow(QuantileSketch::kBucketRatio, 3));
  }
}

}  // namespace plan
