#include <catch2/catch.hpp>

#include <algorithm>
#include <cmath>

#include "read_all.h"
#include "testing/scratch_dir.h"

namespace plan {

using test::ScratchDir;
using testing::Arrivals;
using testing::ReadAll;

namespace {

LengthDist Fixed(int64_t v) {
  LengthDist d;
  d.kind = LengthKind::kFixed;
  d.value = v;
  return d;
}

WorkloadSpec Generated(ArrivalKind arrival, double rate_per_s, int64_t requests) {
  WorkloadSpec spec;
  spec.generator.arrival = arrival;
  spec.generator.rate_per_s = rate_per_s;
  spec.generator.requests = requests;
  spec.generator.input_tokens = Fixed(100);
  spec.generator.output_tokens = Fixed(10);
  return spec;
}

bool SameStream(const std::vector<Request>& a, const std::vector<Request>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i) {
    if (a[i].id != b[i].id || a[i].arrival_ns != b[i].arrival_ns ||
        a[i].input_tokens != b[i].input_tokens || a[i].output_tokens != b[i].output_tokens)
      return false;
  }
  return true;
}

// Sample mean and coefficient of variation of the gaps between arrivals.
std::pair<double, double> GapMeanCv(const std::vector<TimeNs>& arrivals) {
  double n = static_cast<double>(arrivals.size() - 1), sum = 0, sum_sq = 0;
  for (size_t i = 1; i < arrivals.size(); ++i) {
    double gap = NsToSeconds(arrivals[i] - arrivals[i - 1]);
    sum += gap;
    sum_sq += gap * gap;
  }
  double mean = sum / n;
  return {mean, std::sqrt(sum_sq / n - mean * mean) / mean};
}

}  // namespace

TEST_CASE("a generator gives the identical stream each time it is opened", "[workload]") {
  WorkloadSpec spec = Generated(ArrivalKind::kGamma, 20, 2000);
  spec.generator.burstiness = 2;
  spec.generator.input_tokens.kind = LengthKind::kLogNormal;
  spec.generator.input_tokens.median = 1000;
  spec.generator.input_tokens.sigma = 0.8;
  spec.generator.output_tokens.kind = LengthKind::kUniform;
  spec.generator.output_tokens.min = 1;
  spec.generator.output_tokens.max = 500;
  // Each candidate reopens the workload: every open must give the same requests.
  auto first = ReadAll(spec, 42);
  auto second = ReadAll(spec, 42);
  REQUIRE(first.error == "");
  REQUIRE(first.requests.size() == 2000);
  CHECK(SameStream(first.requests, second.requests));
  CHECK_FALSE(SameStream(first.requests, ReadAll(spec, 43).requests));
  CHECK(first.requests[0].arrival_ns == 0);
  CHECK(first.requests[1999].id == 1999);
  CHECK(first.stats.format == "generator");
}

TEST_CASE("each draw has its own stream: changing output lengths keeps arrivals and inputs",
          "[workload]") {
  WorkloadSpec spec = Generated(ArrivalKind::kPoisson, 5, 500);
  spec.generator.input_tokens.kind = LengthKind::kLogNormal;
  spec.generator.input_tokens.median = 500;
  spec.generator.input_tokens.sigma = 1;
  auto a = ReadAll(spec, 7);
  spec.generator.output_tokens.kind = LengthKind::kNormal;
  spec.generator.output_tokens.mean = 50;
  spec.generator.output_tokens.stddev = 20;
  auto b = ReadAll(spec, 7);
  CHECK(Arrivals(a) == Arrivals(b));
  for (size_t i = 0; i < a.requests.size(); ++i)
    CHECK(a.requests[i].input_tokens == b.requests[i].input_tokens);
}

TEST_CASE("poisson arrivals: mean gap within 2% and cv within 2% of 1 over 100k", "[workload]") {
  auto r = ReadAll(Generated(ArrivalKind::kPoisson, 20, 100000), 1);
  auto [mean_s, cv] = GapMeanCv(Arrivals(r));
  CHECK(mean_s == Approx(0.05).epsilon(0.02));  // 1 / 20 per s
  CHECK(cv == Approx(1.0).epsilon(0.02));
}

TEST_CASE("gamma arrivals: burstiness is the cv of the gaps", "[workload]") {
  WorkloadSpec spec = Generated(ArrivalKind::kGamma, 10, 100000);
  spec.generator.burstiness = 2;  // shape 1/4; the cv estimate's standard error is ~0.8%
  auto [mean_s, cv] = GapMeanCv(Arrivals(ReadAll(spec, 1)));
  CHECK(mean_s == Approx(0.1).epsilon(0.02));
  CHECK(cv == Approx(2.0).epsilon(0.05));
}

