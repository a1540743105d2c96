// plan catalog list KIND: -f json, -o FILE, and the --provider, --model and --gpu filters.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

std::vector<std::string> Ids(const nlohmann::json& entries) {
  std::vector<std::string> ids;
  for (const nlohmann::json& e : entries) ids.push_back(e["id"]);
  return ids;
}

TEST_CASE("plan catalog list offers -f json: one provider and model, every key pinned",
          "[cli][catalog]") {
  // Figures from catalog/providers.toml and catalog/offer_profiles.toml (groq/*: us-east;
  // groq/llama-3.1-8b-instant: 0.191 s, 751 tokens/s published).
  test::CliRun r = test::RunCli(
      {"catalog", "list", "offers", "--provider", "groq", "--model", "llama-3.1-8b", "-f", "json"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.err.empty());
  const nlohmann::json j = nlohmann::json::parse(r.out);
  REQUIRE(j.size() == 1);
  REQUIRE(j["offers"].size() == 1);
  nlohmann::json offer = j["offers"][0];
  const std::string source = offer["source"];
  CHECK(source.find("key 'groq/llama-3.1-8b-instant'") != std::string::npos);
  offer.erase("source");  // the LiteLLM file's date, pinned by the catalog's own tests
  CHECK(offer.dump() ==
        R"({"base":null,"batch_input_usd_per_mtok":null,"batch_output_usd_per_mtok":null,)"
        R"("cached_read_usd_per_mtok":null,"id":"groq/llama-3.1-8b-instant",)"
        R"("input_usd_per_mtok":0.05,"latency_basis":"published",)"
        R"("long_context_above_tokens":null,"max_input_tokens":128000,)"
        R"("max_output_tokens":8192,"model":"llama-3.1-8b-instant",)"
        R"("output_tokens_per_s":751.0,"output_usd_per_mtok":0.08,"provider":"groq",)"
        R"("regions":["us-east"],"training_usd_per_mtok":null,"ttft_s":0.191})");
  // The keys in the order written.
  CHECK(r.out.find("\"id\"") < r.out.find("\"provider\""));
  CHECK(r.out.find("\"provider\"") < r.out.find("\"model\""));
}

TEST_CASE("plan catalog list filters by provider, by model words and by gpu words",
          "[cli][catalog]") {
  test::CliRun groq = test::RunCli({"catalog", "list", "offers", "--provider", "groq"});
  REQUIRE(groq.exit_code == 0);
  CHECK(groq.out ==
        "id                            $/M in  $/M out  cached  batch in/out  long ctx  max input"
        "  TTFT s  tok/s  latency    tuned from  train $/M  regions\n"
        "----------------------------  ------  -------  ------  ------------  --------  ---------"
        "  ------  -----  ---------  ----------  ---------  -------\n"
        "groq/llama-3.1-8b-instant       0.05     0.08       -             -         -     128000"
        "    0.19    751  published  -                   -  us-east\n"
        "groq/llama-3.3-70b-versatile    0.59     0.79       -             -         -     128000"
        "    0.22    305  published  -                   -  us-east\n"
        "groq/openai/gpt-oss-120b        0.15      0.6   0.075             -         -     131072"
        "    0.22    500  published  -                   -  us-east\n"
        "groq/openai/gpt-oss-20b        0.075      0.3  0.0375             -         -     131072"
        "    0.34   1000  published  -                   -  us-east\n"
        "groq/qwen/qwen3-32b             0.29     0.59       -             -         -     131000"
        "    0.42    400  published  -                   -  us-east\n");

  // Word by word, without case: every provider's Llama 3.1 8B, however it spells it.
  test::CliRun l8 =
      test::RunCli({"catalog", "list", "offers", "--model", "llama-3.1-8b", "-f", "json"});
  REQUIRE(l8.exit_code == 0);
  CHECK(Ids(nlohmann::json::parse(l8.out)["offers"]) ==
        std::vector<std::string>{"cerebras/llama3.1-8b",
                                 "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct",
                                 "deepinfra/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo",
                                 "fireworks/llama-v3p1-8b-instruct", "groq/llama-3.1-8b-instant",
                                 "sambanova/Meta-Llama-3.1-8B-Instruct",
                                 "together/meta-llama/Meta-Llama-3.1-8B-Instruct-Turbo"});

  test::CliRun h100 = test::RunCli({"catalog", "list", "gpus", "--gpu", "h100", "-f", "json"});
  REQUIRE(h100.exit_code == 0);
  const nlohmann::json gpus = nlohmann::json::parse(h100.out)["gpus"];
  CHECK(Ids(gpus) == std::vector<std::string>{"h100-sxm", "h100-pcie"});
  CHECK(gpus[0]["memory_gib"].get<double>() == Approx(79.65));  // gpus.toml: 81559 MiB
  CHECK(gpus[1]["spot_usd_per_hour"].is_null());                // the table's "-"

  test::CliRun models =
      test::RunCli({"catalog", "list", "models", "--model", "llama-3.1", "-f", "json"});
  REQUIRE(models.exit_code == 0);
  // Not llama-3.2-1b-instruct: no number is skipped between 3 and 1.
  CHECK(Ids(nlohmann::json::parse(models.out)["models"]) ==
        std::vector<std::string>{"llama-3.1-8b-instruct", "llama-3.1-70b-instruct",
                                 "llama-3.1-405b-instruct"});

  // A known model that the provider does not serve: an empty listing, not an error.
  test::CliRun none = test::RunCli(
      {"catalog", "list", "offers", "--provider", "groq", "--model", "claude", "-f", "json"});
  CHECK(none.exit_code == 0);
  CHECK(none.out == "{\n  \"offers\": []\n}\n");
}

TEST_CASE("plan catalog list: an unknown filter value or a filter on the wrong kind exits 2",
          "[cli][catalog]") {
  test::CliRun r = test::RunCli({"catalog", "list", "offers", "--provider", "grok"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == "unknown provider 'grok'; did you mean 'groq'?\n");
  // Not gpt-4.2: its words match openai/ft:gpt-4o-2024-08-06 ("2" begins "2024").
  r = test::RunCli({"catalog", "list", "offers", "--model", "gpt-4.3"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "unknown model 'gpt-4.3'; did you mean 'gpt-4.1'?\n");
  r = test::RunCli({"catalog", "list", "gpus", "--gpu", "h100-sxm5"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "unknown gpu 'h100-sxm5'; did you mean 'h100-sxm'?\n");
  r = test::RunCli({"catalog", "list", "--gpu", "h100"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "plan catalog list: --gpu filters gpus; name the kind: plan catalog list gpus "
        "--gpu h100\n");
  r = test::RunCli({"catalog", "list", "quant", "--model", "llama"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "plan catalog list: --model filters models or offers; name the kind: plan "
        "catalog list models --model llama\n");
  r = test::RunCli({"catalog", "list", "regions", "-f", "csv"});
  CHECK(r.exit_code == 2);
  CHECK(r.err == "plan catalog list: format 'csv' is not one of table, json\n");
}

TEST_CASE("plan catalog list -o FILE.json writes JSON, every kind when none is named",
          "[cli][catalog]") {
  test::ScratchDir dir;
  const std::string path = dir.File("catalog.json");
  test::CliRun r = test::RunCli({"catalog", "list", "-o", path});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out.empty());
  Result<std::string> text = ReadFile(path);
  REQUIRE(text.ok());
  const nlohmann::json j = nlohmann::json::parse(*text);
  std::vector<std::string> kinds;
  for (const auto& [kind, entries] : j.items()) kinds.push_back(kind);
  // nlohmann::json sorts keys; the file's order is the table's (gpus first, offers last).
  CHECK(kinds ==
        std::vector<std::string>{"engines", "gpus", "models", "offers", "quant", "regions"});
  CHECK(text->find("\"gpus\"") < text->find("\"offers\""));
  CHECK(j["offers"].size() == 108);  // 106 from LiteLLM, 2 built into an OS  // the README's count:
                                     // 100 + the 6 OpenAI fine-tunes
}

}  // namespace
}  // namespace plan
