#include <catch2/catch.hpp>

#include "run/run_scenario.h"
#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

const char* kGenerator = R"([workload.generator]
arrival = "poisson"
rate_per_s = 5
requests = 200
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 20 }
)";

std::string ErrorOf(const std::string& text) {
  Result<Scenario> s = ParseScenario(text, "bad.toml", EmbeddedCatalog());
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kInvalidInput);
  return s.status().message();
}

TEST_CASE("a scenario parses into workload, SLO and candidates", "[scenario]") {
  std::string text = std::string("name = \"t\"\nseed = 9\n") + kGenerator + R"(
[slo]
ttft_p99_s = 1.5
[[candidate]]
name = "a"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "fp8"
tp = 1
replicas = 3
pricing = "spot"
interruptions = "none"
router = "round_robin"
autoscale = { min_replicas = 1, max_replicas = 4, cold_start_s = 60 }
)";
  Result<Scenario> s = ParseScenario(text, "ok.toml", EmbeddedCatalog());
  REQUIRE(s.ok());
  CHECK(s->name == "t");
  CHECK(s->seed == 9);
  CHECK(s->slo.ttft_p99_s == 1.5);
  CHECK_FALSE(s->slo.tpot_p99_s.has_value());
  REQUIRE(s->candidates.size() == 1);
  const SelfHostedSpec& c = s->candidates[0].self_hosted;
  CHECK(c.engine == "vllm");
  CHECK(c.replicas == 3);
  CHECK(c.pricing == PriceModel::kSpot);
  CHECK(c.router == "round_robin");
  CHECK(c.autoscale.enabled);
  CHECK(c.autoscale.max_replicas == 4);
  CHECK(c.autoscale.cold_start_s == 60);
  CHECK(s->candidates[0].loc.ToString() == "ok.toml:12:1");
}

TEST_CASE("scenario errors name the place, the problem and the nearest valid choice",
          "[scenario]") {
  std::string head = std::string("name = \"t\"\n") + kGenerator;  // 7 lines
  CHECK(ErrorOf(head + R"([[candidate]]
name = "a"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm5"
)") == "bad.toml:12:7: candidate 'a': unknown gpu 'h100-sxm5'; did you mean 'h100-sxm'?\n"
       "  gpu = \"h100-sxm5\"\n"
       "        ^");
  CHECK(ErrorOf(head + R"([[candidate]]
name = "a"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
replica = 2
)") == "bad.toml:13:1: unknown key 'replica' in a; did you mean 'replicas'?\n"
       "  replica = 2\n"
       "  ^");
  CHECK(ErrorOf(head + R"([[candidate]]
name = "a"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
tp = "2"
)") == "bad.toml:13:6: 'tp' in a must be an integer, not string\n"
       "  tp = \"2\"\n"
       "       ^");
  CHECK(
      ErrorOf(head + R"([[candidate]]
name = "a"
kind = "serverless"
)") ==
      "bad.toml:10:8: 'kind' in a: unknown value 'serverless' (known: api, edge, failover, hybrid, "
      "multi_region, self_hosted)\n"
      "  kind = \"serverless\"\n"
      "         ^");
  CHECK(ErrorOf("name = \"t\"\n[[candidate]]\nname = \"a\"\nkind = \"self_hosted\"\nmodel = "
                "\"llama-3.1-8b-instruct\"\ngpu = \"h100-sxm\"\n") ==
        "bad.toml:1:1: the scenario is missing the [workload] table\n"
        "  name = \"t\"\n"
        "  ^");
}

TEST_CASE("every problem in a scenario is reported at once", "[scenario]") {
  std::string text = std::string("name = \"t\"\n") + kGenerator + R"([[candidate]]
name = "a"
kind = "self_hosted"
model = "llama-3.1-8b"
gpu = "h100-sxm"
engine = "vlm"
[[candidate]]
name = "a"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
pricing = "ondemand"
)";
  std::string message = ErrorOf(text);
  CHECK(message.find("bad.toml:11:9: candidate 'a': unknown model 'llama-3.1-8b'; did you mean "
                     "'llama-3.1-8b-instruct'?") != std::string::npos);
  CHECK(message.find("bad.toml:13:10: candidate 'a': unknown engine 'vlm'; did you mean 'vllm'?") !=
        std::string::npos);
  CHECK(message.find("bad.toml:15:8: duplicate candidate name 'a'") != std::string::npos);
  CHECK(message.find("bad.toml:19:11: 'pricing' in a: unknown value 'ondemand'; did you mean "
                     "'on_demand'?") != std::string::npos);
}

TEST_CASE("a model that does not fit its GPUs says by how much", "[scenario]") {
  std::string text = std::string("name = \"t\"\n") + kGenerator + R"([[candidate]]
name = "too-big"
kind = "self_hosted"
model = "llama-3.1-405b-instruct"
gpu = "h100-sxm"
quant = "bf16"
tp = 2
)";
  Result<Scenario> s = ParseScenario(text, "big.toml", EmbeddedCatalog());
  REQUIRE(s.ok());
  Result<Report> r = RunScenario(*s, EmbeddedCatalog(), RunOptions{});
  REQUIRE_FALSE(r.ok());
  CHECK(r.status().code() == StatusCode::kInvalidInput);
  // At the tp written, with its line quoted (it pointed at [[candidate]], with no line).
  const std::string& m = r.status().message();
  CHECK(m.rfind("big.toml:14:6: candidate 'too-big': llama-3.1-405b-instruct in bf16 does not fit "
                "on 2 x h100-sxm with vllm: needs ",
                0) == 0);
  CHECK(m.substr(m.find('\n')) == "\n  tp = 2\n       ^");
}

TEST_CASE("the same scenario and seed give byte-identical JSON, whatever the thread count",
          "[scenario]") {
  std::string text = std::string("name = \"t\"\nseed = 3\n") + kGenerator + R"([slo]
ttft_p99_s = 1.0
[[candidate]]
name = "h100"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "h100-sxm"
quant = "fp8"
[[candidate]]
name = "l40s"
kind = "self_hosted"
model = "llama-3.1-8b-instruct"
gpu = "l40s"
quant = "fp8"
replicas = 2
)";
  Result<Scenario> s = ParseScenario(text, "det.toml", EmbeddedCatalog());
  REQUIRE(s.ok());
  RunOptions one, two;
  two.threads = 2;
  Result<Report> a = RunScenario(*s, EmbeddedCatalog(), one);
  Result<Report> b = RunScenario(*s, EmbeddedCatalog(), one);
  Result<Report> c = RunScenario(*s, EmbeddedCatalog(), two);
  REQUIRE((a.ok() && b.ok() && c.ok()));
  std::string ja = RenderReport(*a, ReportFormat::kJson);
  CHECK(ja == RenderReport(*b, ReportFormat::kJson));
  CHECK(ja == RenderReport(*c, ReportFormat::kJson));
  // Common random numbers: a candidate's numbers do not depend on the others.
  RunOptions only;
  only.only = {"l40s"};
  Result<Report> d = RunScenario(*s, EmbeddedCatalog(), only);
  REQUIRE(d.ok());
  CHECK(d->candidates[0] == a->candidates[1]);
  // A different seed draws a different workload.
  s->seed = 4;
  Result<Report> e = RunScenario(*s, EmbeddedCatalog(), one);
  REQUIRE(e.ok());
  CHECK(RenderReport(*e, ReportFormat::kJson) != ja);
}

}  // namespace
}  // namespace plan
