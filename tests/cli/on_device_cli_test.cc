// On-device serving through the CLI (issue 14): the worked scenario, throttling, the device
// -> cloud fallback, and the inputs' errors.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {

using test::CliRun;
using test::RunCli;

TEST_CASE("on-device: phones, throttled phones and a phone-then-cloud hybrid", "[scenario][edge]") {
  CliRun r = RunCli({"simulate", std::string(PLAN_SOURCE_DIR) + "/scenarios/on-device.toml",
                     "--no-bounds", "-f", "json"});
  REQUIRE(r.exit_code == 0);
  nlohmann::json j = nlohmann::json::parse(r.out);
  const nlohmann::json& c = j["candidates"];
  REQUIRE(c.size() == 10);
  REQUIRE(c[0]["name"] == "phone-qwen3-1.7b");
  REQUIRE(c[1]["name"] == "phone-qwen3-1.7b-throttled");
  REQUIRE(c[4]["name"] == "phone-then-cloud");
  // Throttled at the catalog's sustained_fraction 0.6: every step 1 / 0.6 as long, so the mean
  // TTFT and TPOT (one request at a time per phone: nothing else moves) are 1 / 0.6 as long.
  for (const char* m : {"ttft_s", "tpot_s"})
    CHECK(c[1]["latency"][m]["mean"].get<double>() * 0.6 ==
          Approx(c[0]["latency"][m]["mean"].get<double>()).epsilon(1e-9));
  // Energy per request on the phone: 9 W x the busy seconds per request.
  bool energy = false;
  for (const auto& n : c[0]["notes"])
    energy |= n.get<std::string>().rfind("energy on the device: ", 0) == 0;
  CHECK(energy);
  // The hybrid: the phone answers most; long prompts and offline phones go to the cloud, which
  // bills only those, and the cloud-only row bills everything.
  const nlohmann::json& tiers = c[4]["tiers"];
  REQUIRE(tiers.size() == 3);
  CHECK(tiers[0]["cost_usd"] == 0.0);
  CHECK(tiers[0]["share"].get<double>() > 0.8);
  CHECK(tiers[1]["share"].get<double>() > 0.1);  // 10% offline plus the long prompts
  CHECK(c[4]["cost"]["total_usd"].get<double>() < 0.3 * c[3]["cost"]["total_usd"].get<double>());
  // Laptops (MLX on an M4 Max) keep more on the device: only the 5% offline and prompts over
  // 8,192 tokens go to the cloud.
  REQUIRE(c[6]["name"] == "laptop-then-cloud");
  CHECK(c[6]["tiers"][0]["share"].get<double>() > 0.9);
  // Both user groups: 30% of requests from laptop users (the hybrid's own draw), four tiers
  // plus failures, and a cloud bill between the laptops' and the phones'.
  REQUIRE(c[7]["name"] == "phones-and-laptops");
  const nlohmann::json& groups = c[7]["tiers"];
  REQUIRE(groups.size() == 5);
  CHECK(groups[2]["name"] == "expensive (laptop-then-cloud) > cheap (laptop-qwen3-4b-mlx)");
  const double laptops = groups[2]["share"].get<double>() + groups[3]["share"].get<double>();
  CHECK(laptops == Approx(0.30).margin(0.03));
  const double bill = c[7]["cost"]["total_usd"].get<double>();
  CHECK(bill > c[6]["cost"]["total_usd"].get<double>());
  CHECK(bill < c[4]["cost"]["total_usd"].get<double>());
  // Apple's built-in model: free and with no round trip, but prompts past its 4,096-token
  // window fail; behind the hybrid they go to the cloud instead, and nothing fails.
  REQUIRE(c[8]["name"] == "iphone-apple-fm");
  CHECK(c[8]["cost"]["total_usd"] == 0.0);
  CHECK(c[8]["requests"]["failed"].get<int>() > 0);
  CHECK(c[8]["slo"]["met"] == false);
  REQUIRE(c[9]["name"] == "apple-fm-then-cloud");
  CHECK(c[9]["requests"]["failed"] == 0);
  CHECK(c[9]["slo"]["met"] == true);
  CHECK(c[9]["tiers"][0]["share"].get<double>() > 0.8);
}

