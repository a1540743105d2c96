// Bad references in composite candidates: path:line:col errors with the nearest name.
#include <catch2/catch.hpp>

#include <string>

#include "catalog/catalog.h"
#include "scenario/scenario.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

using test::EmbeddedCatalog;

// Lines 1-8; candidates start on line 10.
const char* kHead = R"(name = "bad"
[workload.generator]
arrival = "poisson"
rate_per_s = 2
requests = 10
input_tokens = { dist = "fixed", value = 100 }
output_tokens = { dist = "fixed", value = 10 }
[[candidate]]
name = "haiku"
kind = "api"
offer = "anthropic/claude-haiku-4-5"
)";

std::string ErrorOf(const std::string& candidates, const Catalog& catalog = EmbeddedCatalog()) {
  Result<Scenario> s = ParseScenario(std::string(kHead) + candidates, "bad.toml", catalog);
  REQUIRE_FALSE(s.ok());
  CHECK(s.status().code() == StatusCode::kInvalidInput);
  return s.status().message();
}

}  // namespace

TEST_CASE("A hybrid tier that does not exist suggests a candidate or an offer", "[hybrid]") {
  CHECK(ErrorOf(R"(
[[candidate]]
name = "h"
kind = "hybrid"
mode = "cascade"
cheap = "haikuu"
expensive = "anthropic/claude-sonet-4-5"
escalate_fraction = 0.2
)") == "bad.toml:17:9: candidate 'h': unknown target 'haikuu': neither a candidate of this "
       "scenario nor a catalog offer; did you mean 'haiku'?\n"
       "  cheap = \"haikuu\"\n"
       "          ^\n"
       "bad.toml:18:13: candidate 'h': unknown target 'anthropic/claude-sonet-4-5': neither a "
       "candidate of this scenario nor a catalog offer; did you mean "
       "'anthropic/claude-sonnet-4-5'?\n"
       "  expensive = \"anthropic/claude-sonet-4-5\"\n"
       "              ^");
}

TEST_CASE("A hybrid's mode keys: one routing rule, and nothing of the other mode", "[hybrid]") {
  CHECK(ErrorOf(R"(
[[candidate]]
name = "h"
kind = "hybrid"
mode = "classify"
cheap = "haiku"
expensive = "anthropic/claude-sonnet-4-5"
escalate_fraction = 0.2
)") == "bad.toml:19:21: 'escalate_fraction' in h does not apply to mode = \"classify\"\n"
       "  escalate_fraction = 0.2\n"
       "                      ^\n"
       "bad.toml:13:1: candidate 'h': mode = \"classify\" needs one of label_threshold, "
       "expensive_fraction or rule = { input_tokens_over = N }\n"
       "  [[candidate]]\n"
       "  ^");
  CHECK(ErrorOf(R"(
[[candidate]]
name = "h"
kind = "hybrid"
mode = "classify"
cheap = "haiku"
expensive = "haiku"
label_threshold = 2
expensive_fraction = 0.5
)") == "bad.toml:13:1: candidate 'h': give only one of label_threshold, expensive_fraction and "
       "rule\n"
       "  [[candidate]]\n"
       "  ^");
}

TEST_CASE("A reference cycle and a self reference are refused", "[failover]") {
  CHECK(ErrorOf(R"(
[[candidate]]
name = "a"
kind = "failover"
chain = ["b", "haiku"]
[[candidate]]
name = "b"
kind = "hybrid"
mode = "classify"
cheap = "a"
expensive = "haiku"
expensive_fraction = 0.5
[[candidate]]
name = "c"
kind = "api"
offer = "openai/gpt-4.1-mini"
failover = { chain = ["c"], last_resort = "cache" }
)") == "bad.toml:28:43: 'last_resort' in the failover of candidate 'c': unknown value 'cache'; "
       "did you mean 'cached_response'?\n"
       "  failover = { chain = [\"c\"], last_resort = \"cache\" }\n"
       "                                            ^\n"
       "bad.toml:28:23: candidate 'c' cannot be built from itself\n"
       "  failover = { chain = [\"c\"], last_resort = \"cache\" }\n"
       "                        ^\n"
       "bad.toml:16:10: candidate 'a' is built from itself through a cycle: a -> b -> a\n"
       "  chain = [\"b\", \"haiku\"]\n"
       "           ^");
}