TEST_CASE("constant arrivals are i / rate exactly, offline all at 0", "[workload]") {
  auto c = ReadAll(Generated(ArrivalKind::kConstant, 3, 4));
  // 1/3 s = 333333333.3 ns -> 333333333; 2/3 s -> 666666667; 1 s.
  CHECK(Arrivals(c) == std::vector<TimeNs>{0, 333'333'333, 666'666'667, 1'000'000'000});
  auto o = ReadAll(Generated(ArrivalKind::kOffline, 0, 3));
  CHECK(Arrivals(o) == std::vector<TimeNs>{0, 0, 0});
}

TEST_CASE("duration_s bounds arrivals, max_requests cuts", "[workload]") {
  WorkloadSpec spec = Generated(ArrivalKind::kConstant, 2, 0);
  spec.generator.duration_s = 3;
  // 0, 0.5, ..., 2.5 s: six arrivals before 3 s.
  CHECK(ReadAll(spec).requests.size() == 6);
  spec.max_requests = 4;
  CHECK(ReadAll(spec).requests.size() == 4);
}

TEST_CASE("diurnal arrivals: mean rate kept, peak window busier than trough by the model",
          "[workload]") {
  WorkloadSpec spec = Generated(ArrivalKind::kDiurnal, 10, 0);
  spec.generator.peak_to_trough = 3;  // amplitude a = (3-1)/(3+1) = 0.5
  spec.generator.period_s = 1000;
  spec.generator.duration_s = 10000;
  auto r = ReadAll(spec, 5);
  // 10 per s x 10000 s = 100000 expected.
  CHECK(static_cast<double>(r.requests.size()) == Approx(100000).epsilon(0.02));
  // Windows a quarter period wide around the trough (phase 0) and the peak (phase pi):
  // integral of 1 - a cos over them is pi/2 -+ a sqrt(2), a ratio of 2.637.
  double trough = 0, peak = 0;
  for (const Request& q : r.requests) {
    double phase = std::fmod(NsToSeconds(q.arrival_ns), 1000.0) / 1000.0;
    if (phase < 0.125 || phase >= 0.875) trough += 1;
    if (phase >= 0.375 && phase < 0.625) peak += 1;
  }
  CHECK(peak / trough ==
        Approx((M_PI / 2 + 0.5 * M_SQRT2) / (M_PI / 2 - 0.5 * M_SQRT2)).epsilon(0.05));
}

TEST_CASE("length distributions: lognormal median, truncated normal, inclusive uniform",
          "[workload]") {
  WorkloadSpec spec = Generated(ArrivalKind::kOffline, 0, 100000);
  spec.generator.input_tokens.kind = LengthKind::kLogNormal;
  spec.generator.input_tokens.median = 1000;
  spec.generator.input_tokens.sigma = 0.8;
  spec.generator.output_tokens.kind = LengthKind::kNormal;
  spec.generator.output_tokens.mean = 5;
  spec.generator.output_tokens.stddev = 10;
  auto r = ReadAll(spec, 3);
  std::vector<int32_t> in, out;
  for (const Request& q : r.requests) {
    in.push_back(q.input_tokens);
    out.push_back(q.output_tokens);
  }
  std::sort(in.begin(), in.end());
  CHECK(in[in.size() / 2] == Approx(1000).epsilon(0.02));
  CHECK(*std::min_element(out.begin(), out.end()) >= 1);
  spec.generator.input_tokens.kind = LengthKind::kUniform;
  spec.generator.input_tokens.min = 3;
  spec.generator.input_tokens.max = 5;
  auto u = ReadAll(spec, 3);
  std::vector<int> counts(7, 0);
  for (const Request& q : u.requests) counts[q.input_tokens] += 1;
  CHECK(counts[2] == 0);
  CHECK(counts[6] == 0);
  CHECK(counts[3] + counts[4] + counts[5] == 100000);
  CHECK(counts[3] > 32000);
  CHECK(counts[5] > 32000);
}

TEST_CASE("empirical lengths resample a trace's rows, keeping input and output paired",
          "[workload]") {
  ScratchDir dir;
  std::string trace =
      dir.Write("pairs.csv", "num_prefill_tokens,num_decode_tokens\n10,1\n20,2\n30,3\n");
  WorkloadSpec spec = Generated(ArrivalKind::kPoisson, 1, 3000);
  spec.generator.input_tokens.kind = LengthKind::kEmpirical;
  spec.generator.input_tokens.trace_path = trace;
  spec.generator.input_tokens.column = "input";
  spec.generator.output_tokens = spec.generator.input_tokens;
  spec.generator.output_tokens.column = "output";
  auto r = ReadAll(spec, 9);
  REQUIRE(r.error == "");
  std::vector<int> seen(4, 0);
  for (const Request& q : r.requests) {
    CHECK(q.output_tokens * 10 == q.input_tokens);
    seen[q.output_tokens] += 1;
  }
  CHECK(seen[1] > 900);
  CHECK(seen[2] > 900);
  CHECK(seen[3] > 900);
  spec.generator.output_tokens = Fixed(7);
  spec.generator.input_tokens.trace_path = dir.path() + "/none.csv";
  CHECK(ReadAll(spec).error ==
        dir.path() + "/none.csv: cannot read trace: No such file or directory");
}

TEST_CASE("generated lengths are clipped to max_total_tokens and counted", "[workload]") {
  WorkloadSpec spec = Generated(ArrivalKind::kConstant, 1, 10);
  spec.generator.input_tokens = Fixed(5000);
  spec.generator.output_tokens = Fixed(5000);
  auto r = ReadAll(spec, 0, 8192);
  // 5000 + 5000 > 8192: output 8192 - 5000 = 3192.
  CHECK(r.requests[0].input_tokens == 5000);
  CHECK(r.requests[0].output_tokens == 3192);
  CHECK(r.stats.clipped == 10);
}

}  // namespace plan