TEST_CASE("A prompt past an exported on-device model's context falls back to the cloud",
          "[scenario][edge]") {
  // ExecuTorch's export holds 2,048 tokens (catalog max_context_tokens): of two requests, the
  // 2,047-token one runs on the phone, the 2,048-token one (no room for an output token) is
  // refused there and the failover chain sends it to GPT-4.1 mini.
  test::ScratchDir dir;
  const std::string trace =
      dir.Write("t.csv", "arrival_s,input_tokens,output_tokens\n0,2047,100\n100,2048,100\n");
  const std::string scenario =
      "name = \"t\"\n[workload]\ntrace = \"" + trace +
      "\"\n"
      "[[candidate]]\nname = \"phone\"\nkind = \"edge\"\ndevice = \"snapdragon-8-gen-3\"\n"
      "model = \"llama-3.2-1b-instruct\"\nquant = \"8da4w\"\nengine = \"executorch\"\n"
      "failover = { chain = [\"openai/gpt-4.1-mini\"], timeout_s = 600, retries = 0, "
      "last_resort = \"error\" }\n";
  CliRun r = RunCli({"simulate", dir.Write("a.toml", scenario), "--no-bounds", "-f", "json"});
  REQUIRE(r.exit_code == 0);
  const nlohmann::json c = nlohmann::json::parse(r.out)["candidates"][0];
  CHECK(c["requests"]["completed"] == 2);
  CHECK(c["requests"]["failed"] == 0);
  // Only the overflowing request is billed: 2,048 x $0.40 + 100 x $1.60 per million.
  CHECK(c["cost"]["total_usd"].get<double>() ==
        Approx((2048 * 0.40 + 100 * 1.60) / 1e6).epsilon(1e-9));
}

TEST_CASE("on-device inputs are checked with path:line:col", "[scenario][edge]") {
  test::ScratchDir dir;
  const std::string head =
      "name = \"t\"\n[workload.generator]\narrival = \"poisson\"\nrate_per_s = 1\nrequests = 5\n"
      "input_tokens = { dist = \"fixed\", value = 100 }\n"
      "output_tokens = { dist = \"fixed\", value = 10 }\n"
      "[[candidate]]\nname = \"phone\"\nkind = \"edge\"\ndevice = \"apple-a18-pro\"\n"
      "model = \"qwen3-0.6b\"\n";
  CliRun r = RunCli({"simulate", dir.Write("a.toml", head + "thermal = \"hot\"\n")});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::StartsWith(dir.path() + "/a.toml:13:11: "));
  CHECK_THAT(r.err, Catch::Contains("'thermal' in phone: unknown value 'hot' (known: peak, "
                                    "sustained)"));
  const std::string hybrid =
      "[[candidate]]\nname = \"h\"\nkind = \"hybrid\"\nmode = \"cascade\"\ncheap = \"phone\"\n"
      "expensive = \"openai/gpt-4.1-mini\"\nescalate_fraction = 0.1\noffline_fraction = 0.1\n";
  r = RunCli({"simulate", dir.Write("b.toml", head + hybrid)});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("b.toml:20:20: 'offline_fraction' in h does not apply to "
                                    "mode = \"cascade\""));
  const std::string over =
      "[[candidate]]\nname = \"h\"\nkind = \"hybrid\"\nmode = \"classify\"\ncheap = \"phone\"\n"
      "expensive = \"openai/gpt-4.1-mini\"\noffline_fraction = 1.5\n";
  r = RunCli({"simulate", dir.Write("c.toml", head + over)});
  CHECK(r.exit_code == 2);
  CHECK_THAT(r.err, Catch::Contains("c.toml:19:20: 'offline_fraction' in h must be <= 1, not 1.5"));
}

}  // namespace plan
