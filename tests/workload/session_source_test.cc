#include <catch2/catch.hpp>

#include "read_all.h"
#include "util/toml_reader.h"
#include "workload/session_source.h"

namespace plan {

using testing::ReadAll;

namespace {

LengthDist Fixed(int64_t v) {
  LengthDist d;
  d.kind = LengthKind::kFixed;
  d.value = v;
  return d;
}

// Constant arrivals of one session per second; every session 3 turns 2.5 s apart; a 600-token
// system prompt, 300-token messages, 400-token answers.
WorkloadSpec Conversations(int64_t requests) {
  WorkloadSpec spec;
  GeneratorSpec& g = spec.generator;
  g.arrival = ArrivalKind::kConstant;
  g.rate_per_s = 1;
  g.requests = requests;
  g.input_tokens = Fixed(300);
  g.output_tokens = Fixed(400);
  SessionSpec& s = spec.sessions;
  s.enabled = true;
  s.turns = Fixed(3);
  s.think_time_s = 2.5;
  s.think_exponential = false;
  s.system_prompt_tokens = 600;
  return spec;
}

std::string ParseErrors(const std::string& text) {
  Diagnostics diag;
  std::optional<toml::table> doc = ParseToml(text, "s.toml", &diag);
  REQUIRE(doc);
  TomlTable t(*(*doc)["workload"].as_table(), "s.toml", &diag, "[workload]");
  ParseWorkloadSpec(t, "/scen");
  return diag.Render();
}

}  // namespace

TEST_CASE("sessions interleave turns in arrival order and carry their history", "[workload]") {
  testing::ReadResult r = ReadAll(Conversations(10));
  REQUIRE(r.error.empty());
  REQUIRE(r.requests.size() == 10);
  // Sessions start at t = 0, 1, 2, ... s; turn k of session s at (s - 1) + 2.5 k.
  // t=0 s1#0  t=1 s2#0  t=2 s3#0  t=2.5 s1#1  t=3 s4#0  t=3.5 s2#1  t=4 s5#0  t=4.5 s3#1
  // t=5 s6#0 (a new session first on a tie)  t=5 s1#2
  const std::vector<std::pair<uint32_t, int32_t>> order = {{1, 0}, {2, 0}, {3, 0}, {1, 1}, {4, 0},
                                                           {2, 1}, {5, 0}, {3, 1}, {6, 0}, {1, 2}};
  const std::vector<TimeNs> at = {0, 1000, 2000, 2500, 3000, 3500, 4000, 4500, 5000, 5000};
  for (size_t i = 0; i < order.size(); ++i) {
    INFO("request " << i);
    CHECK(r.requests[i].id == i);
    CHECK(r.requests[i].session == order[i].first);
    CHECK(r.requests[i].turn == order[i].second);
    CHECK(r.requests[i].arrival_ns == at[i] * 1'000'000);
    CHECK(r.requests[i].output_tokens == 400);
    CHECK(r.requests[i].prefix_block_tokens == 512);
  }
  // Prompts: 600 + 300 = 900; then + 400 answer + 300 message = 1,600; then 2,300.
  const Request& first = r.requests[0];
  const Request& second = r.requests[3];
  const Request& third = r.requests[9];
  CHECK(first.input_tokens == 900);
  CHECK(second.input_tokens == 1600);
  CHECK(third.input_tokens == 2300);
  // Full 512-token blocks: 1, 3, 4. Block 0 lies in the system prompt: every session shares
  // it. The others belong to the session, and a later turn repeats the earlier ones.
  REQUIRE(first.prefix_hashes.size() == 1);
  REQUIRE(second.prefix_hashes.size() == 3);
  REQUIRE(third.prefix_hashes.size() == 4);
  CHECK(first.prefix_hashes[0] == SystemPromptHashes(600).at(0));
  CHECK(r.requests[1].prefix_hashes == first.prefix_hashes);  // session 2's first turn
  CHECK(std::equal(second.prefix_hashes.begin(), second.prefix_hashes.end(),
                   third.prefix_hashes.begin()));
  const Request& s2_second = r.requests[5];
  CHECK(s2_second.prefix_hashes[0] == second.prefix_hashes[0]);
  CHECK(s2_second.prefix_hashes[1] != second.prefix_hashes[1]);
  CHECK(SystemPromptHashes(600).size() == 1);
  CHECK(SystemPromptHashes(511).empty());
}

TEST_CASE("a session ends when its history would fill the context", "[workload]") {
  WorkloadSpec spec = Conversations(3);
  spec.generator.rate_per_s = 0.01;  // the next session starts at t = 100 s
  // Limit 1,900: turn 0 (900 + 400) fits; turn 1's 1,600-token prompt leaves room (1,601 <=
  // 1,900) and its answer is clipped to 300; turn 2 would be 1,600 + 300 + 300 = 2,200
  // tokens, more than the context, so session 1 ends and the third request is session 2's.
  testing::ReadResult r = ReadAll(spec, 0, 1900);
  REQUIRE(r.error.empty());
  REQUIRE(r.requests.size() == 3);
  CHECK(r.requests[1].input_tokens == 1600);
  CHECK(r.requests[1].output_tokens == 300);
  CHECK(r.stats.clipped == 1);
  CHECK(r.requests[2].session == 2);
  CHECK(r.requests[2].turn == 0);
  CHECK(r.requests[2].arrival_ns == 100 * kNsPerS);
}

TEST_CASE("the same seed gives the same sessions", "[workload]") {
  WorkloadSpec spec = Conversations(200);
  spec.generator.arrival = ArrivalKind::kPoisson;
  spec.sessions.think_exponential = true;
  spec.sessions.turns.kind = LengthKind::kUniform;
  spec.sessions.turns.min = 1;
  spec.sessions.turns.max = 6;
  testing::ReadResult a = ReadAll(spec, 5), b = ReadAll(spec, 5);
  REQUIRE(a.requests.size() == 200);
  REQUIRE(b.requests.size() == 200);
  for (size_t i = 0; i < a.requests.size(); ++i) {
    CHECK(a.requests[i].arrival_ns == b.requests[i].arrival_ns);
    CHECK(a.requests[i].session == b.requests[i].session);
    CHECK(a.requests[i].input_tokens == b.requests[i].input_tokens);
    if (i > 0) CHECK(a.requests[i].arrival_ns >= a.requests[i - 1].arrival_ns);
  }
}

TEST_CASE("session errors read path:line:col", "[workload]") {
  const std::string gen =
      "[workload.generator]\narrival = \"poisson\"\nrate_per_s = 1\nrequests = 10\n"
      "input_tokens = { dist = \"fixed\", value = 10 }\n"
      "output_tokens = { dist = \"fixed\", value = 10 }\n";
  CHECK(ParseErrors("[workload]\n" + gen +
                    "[workload.sessions]\nturns = { dist = \"fixed\", value = 0 }\n"
                    "think_time_s = -1\n"
                    "state_store = { p50_ms = 5, p99_ms = 1 }\n") ==
        "s.toml:9:35: 'value' in turns in [workload.sessions] must be >= 1, not 0\n"
        "  turns = { dist = \"fixed\", value = 0 }\n"
        "                                    ^\n"
        "s.toml:10:16: 'think_time_s' in [workload.sessions] must be >= 0, not -1\n"
        "  think_time_s = -1\n"
        "                 ^\n"
        "s.toml:11:38: 'p99_ms' in state_store in [workload.sessions] must be >= 'p50_ms' (5), "
        "not 1\n"
        "  state_store = { p50_ms = 5, p99_ms = 1 }\n"
        "                                       ^");
  CHECK(ParseErrors("[workload]\ntrace = \"t.csv\"\n"
                    "[workload.sessions]\nturns = { dist = \"fixed\", value = 2 }\n"
                    "think_time_s = 1\n") ==
        "s.toml:3:1: 'sessions' in [workload] applies only to a generator; a trace carries its "
        "own session column\n"
        "  [workload.sessions]\n"
        "  ^");
  CHECK(ParseErrors("[workload]\n" + gen + "[workload.sessions]\nthink_time_s = 1\n") ==
        "s.toml:8:1: [workload.sessions] is missing required key 'turns'\n"
        "  [workload.sessions]\n"
        "  ^");
}

}  // namespace plan
