// Every conversion to simulated nanoseconds is range-checked: nothing overflows int64, and a
// workload or simulation that runs past the 50 years plan simulates is an error, not a wrap.
#include <catch2/catch.hpp>

#include "../sim/sim_fakes.h"
#include "read_all.h"
#include "testing/scratch_dir.h"
#include "util/units.h"
#include "workload/trace_source.h"

namespace plan {

using test::ScratchDir;
using testing::ReadAll;
using testing::TraceSpec;

TEST_CASE("SecondsToNs rounds, and clamps what int64 cannot hold", "[workload]") {
  CHECK(kMaxTimeNs == 1'577'880'000'000'000'000);  // 50 x 365.25 days
  CHECK(SecondsToNs(1.5) == 1'500'000'000);
  CHECK(SecondsToNs(2.5e-9) == 3);  // to nearest, half away from zero
  CHECK(SecondsToNs(1e300) == kMaxTimeNs);
  CHECK(SecondsToNs(-1e300) == -kMaxTimeNs);
  CHECK(SecondsToNs(std::numeric_limits<double>::infinity()) == kMaxTimeNs);
  CHECK(SecondsToNs(std::nan("")) == 0);
}

TEST_CASE("A generator whose arrivals pass 50 years stops with an error", "[workload]") {
  WorkloadSpec spec;
  GeneratorSpec& g = spec.generator;
  g.arrival = ArrivalKind::kConstant;
  g.rate_per_s = 1e-6;  // one request every 10^6 s
  g.requests = 2000;
  g.loc = {"g.toml", 2, 1};
  auto r = ReadAll(spec);
  // Request i arrives at i x 10^15 ns; i = 1578 is past 1.57788 x 10^18 ns.
  CHECK(r.requests.size() == 1578);
  CHECK(r.requests.back().arrival_ns == 1577 * int64_t{1'000'000'000'000'000});
  CHECK(r.error ==
        "g.toml:2:1: request 1579 would arrive after 50 years, the longest span plan "
        "simulates; raise rate_per_s or lower requests");
}

TEST_CASE("A trace replayed so slowly that it passes 50 years is an error", "[workload]") {
  ScratchDir dir;
  std::string path =
      dir.Write("t.csv", "arrival_s,input_tokens,output_tokens\n0,5,5\n100000,5,5\n");
  WorkloadSpec spec = TraceSpec(path);
  spec.rate_scale = 1e-6;  // 10^5 s becomes 10^11 s, 3169 years
  auto r = ReadAll(spec);
  CHECK(r.requests.size() == 1);
  CHECK(r.error == path +
                       ":3:1: time is 3169 years after the first row's (with rate_scale), beyond "
                       "the 50 years plan simulates\n"
                       "  100000,5,5\n"
                       "  ^");
}

TEST_CASE("A trace spanning 60 years is an error", "[workload]") {
  ScratchDir dir;
  std::string path = dir.Write("a.csv",
                               "TIMESTAMP,ContextTokens,GeneratedTokens\n"
                               "1970-01-01 00:00:00,5,5\n2030-01-01 00:00:00,5,5\n");
  auto r = ReadAll(TraceSpec(path));
  CHECK(r.error.rfind(path + ":3:1: time is 60 years after the first row's, beyond the 50 years "
                             "plan simulates\n",
                      0) == 0);
}

TEST_CASE("A trace's rate_scale must be positive and bounded", "[workload]") {
  ScratchDir dir;
  std::string path = dir.Write("t.csv", "arrival_s,input_tokens,output_tokens\n0,5,5\n");
  for (double bad : {0.0, -1.0, 1e7, std::nan("")}) {
    TraceOpenOptions opt;
    opt.path = path;
    opt.rate_scale = bad;
    Result<std::unique_ptr<WorkloadStream>> s = OpenTrace(opt);
    REQUIRE_FALSE(s.ok());
    CHECK(s.status().message().rfind(path + ": rate_scale must be > 0 and <= 1e+06, not ", 0) == 0);
  }
}

TEST_CASE("A simulation that runs past 50 years stops with an error", "[workload]") {
  // One replica taking 40 years per step: the second step would end past the horizon.
  Simulation sim;
  testing::RecordingObserver obs;
  const TimeNs forty_years = 40 * 365 * 86400 * kNsPerS;
  LinearStepTimer timer(forty_years, 0, 0);
  FleetConfig f;
  f.replica.kv_capacity_tokens = 1000;
  Fleet fleet(&sim, f, &timer, &obs);
  testing::VectorSource source({testing::Req(0, 10, 2)});
  Driver driver(&sim, &source, &fleet, &obs);
  Status s = driver.Run();
  CHECK(s.code() == StatusCode::kInvalidInput);
  CHECK(s.message() ==
        "the simulation passed 50 years of simulated time with 1 of 1 requests unfinished; the "
        "workload is far beyond what this deployment can serve");
}

}  // namespace plan