TEST_CASE("Multi-region: unknown regions, unknown targets, offers not served there",
          "[multiregion]") {
  CHECK(ErrorOf(R"(
[[candidate]]
name = "mr"
kind = "multi_region"
users = { "us-east" = 0.5, "eu-wst" = 0.5 }
deployments = [{ region = "us-east", target = "nope" }]
)") == "bad.toml:16:28: candidate 'mr': unknown region 'eu-wst'; did you mean 'eu-west'?\n"
       "  users = { \"us-east\" = 0.5, \"eu-wst\" = 0.5 }\n"
       "                             ^\n"
       "bad.toml:17:47: candidate 'mr': unknown target 'nope': neither a candidate of this "
       "scenario nor a catalog offer; candidates: haiku, mr (offers: plan catalog list offers)\n"
       "  deployments = [{ region = \"us-east\", target = \"nope\" }]\n"
       "                                                ^");
  CHECK(ErrorOf(R"(
[[candidate]]
name = "mr"
kind = "multi_region"
users = ["us-east", "eu-west"]
deployments = [{ region = "us-east", target = "haiku" },
               { region = "eu-west", target = "openai/gpt-4.1-mini" }]
residency = { "eu-west" = ["eu-west"], "eu-centrl" = ["us-east"] }
)") == "bad.toml:19:40: candidate 'mr': unknown region 'eu-centrl'; did you mean 'eu-central'?\n"
       "  residency = { \"eu-west\" = [\"eu-west\"], \"eu-centrl\" = [\"us-east\"] }\n"
       "                                         ^\n"
       "bad.toml:18:27: candidate 'mr': offer 'openai/gpt-4.1-mini' is not served from 'eu-west' "
       "in the catalog (served from: us-east); deploy it in one of those regions or pick an "
       "offer served there\n"
       "                 { region = \"eu-west\", target = \"openai/gpt-4.1-mini\" }]\n"
       "                            ^");
  CHECK(ErrorOf(R"(
[[candidate]]
name = "mr"
kind = "multi_region"
users = { "us-east" = 0.5, "eu-west" = 0.4 }
deployments = [{ region = "us-east", target = "haiku" }]
residency = "eu-only"
)") == "bad.toml:16:9: the user shares of candidate 'mr' sum to 0.9, not 1\n"
       "  users = { \"us-east\" = 0.5, \"eu-west\" = 0.4 }\n"
       "          ^\n"
       "bad.toml:18:13: 'residency' in mr must be \"jurisdiction\" or a table of allowed "
       "regions per user region, not \"eu-only\"\n"
       "  residency = \"eu-only\"\n"
       "              ^");
}

TEST_CASE("Multi-region: a region pair without a round trip in the catalog", "[multiregion]") {
  Result<Catalog> catalog = LoadCatalog({EmbeddedCatalogSources(),
                                         {{"overlay/regions.toml",
                                           "[[region]]\nid = \"moon-base\"\nname = \"Moon\"\n"
                                           "jurisdiction = \"moon\"\nsource = \"a test\"\n"
                                           "checked = \"2026-11-29\"\n"}}});
  REQUIRE(catalog.ok());
  CHECK(ErrorOf(R"(
[[candidate]]
name = "mr"
kind = "multi_region"
users = { "moon-base" = 1.0 }
deployments = [{ region = "us-east", target = "haiku" }]
)",
                *catalog) ==
        "bad.toml:17:27: candidate 'mr': no round-trip time in the catalog between users "
        "in 'moon-base' and the deployment in 'us-east' (add an [[rtt]] row in a catalog "
        "overlay)\n"
        "  deployments = [{ region = \"us-east\", target = \"haiku\" }]\n"
        "                            ^");
}

TEST_CASE("Edge: a datacenter GPU is not an edge device", "[edge]") {
  CHECK(ErrorOf(R"(
[[candidate]]
name = "mac"
kind = "edge"
device = "h100-sxm"
model = "llama-3.2-3b-instruct"
)") == "bad.toml:16:10: candidate 'mac': 'h100-sxm' is a datacenter GPU; kind = \"edge\" takes an "
       "edge, consumer or cpu device (rtx-4090, apple-m2-ultra, apple-m3-max, apple-m4-max, "
       "apple-a17-pro, apple-a18-pro, snapdragon-8-gen-3, snapdragon-8-elite, xeon-6980p); use "
       "kind = \"self_hosted\" for a GPU server\n"
       "  device = \"h100-sxm\"\n"
       "           ^");
  CHECK(ErrorOf(R"(
[[candidate]]
name = "mac"
kind = "edge"
device = "apple-m3-mx"
model = "llama-3.2-3b-instruct"
devices = 0
)") == "bad.toml:16:10: candidate 'mac': unknown edge device 'apple-m3-mx'; did you mean "
       "'apple-m3-max'?\n"
       "  device = \"apple-m3-mx\"\n"
       "           ^\n"
       "bad.toml:18:11: 'devices' in mac must be >= 1, not 0\n"
       "  devices = 0\n"
       "            ^");
}

}  // namespace plan
