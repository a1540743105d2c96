#include <catch2/catch.hpp>

#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {

namespace {

std::string Slurp(const std::string& path) {
  Result<std::string> text = ReadFile(path);
  return text.ok() ? *text : "<unreadable>";
}

}  // namespace

TEST_CASE("plan trace stats prints counts, span, rate and length percentiles", "[workload]") {
  test::ScratchDir dir;
  std::string path =
      dir.Write("b.csv",
                "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
                "5,ChatGPT,472,18,490,Conversation log\n"
                "45,ChatGPT,1087,0,1087,Conversation log\n"
                "9,GPT-4,417,276,693,API log\n"
                "25,GPT-4,0,30,30,API log\n");
  test::CliRun r = test::RunCli({"trace", "stats", path, "--max-total-tokens", "600"});
  // A skipped (failed) row still sets the time order.
  CHECK(r.exit_code == 2);
  CHECK(r.err == path +
                     ":4:1: time '9' is earlier than '45' on line 3; rows must be in time order\n"
                     "  9,GPT-4,417,276,693,API log\n"
                     "  ^\n");
  CHECK(r.out == "");
  std::string fixed =
      dir.Write("ok.csv",
                "Timestamp,Model,Request tokens,Response tokens,Total tokens,Log Type\n"
                "5,ChatGPT,472,18,490,Conversation log\n"
                "9,GPT-4,417,276,693,API log\n"
                "25,GPT-4,0,30,30,API log\n"
                "45,ChatGPT,1087,0,1087,Conversation log\n");
  r = test::RunCli({"trace", "stats", fixed, "--max-total-tokens", "600"});
  REQUIRE(r.exit_code == 0);
  // Kept: (472,18) at 0 s, (417,276 -> 417,183 clipped) at 4 s, (0 -> 1,30) at 20 s.
  // Input mean (472+417+1)/3 = 296.7; output mean (18+183+30)/3 = 77.0; rate 3 / 20 s.
  CHECK(r.out == "file              " + fixed +
                     "\n"
                     "format            burstgpt\n"
                     "rows              4\n"
                     "requests          3\n"
                     "span_s            20.000\n"
                     "mean_rate_per_s   0.150\n"
                     "skipped_failed    1\n"
                     "raised_zero       1\n"
                     "clipped           1 (to 600 tokens)\n"
                     "prefix_hashes     0 requests\n"
                     "sessions          0 requests\n"
                     "\n"
                     "tokens   mean  p50  p90  p99  max\n"
                     "------  -----  ---  ---  ---  ---\n"
                     "input   296.7  417  472  472  472\n"
                     "output   77.0   30  183  183  183\n");
}

TEST_CASE("plan trace reports input errors with exit 2 and path:line:col", "[workload]") {
  test::ScratchDir dir;
  std::string path = dir.Write("v.csv", "arrived_at,num_prefill_tokens,num_decode_tokens\n0,1,x\n");
  test::CliRun r = test::RunCli({"trace", "stats", path});
  CHECK(r.exit_code == 2);
  CHECK(r.err == path +
                     ":2:5: bad num_decode_tokens 'x': expected a whole number of tokens\n"
                     "  0,1,x\n"
                     "      ^\n");
  r = test::RunCli({"trace", "generate", "-o", dir.path() + "/g.csv", "--requests", "3", "--rate",
                    "1", "--input-tokens", "{ dist = \"lognorm\", median = 5, sigma = 1 }",
                    "--output-tokens", "9"});
  CHECK(r.exit_code == 2);
  CHECK(r.err ==
        "<command line>:6:25: 'dist' in input_tokens in [workload.generator]: unknown value "
        "'lognorm'; did you mean 'lognormal'?\n"
        "  input_tokens = { dist = \"lognorm\", median = 5, sigma = 1 }\n"
        "                          ^\n");
}

TEST_CASE("plan trace convert rewrites any format as generic CSV", "[workload]") {
  test::ScratchDir dir;
  std::string in = dir.Write("a.csv",
                             "TIMESTAMP,ContextTokens,GeneratedTokens\r\n"
                             "2023-11-16 18:15:46.6805900,374,44\r\n"
                             "2023-11-16 18:15:50.9951690,396,109\r\n"
                             "2023-11-16 18:16:46.6805900,20000,5000\r\n");
  std::string out = dir.path() + "/out.csv";
  test::CliRun r =
      test::RunCli({"trace", "convert", in, out, "--rate-scale", "2", "--max-requests", "2"});
  REQUIRE(r.exit_code == 0);
  CHECK(r.out == "wrote 2 requests to " + out + "\n");
  // 4.314579 s / 2 = 2.1572895 s.
  CHECK(Slurp(out) == "arrival_s,input_tokens,output_tokens\n0,374,44\n2.1572895,396,109\n");
  std::string jsonl = dir.path() + "/out.jsonl";
  REQUIRE(test::RunCli({"trace", "convert", in, jsonl}).exit_code == 0);
  CHECK(Slurp(jsonl) ==
        "{\"arrival_s\": 0, \"input_tokens\": 374, \"output_tokens\": 44}\n"
        "{\"arrival_s\": 4.314579, \"input_tokens\": 396, \"output_tokens\": 109}\n"
        "{\"arrival_s\": 60, \"input_tokens\": 20000, \"output_tokens\": 5000}\n");
  r = test::RunCli({"trace", "convert", in, out, "--max-total-tokens", "450"});
  REQUIRE(r.exit_code == 0);
  // 396+109 > 450 -> output 54; 20000+5000 -> output 1, input 449.
  CHECK(r.out == "wrote 3 requests to " + out + " (2 clipped to 450 tokens)\n");
  CHECK(Slurp(out) ==
        "arrival_s,input_tokens,output_tokens\n0,374,44\n4.314579,396,54\n60,449,1\n");
  std::string named = dir.Write("n.csv", "t,p,c\n1500,3,4\n");
  REQUIRE(test::RunCli({"trace", "convert", named, out, "--time-column", "t", "--time-unit", "ms",
                        "--input-column", "p", "--output-column", "c"})
              .exit_code == 0);
  CHECK(Slurp(out) == "arrival_s,input_tokens,output_tokens\n0,3,4\n");
}

