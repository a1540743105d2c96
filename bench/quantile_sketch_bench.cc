// Nanoseconds per QuantileSketch::Add and per Collector::OnRequestDone (four Adds plus the
// counters), median of several runs over one million pre-drawn values. Usage:
//   quantile_sketch_bench [runs=9]
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <vector>

#include "metrics/collector.h"
#include "metrics/quantile_sketch.h"
#include "util/rng.h"

namespace {

constexpr int kValues = 1'000'000;

template <typename F>
double MedianNsPerItem(int runs, F&& run_once) {
  std::vector<double> ns;
  for (int i = 0; i < runs; ++i) {
    const auto start = std::chrono::steady_clock::now();
    run_once();
    const auto stop = std::chrono::steady_clock::now();
    ns.push_back(std::chrono::duration<double, std::nano>(stop - start).count() / kValues);
  }
  std::sort(ns.begin(), ns.end());
  return ns[ns.size() / 2];
}

}  // namespace

int main(int argc, char** argv) {
  const int runs = argc > 1 ? std::max(1, std::atoi(argv[1])) : 9;
  plan::Rng rng(1);
  std::vector<double> values(kValues);
  for (double& v : values) v = rng.LogNormal(0.5, 1.5);  // latency-like seconds

  double sink = 0;
  const double add_ns = MedianNsPerItem(runs, [&] {
    plan::QuantileSketch sketch;
    for (double v : values) sketch.Add(v);
    sink += sketch.Quantile(0.99);
  });

  std::vector<plan::RequestRecord> records(kValues);
  plan::TimeNs t = 0;
  for (int i = 0; i < kValues; ++i) {
    plan::RequestRecord& r = records[i];
    r.id = static_cast<uint64_t>(i);
    r.arrival_ns = t;
    r.queue_ns = plan::SecondsToNs(values[i] * 0.01);
    r.first_token_ns = t + plan::SecondsToNs(values[i] * 0.2);
    r.finish_ns = r.first_token_ns + plan::SecondsToNs(values[i]);
    r.input_tokens = 1000;
    r.output_tokens = 200;
    r.tier = static_cast<int16_t>(i % 2);
    t += 50'000'000;
  }
  plan::SloSpec slo;
  slo.ttft_p99_s = 2.0;
  slo.tpot_p99_s = 0.1;
  const double record_ns = MedianNsPerItem(runs, [&] {
    plan::Collector collector(slo, 4);
    for (const plan::RequestRecord& r : records) collector.OnRequestDone(r);
    sink += collector.Summarize().ttft_s.p99;
  });

  std::printf("QuantileSketch::Add            %6.1f ns (median of %d runs x %d values)\n", add_ns,
              runs, kValues);
  std::printf("Collector::OnRequestDone       %6.1f ns (median of %d runs x %d records)\n",
              record_ns, runs, kValues);
  std::printf("(checksum %.6f)\n", sink);
  return 0;
}
