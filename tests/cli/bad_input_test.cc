// Inputs a careless user will give plan, one test per class (issue 11): each is a clear error
// naming the file (and the line, where there is one) with exit 2, or a correct answer where
// the input is valid, read in bounded memory.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include "testing/run_cli.h"
#include "testing/scratch_dir.h"

namespace plan {

using test::CliRun;
using test::RunCli;
using test::ScratchDir;

namespace {

// A valid scenario whose workload is `workload` (a [workload] table), one candidate.
std::string Scenario(const std::string& workload, const std::string& candidate_extra = "") {
  return "name = \"t\"\n" + workload +
         "[[candidate]]\n"
         "name = \"a\"\n"
         "kind = \"self_hosted\"\n"
         "model = \"llama-3.1-8b-instruct\"\n"
         "gpu = \"h100-sxm\"\n" +
         candidate_extra;
}

const char* kGenerator =
    "[workload.generator]\narrival = \"poisson\"\nrate_per_s = 2\nrequests = 20\n"
    "input_tokens = { dist = \"fixed\", value = 100 }\n"
    "output_tokens = { dist = \"fixed\", value = 10 }\n";

std::string TraceWorkload(const std::string& path) {
  return "[workload]\ntrace = \"" + path + "\"\n";
}

// Peak resident memory of this process so far, in MiB.
long PeakRssMib() {
  rusage u{};
  ::getrusage(RUSAGE_SELF, &u);
  return u.ru_maxrss / 1024;
}

// Runs `args`, expecting exit 2, and returns stderr; the run may raise this process's peak
// memory by at most 256 MiB (the caps are 64 MiB per file, 16 MiB per trace line).
std::string Refused(std::vector<std::string> args) {
  const long before = PeakRssMib();
  CliRun r = RunCli(std::move(args));
  CHECK(r.exit_code == 2);
  CHECK(PeakRssMib() - before < 256);
  return r.err;
}

}  // namespace

TEST_CASE("A directory as the scenario or the trace says it is a directory", "[cli][input]") {
  ScratchDir dir;
  // It used to give three "missing required key" errors.
  CHECK(Refused({"simulate", dir.path()}) == dir.path() + ": is a directory, not a file\n");
  std::string s = dir.Write("s.toml", Scenario(TraceWorkload(dir.path())));
  CHECK(Refused({"simulate", s}) ==
        s + ":3:9: cannot read trace '" + dir.path() + "': it is a directory, not a file\n");
  CHECK(Refused({"trace", "stats", dir.path()}) ==
        dir.path() + ": cannot read trace: it is a directory, not a file\n");
}

TEST_CASE("/dev/zero as the scenario, the trace or a report is refused at a cap", "[cli][input]") {
  CHECK(Refused({"simulate", "/dev/zero"}) ==
        "/dev/zero: the file is larger than 64.0 MiB, the most plan reads from one input file\n");
  CHECK(Refused({"report", "/dev/zero"}) ==
        "/dev/zero: the file is larger than 64.0 MiB, the most plan reads from one input file\n");
  CHECK(Refused({"trace", "stats", "/dev/zero"}) ==
        "/dev/zero:1: the line is longer than 16 MiB, the most plan reads as one line; is this a "
        "trace file?\n");
}

TEST_CASE("A 2 GB file as scenario, report, diff input or trace is refused at once",
          "[cli][input]") {
  ScratchDir dir;
  std::string big = dir.Sparse("big", int64_t{2} << 30);
  const std::string too_big =
      big +
      ": the file is 2.0 GiB, larger than 64.0 MiB, the most plan reads from one input file\n";
  CHECK(Refused({"simulate", big}) == too_big);
  CHECK(Refused({"report", big}) == too_big);
  CHECK(Refused({"diff", big, big}) == too_big + too_big.substr(0, too_big.size() - 1) + "\n");
  CHECK(Refused({"trace", "stats", big}) ==
        big +
            ":1: the line is longer than 16 MiB, the most plan reads as one line; is this a "
            "trace file?\n");
}

TEST_CASE("An empty scenario or trace is an error naming what is missing", "[cli][input]") {
  ScratchDir dir;
  std::string empty = dir.Write("empty.toml", "");
  CHECK(Refused({"simulate", empty}) ==
        empty + ":1:1: the scenario is missing required key 'name'\n" + empty +
            ":1:1: the scenario is missing the [workload] table\n" + empty +
            ":1:1: the scenario has no [[candidate]]\n");
  std::string trace = dir.Write("empty.csv", "");
  CHECK(Refused({"trace", "stats", trace}) == trace + ": the trace is empty\n");
}

TEST_CASE("A header-only trace is an error, not a table of zeros", "[cli][input]") {
  // It printed a table of zeros priced at $2,155/month.
  ScratchDir dir;
  std::string trace = dir.Write("h.csv", "arrival_s,input_tokens,output_tokens\n");
  std::string s = dir.Write("s.toml", Scenario(TraceWorkload(trace)));
  CHECK(Refused({"simulate", s}) == trace + ": the trace has a header but no rows\n");
}

TEST_CASE("CRLF line endings are read as the same scenario and trace", "[cli][input]") {
  ScratchDir dir;
  std::string trace =
      dir.Write("t.csv", "arrival_s,input_tokens,output_tokens\r\n0,100,10\r\n0.5,200,20\r\n");
  std::string text = Scenario(TraceWorkload(trace));
  std::string crlf;
  for (char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CliRun lf = RunCli({"simulate", dir.Write("lf.toml", text), "-f", "json"});
  CliRun crlf_run = RunCli({"simulate", dir.Write("crlf.toml", crlf), "-f", "json"});
  REQUIRE(lf.exit_code == 0);
  CHECK(crlf_run.exit_code == 0);
  CHECK(crlf_run.out == lf.out);
}

TEST_CASE("A UTF-16 scenario or trace says to convert it", "[cli][input]") {
  ScratchDir dir;
  std::string s = dir.Write("u16.toml", std::string("\xFF\xFEn\0a\0", 6));
  CHECK(Refused({"simulate", s}) ==
        s + ":1:1: TOML syntax error: the file is UTF-16 text; plan reads UTF-8 (convert it first: "
            "iconv -f UTF-16 -t UTF-8)\n"
            "  \xFF\xFEn?a?\n"
            "  ^\n");
  std::string t = dir.Write("u16.csv", std::string("\xFE\xFF\0t\0i", 6));
  CHECK(Refused({"trace", "stats", t}) ==
        t +
            ": the trace is UTF-16 text; plan reads UTF-8 (convert it first: iconv -f UTF-16 -t "
            "UTF-8 " +
            t + " > trace.csv)\n");
}

TEST_CASE("Out-of-order and negative timestamps", "[cli][input]") {
  ScratchDir dir;
  std::string t = dir.Write("o.csv", "arrival_s,input_tokens,output_tokens\n5,10,1\n4.5,10,1\n");
  CHECK(Refused({"trace", "stats", t}) ==
        t + ":3:1: time '4.5' is earlier than '5' on line 2; rows must be in time order\n"
            "  4.5,10,1\n"
            "  ^\n");
  // Negative times are valid when in order: arrivals are relative to the first row.
  std::string neg =
      dir.Write("n.csv", "arrival_s,input_tokens,output_tokens\n-2,10,1\n-1.5,10,1\n");
  CliRun r = RunCli({"trace", "stats", neg});
  CHECK(r.exit_code == 0);
  CHECK(r.out.find("span_s            0.500\n") != std::string::npos);
}

TEST_CASE("Negative and absurd token counts in a trace", "[cli][input]") {
  ScratchDir dir;
  std::string neg = dir.Write("n.csv", "arrival_s,input_tokens,output_tokens\n0,-5,1\n");
  CHECK(Refused({"trace", "stats", neg}) ==
        neg +
            ":2:3: bad input_tokens '-5': expected a whole number of tokens\n"
            "  0,-5,1\n"
            "    ^\n");
  std::string huge = dir.Write(
      "h.jsonl", "{\"arrival_s\": 0, \"input_tokens\": 2147483648, \"output_tokens\": 1}\n");
  CHECK(Refused({"trace", "stats", huge}) ==
        huge +
            ":1:34: bad input_tokens '2147483648': expected a whole number of tokens\n"
            "  {\"arrival_s\": 0, \"input_tokens\": 2147483648, \"output_tokens\": 1}\n"
            "                                   ^\n");
}

TEST_CASE("nan, inf, 1e309 and -0 in numeric fields", "[cli][input]") {
  ScratchDir dir;
  auto error = [&](const std::string& extra) {
    return Refused({"simulate", dir.Write("s.toml", Scenario(kGenerator, extra))});
  };
  CHECK(error("price_usd_per_gpu_hour = nan\n") ==
        dir.File("s.toml") +
            ":13:26: 'price_usd_per_gpu_hour' in a must be a finite number\n"
            "  price_usd_per_gpu_hour = nan\n"
            "                           ^\n");
  CHECK(error("price_usd_per_gpu_hour = -inf\n").find("must be a finite number") !=
        std::string::npos);
  CHECK(error("price_usd_per_gpu_hour = -0.0\n") ==
        dir.File("s.toml") +
            ":13:26: 'price_usd_per_gpu_hour' in a must be > 0, not -0\n"
            "  price_usd_per_gpu_hour = -0.0\n"
            "                           ^\n");
  // TOML itself refuses 1e309 (beyond a double).
  CHECK(error("gpu_memory_utilization = 1e309\n").find(":13:") != std::string::npos);
  std::string t = dir.Write("t.csv", "arrival_s,input_tokens,output_tokens\nnan,10,1\n");
  CHECK(Refused({"trace", "stats", t}) ==
        t + ":2:1: bad arrival_s 'nan': expected a number of seconds\n  nan,10,1\n  ^\n");
}

TEST_CASE("10,000-deep nested arrays in a scenario and in a report", "[cli][input]") {
  ScratchDir dir;
  const std::string deep = std::string(10000, '[') + std::string(10000, ']');
  std::string s = dir.Write("deep.toml", "name = " + deep + "\n");
  CHECK(Refused({"simulate", s}).rfind(s + ":1:", 0) == 0);
  std::string r = dir.Write("deep.json", "{\"schema\": " + deep + "}");
  CHECK(Refused({"report", r}) == r + ":1:139: not valid JSON: nested deeper than 128 levels\n");
}

TEST_CASE("The crashes issue 11 confirmed, through the command line", "[cli][input]") {
  ScratchDir dir;
  // SIGABRT: nlohmann's out_of_range (406) escaped from the report and probe readers.
  std::string report = dir.Write("r.json", "{\"schema\": \"plan.report/v1\", \"seed\": 1e400}");
  CHECK(Refused({"report", report}) ==
        report + ":1:38: not valid JSON: number '1e400' is beyond the range of a double\n");
  std::string probe = dir.Write("p.json", "{\"schema\": \"plan.probe/v1\", \"rows\": [1e400]}");
  CHECK(
      Refused({"calibrate", probe, "--offer-id", "openai/gpt-4o-mini", "-o", dir.File("o.toml")}) ==
      probe + ":1:38: not valid JSON: number '1e400' is beyond the range of a double\n");
  // SIGFPE: hidden = 2^31 and heads = 2^32 - 1 were narrowed to int and divided.
  ScratchDir catalog;
  catalog.Write("m.toml",
                "[[model]]\nid = \"m\"\nparams_b = 7\nlayers = 32\nhidden = 2147483648\n"
                "heads = 4294967295\nintermediate = 11008\nvocab = 32000\n"
                "context_tokens = 4096\nsource = \"s\"\nchecked = \"2026-12-04\"\n");
  CHECK(Refused({"catalog", "validate", catalog.path()}) ==
        catalog.File("m.toml") +
            ":5:10: 'hidden' in model 'm' must be <= 1048576, not 2147483648\n"
            "  hidden = 2147483648\n"
            "           ^\n" +
            catalog.File("m.toml") +
            ":6:9: 'heads' in model 'm' must be <= 65536, not 4294967295\n"
            "  heads = 4294967295\n"
            "          ^\n");
  // SIGSEGV: dump() of a 100,000-deep array quoted in an error.
  std::string deep =
      dir.Write("d.json", "{\"schema\": \"plan.report/v1\", \"seed\": " + std::string(100000, '[') +
                              std::string(100000, ']') + "}");
  // The object is the first level: the 128th '[' (column 38 + 127) is the 129th.
  const std::string too_deep = deep + ":1:165: not valid JSON: nested deeper than 128 levels\n";
  CHECK(Refused({"diff", deep, deep}) == too_deep + too_deep);
}

TEST_CASE("Absurd counts are bounded with a clear error", "[cli][input]") {
  ScratchDir dir;
  std::string s = dir.Write("s.toml", Scenario(kGenerator, "replicas = 1000000\n"));
  // A typo for 100 ran for 30 s and took 360 MB.
  CHECK(Refused({"simulate", s}) == s + ":13:12: 'replicas' in a must be <= 10000, not 1000000\n"
                                        "  replicas = 1000000\n"
                                        "             ^\n");
}

TEST_CASE("Out-of-range --seed and --threads are refused, not wrapped", "[cli][input]") {
  ScratchDir dir;
  std::string s = dir.Write("s.toml", Scenario(kGenerator));
  CHECK(RunCli({"simulate", s, "--seed", "-1"}).err ==
        "--seed: must be an integer from 0 to 18446744073709551615, not '-1'\n"
        "Run with --help for more information.\n");
  CHECK(RunCli({"simulate", s, "--seed", "18446744073709551616"}).exit_code == 2);
  CHECK(RunCli({"simulate", s, "--seed", "18446744073709551615", "-f", "json"}).exit_code == 0);
  // It printed the whole range of a double.
  CHECK(RunCli({"simulate", s, "--threads", "-1"}).err ==
        "--threads: must be an integer from 0 (one per core) to 1024, not '-1'\n"
        "Run with --help for more information.\n");
}

TEST_CASE("tp not dividing the heads and a model that does not fit quote the key", "[cli][input]") {
  ScratchDir dir;
  std::string s = dir.Write("s.toml", Scenario(kGenerator, "tp = 3\n"));
  // They pointed at [[candidate]] with no line quoted.
  CHECK(Refused({"simulate", s}) ==
        s + ":13:6: candidate 'a': tp=3 does not divide the 32 attention heads of model "
            "'llama-3.1-8b-instruct'\n"
            "  tp = 3\n"
            "       ^\n");
  std::string big =
      dir.Write("big.toml",
                "name = \"t\"\n" + std::string(kGenerator) +
                    "[[candidate]]\nname = \"a\"\nkind = \"self_hosted\"\n"
                    "model = \"llama-3.1-405b-instruct\"\ngpu = \"h100-sxm\"\nquant = \"bf16\"\n");
  std::string err = Refused({"simulate", big});
  CHECK(err.rfind(big + ":12:7: candidate 'a': llama-3.1-405b-instruct in bf16 does not fit on 1 x "
                        "h100-sxm with vllm: needs ",
                  0) == 0);
  CHECK(err.substr(err.find('\n')) == "\n  gpu = \"h100-sxm\"\n        ^\n");
}

TEST_CASE("A prompt longer than a self-hosted model's context fails, with the reason",
          "[cli][input]") {
  // It was cut to the context and counted as completed: 2M and 200k tokens gave the same.
  ScratchDir dir;
  auto run = [&](int prompt) {
    std::string w = kGenerator;
    w.replace(w.find("value = 100"), 11, "value = " + std::to_string(prompt));
    CliRun r = RunCli({"simulate", dir.Write("s.toml", Scenario(w)), "-f", "json"});
    REQUIRE(r.exit_code == 0);
    return nlohmann::json::parse(r.out)["candidates"][0];
  };
  nlohmann::json too_long = run(2'000'000);
  CHECK(too_long["requests"]["failed"] == 20);
  CHECK(too_long["requests"]["completed"] == 0);
  bool noted = false;
  for (const auto& n : too_long["notes"])
    noted |= n.get<std::string>() ==
             "20 requests failed: their prompts fill the 131072-token context of "
             "llama-3.1-8b-instruct, so an engine rejects them";
  CHECK(noted);
  CHECK(run(131071)["requests"]["completed"] == 20);  // fits, with room for one output token
  CHECK(run(131072)["requests"]["failed"] == 20);
}

}  // namespace plan

namespace plan {

TEST_CASE("plan probe against a refused port reports the connection error", "[cli][input]") {
  // A port nothing listens on: bound, then closed.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  REQUIRE(fd >= 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
  socklen_t len = sizeof addr;
  REQUIRE(::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) == 0);
  ::close(fd);
  const std::string url = "http://127.0.0.1:" + std::to_string(ntohs(addr.sin_port));
  // --max-wall-s below --timeout-s: it used to say the wall limit was reached and send 1 of 2.
  test::CliRun r = test::RunCli(
      {"probe", url, "--model", "m", "--requests", "2", "--max-wall-s", "5", "--timeout-s", "30"});
  CHECK(r.exit_code == 1);
  CHECK(r.err == "plan probe: all 2 requests failed\n");
  CHECK(r.out.find("wall-time limit") == std::string::npos);
  CHECK(r.out.find("no response: Couldn't connect to server") != std::string::npos);
}

}  // namespace plan
