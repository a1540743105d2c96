// A workload decoded once replays as OpenWorkload's stream would give it, clipped to each
// context; the busiest window is the one holding the most tokens.
#include <catch2/catch.hpp>

#include "read_all.h"
#include "testing/scratch_dir.h"
#include "workload/decoded_workload.h"

namespace plan {

using test::ScratchDir;
using testing::ReadAll;
using testing::ReadResult;
using testing::TraceSpec;

namespace {

DecodedWorkload Decode(const WorkloadSpec& spec, uint64_t seed = 0) {
  Result<std::optional<DecodedWorkload>> w = DecodeWorkload(spec, seed, 1'000'000);
  REQUIRE(w.ok());
  REQUIRE(w->has_value());
  return std::move(**w);
}

ReadResult Replay(const DecodedWorkload& w, int64_t max_total_tokens, ContextClip clip,
                  int64_t begin, int64_t end) {
  ReadResult out;
  std::unique_ptr<WorkloadStream> s = ReplayWorkload(w, max_total_tokens, clip, begin, end);
  Request r;
  while (s->Next(&r)) out.requests.push_back(r);
  REQUIRE(s->status().ok());
  out.stats = s->stats();
  return out;
}

// Every field of every request, and the stats.
void CheckSame(const ReadResult& a, const ReadResult& b) {
  REQUIRE(a.error == "");
  REQUIRE(a.requests.size() == b.requests.size());
  for (size_t i = 0; i < a.requests.size(); ++i) {
    const Request &x = a.requests[i], &y = b.requests[i];
    INFO("request " << i);
    CHECK(x.id == y.id);
    CHECK(x.arrival_ns == y.arrival_ns);
    CHECK(x.input_tokens == y.input_tokens);
    CHECK(x.output_tokens == y.output_tokens);
    CHECK(x.prefix_hashes == y.prefix_hashes);
    CHECK(x.prefix_block_tokens == y.prefix_block_tokens);
    CHECK(x.session == y.session);
    CHECK(x.turn == y.turn);
    CHECK(x.region == y.region);
    CHECK(x.label == y.label);
  }
  CHECK(a.stats.format == b.stats.format);
  CHECK(a.stats.rows == b.stats.rows);
  CHECK(a.stats.requests == b.stats.requests);
  CHECK(a.stats.skipped_failed == b.stats.skipped_failed);
  CHECK(a.stats.raised_zero == b.stats.raised_zero);
  CHECK(a.stats.clipped == b.stats.clipped);
}

ReadResult Open(const WorkloadSpec& spec, uint64_t seed, int64_t max_total_tokens,
                ContextClip clip) {
  ReadResult out;
  Result<std::unique_ptr<RequestSource>> s = OpenWorkload(spec, seed, max_total_tokens, clip);
  REQUIRE(s.ok());
  Request r;
  while ((*s)->Next(&r)) out.requests.push_back(r);
  if (!(*s)->status().ok()) out.error = (*s)->status().message();
  out.stats = *WorkloadStatsOf(**s);
  return out;
}

WorkloadSpec Lognormal(ArrivalKind arrival, double rate, int64_t requests) {
  WorkloadSpec spec;
  spec.generator.arrival = arrival;
  spec.generator.rate_per_s = rate;
  spec.generator.requests = requests;
  spec.generator.input_tokens.kind = LengthKind::kLogNormal;
  spec.generator.input_tokens.median = 900;
  spec.generator.input_tokens.sigma = 0.9;
  spec.generator.output_tokens.kind = LengthKind::kLogNormal;
  spec.generator.output_tokens.median = 200;
  spec.generator.output_tokens.sigma = 0.9;
  return spec;
}

}  // namespace

TEST_CASE("A decoded generator replays its stream, clipped to each context", "[workload]") {
  const WorkloadSpec spec = Lognormal(ArrivalKind::kGamma, 20, 3000);
  const DecodedWorkload w = Decode(spec, 11);
  REQUIRE(w.size() == 3000);
  for (int64_t context : {0, 4096, 1024})
    for (ContextClip clip : {ContextClip::kOutputOnly, ContextClip::kOutputThenInput}) {
      INFO("context " << context);
      const ReadResult replay = Replay(w, context, clip, 0, w.size());
      CheckSame(Open(spec, 11, context, clip), replay);
      if (context == 1024) CHECK(replay.stats.clipped > 100);  // clipping was exercised
    }
}

TEST_CASE("A decoded trace keeps prefix hashes, sessions, regions and labels", "[workload]") {
  ScratchDir dir;
  const WorkloadSpec mooncake =
      TraceSpec(dir.Write("m.jsonl",
                          "{\"timestamp\": 0, \"input_length\": 6758, \"output_length\": 500, "
                          "\"hash_ids\": [0, 1, 2]}\n"
                          "{\"timestamp\": 10, \"input_length\": 100, \"output_length\": 0}\n"
                          "{\"timestamp\": 1500, \"input_length\": 1200, \"output_length\": 3, "
                          "\"hash_ids\": [0, 3]}\n"));
  const DecodedWorkload m = Decode(mooncake);
  CHECK(m.has_prefix_hashes());
  for (int64_t context : {0, 2048})
    CheckSame(Open(mooncake, 0, context, ContextClip::kOutputOnly),
              Replay(m, context, ContextClip::kOutputOnly, 0, 3));
  CHECK(Replay(m, 0, ContextClip::kOutputOnly, 0, 3).stats.raised_zero == 1);

  WorkloadSpec csv = TraceSpec(dir.Write("g.csv",
                                         "t,in,out,r,cls,user\n"
                                         "1,10,5,,,\n"
                                         "2,20,6,2,1,u1\n"
                                         "3,30,7,,0,u2\n"));
  csv.has_columns = true;
  csv.columns.time = "t";
  csv.columns.input = "in";
  csv.columns.output = "out";
  csv.columns.region = "r";
  csv.columns.label = "cls";
  csv.columns.session = "user";
  const DecodedWorkload g = Decode(csv);
  CHECK_FALSE(g.has_prefix_hashes());
  CheckSame(Open(csv, 0, 0, ContextClip::kOutputOnly),
            Replay(g, 0, ContextClip::kOutputOnly, 0, 3));
  // A slice keeps the requests' own ids and times.
  const ReadResult tail = Replay(g, 0, ContextClip::kOutputOnly, 1, 3);
  REQUIRE(tail.requests.size() == 2);
  CHECK(tail.requests[0].id == 1);
  CHECK(tail.requests[0].arrival_ns == 1'000'000'000);
  CHECK(tail.requests[0].region == 2);
  CHECK(tail.requests[1].label == 0);
  CHECK(tail.stats.requests == 2);
}

TEST_CASE("Sessions and workloads over the limit are not decoded", "[workload]") {
  WorkloadSpec sessions = Lognormal(ArrivalKind::kPoisson, 1, 100);
  sessions.sessions.enabled = true;
  sessions.sessions.turns.kind = LengthKind::kFixed;
  sessions.sessions.turns.value = 3;
  sessions.sessions.think_time_s = 10;
  Result<std::optional<DecodedWorkload>> s = DecodeWorkload(sessions, 0, 1'000'000);
  REQUIRE(s.ok());
  CHECK_FALSE(s->has_value());
  const WorkloadSpec plain = Lognormal(ArrivalKind::kPoisson, 1, 100);
  Result<std::optional<DecodedWorkload>> big = DecodeWorkload(plain, 0, 99);
  REQUIRE(big.ok());
  CHECK_FALSE(big->has_value());
  Result<std::optional<DecodedWorkload>> fits = DecodeWorkload(plain, 0, 100);
  REQUIRE(fits.ok());
  CHECK((*fits)->size() == 100);
  WorkloadSpec missing = TraceSpec("no-such-trace.csv");
  Result<std::optional<DecodedWorkload>> err = DecodeWorkload(missing, 0, 100);
  REQUIRE_FALSE(err.ok());
  CHECK(err.status().message() == ReadAll(missing).error);
}

TEST_CASE("The busiest window holds the most tokens, the earliest on a tie", "[workload]") {
  ScratchDir dir;
  // Tokens (in + out) per arrival: t=0: 10, 1: 10, 2: 10, 10: 40, 10.5: 5, 11.9: 30, 30: 100.
  const DecodedWorkload w = Decode(TraceSpec(dir.Write("w.csv",
                                                       "arrival_s,input_tokens,output_tokens\n"
                                                       "0,9,1\n1,9,1\n2,9,1\n"
                                                       "10,39,1\n10.5,4,1\n11.9,29,1\n"
                                                       "30,99,1\n")));
  // 2 s: [10, 12) holds 75 tokens; 30 s alone holds 100.
  RequestWindow two = BusiestWindow(w, SecondsToNs(2));
  CHECK(two.begin == 6);
  CHECK(two.end == 7);
  CHECK(two.tokens == 100);
  // 25 s: from t=0, 105 tokens; from t=10, 175; from t=10.5, 135.
  RequestWindow wide = BusiestWindow(w, SecondsToNs(25));
  CHECK(wide.begin == 3);
  CHECK(wide.end == 7);
  CHECK(wide.tokens == 175);
  CHECK(wide.start_ns == SecondsToNs(10));
  CHECK(wide.end_ns == SecondsToNs(30));
  // A tie keeps the earliest: every 1 s window holds one request of 10 tokens.
  const DecodedWorkload flat = Decode(TraceSpec(
      dir.Write("f.csv", "arrival_s,input_tokens,output_tokens\n0,9,1\n5,9,1\n10,9,1\n")));
  RequestWindow tie = BusiestWindow(flat, SecondsToNs(1));
  CHECK(tie.begin == 0);
  CHECK(tie.end == 1);
  CHECK(tie.tokens == 10);
}

}  // namespace plan