TEST_CASE("plan trace generate is deterministic and takes seed and workload from a scenario",
          "[workload]") {
  test::ScratchDir dir;
  std::string a = dir.path() + "/a.csv", b = dir.path() + "/b.csv";
  std::vector<std::string> flags = {"trace",
                                    "generate",
                                    "--rate",
                                    "4",
                                    "--requests",
                                    "50",
                                    "--input-tokens",
                                    "{ dist = \"uniform\", min = 1, max = 9 }",
                                    "--output-tokens",
                                    "200",
                                    "--seed",
                                    "42",
                                    "-o"};
  auto with = [&](std::vector<std::string> v, const std::string& out) {
    v.push_back(out);
    return v;
  };
  REQUIRE(test::RunCli(with(flags, a)).exit_code == 0);
  REQUIRE(test::RunCli(with(flags, b)).exit_code == 0);
  CHECK(Slurp(a) == Slurp(b));
  std::string text = Slurp(a);
  CHECK(std::count(text.begin(), text.end(), '\n') == 51);  // header + 50 rows

  std::string scenario = dir.Write("s.toml",
                                   "name = \"x\"\n"
                                   "seed = 42\n"
                                   "[workload.generator]\n"
                                   "arrival = \"poisson\"\n"
                                   "rate_per_s = 4\n"
                                   "requests = 50\n"
                                   "input_tokens = { dist = \"uniform\", min = 1, max = 9 }\n"
                                   "output_tokens = { dist = \"fixed\", value = 200 }\n"
                                   "[[candidate]]\n"
                                   "name = \"ignored here\"\n");
  std::string c = dir.path() + "/c.csv";
  test::CliRun r = test::RunCli({"trace", "generate", "--scenario", scenario, "-o", c});
  REQUIRE(r.exit_code == 0);
  CHECK(Slurp(c) == Slurp(a));  // same generator, same seed 42
  REQUIRE(test::RunCli({"trace", "generate", "--scenario", scenario, "--seed", "7", "-o", c})
              .exit_code == 0);
  CHECK(Slurp(c) != Slurp(a));
  r = test::RunCli({"trace", "generate", "--scenario", scenario, "--rate", "3", "-o", c});
  CHECK(r.exit_code == 2);
}

TEST_CASE("man/plan-trace.1 documents every flag that --help lists", "[workload]") {
  std::string man = Slurp(std::string(PLAN_SOURCE_DIR) + "/man/plan-trace.1");
  std::string plain;
  for (size_t i = 0; i < man.size(); ++i)
    if (!(man[i] == '\\' && i + 1 < man.size() && man[i + 1] == '-')) plain += man[i];
  for (const char* sub : {"stats", "convert", "generate"}) {
    test::CliRun help = test::RunCli({"trace", sub, "--help"});
    REQUIRE(help.exit_code == 0);
    std::set<std::string> flags;
    std::regex flag_re("--[a-z][a-z-]*");
    for (auto it = std::sregex_iterator(help.out.begin(), help.out.end(), flag_re);
         it != std::sregex_iterator(); ++it)
      flags.insert(it->str());
    CHECK(flags.size() > 3);
    for (const std::string& f : flags) {
      if (f == "--help") continue;
      INFO(sub << " " << f);
      CHECK(plain.find(f) != std::string::npos);
    }
    // The one-line summary is written once and repeated in the man page.
    std::string summary = help.out.substr(0, help.out.find('\n'));
    INFO(summary);
    CHECK(plain.find(summary) != std::string::npos);
  }
}

TEST_CASE("plan trace convert refuses to drop Mooncake's prefix hashes into CSV", "[workload]") {
  test::ScratchDir dir;
  const std::string moon = dir.Write(
      "m.jsonl",
      "{\"timestamp\": 0, \"input_length\": 700, \"output_length\": 5, \"hash_ids\": [0, 1]}\n"
      "{\"timestamp\": 1234, \"input_length\": 30, \"output_length\": 2, \"hash_ids\": [0]}\n");
  const std::string csv = dir.File("m.csv");
  test::CliRun r = test::RunCli({"trace", "convert", moon, csv});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err == csv +
                     ": not written: 2 requests carry prefix hashes (hash_ids), which CSV has no "
                     "column for; write JSONL to keep them (--to jsonl, or an output name ending "
                     "in .jsonl)\n");
  CHECK(Slurp(csv) == "<unreadable>");
  const std::string jsonl = dir.File("m.jsonl.out");
  r = test::RunCli({"trace", "convert", moon, jsonl, "--to", "jsonl"});
  CHECK(r.exit_code == 0);
  CHECK(Slurp(jsonl) ==
        "{\"arrival_s\": 0, \"input_tokens\": 700, \"output_tokens\": 5, \"hash_ids\": [0, 1]}\n"
        "{\"arrival_s\": 1.234, \"input_tokens\": 30, \"output_tokens\": 2, \"hash_ids\": [0]}\n");
}

}  // namespace plan
