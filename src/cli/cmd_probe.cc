// plan probe URL: measure a live OpenAI-compatible endpoint (TTFT, inter-token gaps, TPOT,
// e2e) at several load levels and write the measurements for plan calibrate.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/validators.h"
#include "probe/probe.h"
#include "probe/probe_json.h"
#include "probe/probe_table.h"
#include "probe/redact.h"
#include "util/files.h"

namespace plan {

struct ProbeCliOptions {
  std::string url;
  std::string model;
  std::string api_key_env;
  std::vector<int> concurrency;
  int64_t requests = 0;  // 0 = not given
  double rate_per_s = 0;
  double duration_s = 0;
  int max_in_flight = 64;
  std::string prompt_tokens = "512";
  int64_t max_tokens = 128;
  bool ignore_eos = false;
  std::string endpoint = "chat";
  double timeout_s = 120;
  double connect_timeout_s = 10;
  double max_wall_s = 600;
  int max_retries = 4;
  uint64_t seed = 1;
  std::string output_path;
};

namespace {

constexpr int64_t kDefaultRequestsPerLevel = 32;
constexpr int64_t kMaxRequestsPerLevel = 100000;
constexpr int kMaxConcurrency = 1024;

bool IsLoopback(const std::string& url) {
  for (const char* host : {"http://127.", "http://localhost", "http://[::1]"})
    if (url.rfind(host, 0) == 0) return true;
  return false;
}

Result<ProbeOptions> Validate(const ProbeCliOptions& c, Io& io) {
  ProbeOptions o;
  if (c.url.rfind("http://", 0) != 0 && c.url.rfind("https://", 0) != 0)
    return Status::Invalid(fmt::format("plan probe: URL '{}' must start with http:// or https://",
                                       UrlForRecord(c.url)));
  o.url = c.url;
  o.model = c.model;
  o.endpoint = c.endpoint == "completions" ? Endpoint::kCompletions : Endpoint::kChat;
  if (!c.api_key_env.empty()) {
    const char* key = std::getenv(c.api_key_env.c_str());
    if (key == nullptr || *key == '\0')
      return Status::Invalid(
          fmt::format("plan probe: --api-key-env {}: the environment variable is not set or empty",
                      c.api_key_env));
    o.api_key = key;
    if (c.url.rfind("http://", 0) == 0 && !IsLoopback(c.url))
      io.err << "warning: the API key goes to a non-local host over plain http (unencrypted)\n";
  }
  const bool rate_mode = c.rate_per_s > 0 || c.duration_s > 0;
  if (rate_mode) {
    if (c.rate_per_s <= 0 || c.duration_s <= 0)
      return Status::Invalid("plan probe: --rate and --duration-s go together");
    if (!c.concurrency.empty() || c.requests > 0)
      return Status::Invalid(
          "plan probe: --rate/--duration-s (open loop) and --concurrency/--requests (closed loop) "
          "are exclusive");
    o.rate_per_s = c.rate_per_s;
    o.duration_s = c.duration_s;
    if (c.rate_per_s * c.duration_s > kMaxRequestsPerLevel)
      return Status::Invalid(fmt::format(
          "plan probe: --rate {} for --duration-s {} is {:.0f} requests; at "
          "most {}",
          c.rate_per_s, c.duration_s, c.rate_per_s * c.duration_s, kMaxRequestsPerLevel));
  } else {
    o.concurrency = c.concurrency.empty() ? std::vector<int>{1} : c.concurrency;
    for (int level : o.concurrency)
      if (level < 1 || level > kMaxConcurrency)
        return Status::Invalid(fmt::format(
            "plan probe: --concurrency {}: each level must be in 1..{}", level, kMaxConcurrency));
    o.requests_per_level = c.requests > 0 ? c.requests : kDefaultRequestsPerLevel;
    if (o.requests_per_level > kMaxRequestsPerLevel)
      return Status::Invalid(fmt::format("plan probe: --requests {}: at most {} per level",
                                         o.requests_per_level, kMaxRequestsPerLevel));
  }
  o.max_in_flight = c.max_in_flight;
  Result<PromptLengths> prompt = PromptLengths::Parse(c.prompt_tokens, "--prompt-tokens");
  if (!prompt.ok()) return Status::Invalid("plan probe: " + prompt.status().message());
  o.prompt_tokens = *prompt;
  o.max_tokens = c.max_tokens;
  o.ignore_eos = c.ignore_eos;
  o.timeout_s = c.timeout_s;
  o.connect_timeout_s = std::min(c.connect_timeout_s, c.timeout_s);
  o.max_wall_s = c.max_wall_s;
  o.max_retries = c.max_retries;
  o.seed = c.seed;
  return o;
}

Status RunProbeCommand(const ProbeCliOptions& c, Io& io) {
  Result<ProbeOptions> o = Validate(c, io);
  if (!o.ok()) return o.status();
  Result<std::unique_ptr<HttpClient>> http = MakeCurlHttpClient();
  if (!http.ok()) return http.status();
  SteadyClock clock;
  const Redactor redact(o->api_key);
  io.out << redact(fmt::format("probing {} ({} endpoint, model '{}')\n",
                               UrlForRecord(EndpointUrl(o->url, o->endpoint)), c.endpoint,
                               o->model));
  ProbeResult result =
      RunProbe(*o, **http, clock, [&](const LevelSummary& l, const std::vector<ProbeRow>& rows) {
        io.out << '\n' << redact(RenderLevel(l, rows));
        io.out.flush();
      });
  if (result.stopped_early)
    io.err << fmt::format("warning: the probe reached --max-wall-s {} and stopped early\n",
                          o->max_wall_s);
  if (!c.output_path.empty()) {
    PLAN_RETURN_IF_ERROR(WriteFileAtomic(c.output_path, redact(WriteProbeJson(result))));
    io.out << fmt::format("\nwrote {} ({} requests)\n", c.output_path, result.rows.size());
  }
  int64_t ok = 0;
  for (const ProbeRow& r : result.rows) ok += r.ok;
  if (!result.rows.empty() && ok == 0)
    return Status::Runtime(fmt::format("plan probe: all {} requests failed", result.rows.size()));
  return Status::Ok();
}

}  // namespace

CommandAction SetupProbe(CLI::App* sub, const GlobalOptions*) {
  auto opt = std::make_shared<ProbeCliOptions>();
  sub->add_option("url", opt->url,
                  "Endpoint base URL (http://host:8000 or .../v1) or full /v1/chat/completions URL")
      ->required()
      ->type_name("URL");
  sub->add_option("--model", opt->model, "Model name the server expects in requests")->required();
  sub->add_option("--api-key-env", opt->api_key_env,
                  "Environment variable holding the API key (sent as a Bearer token; never "
                  "printed or written)")
      ->type_name("VAR");
  sub->add_option("--concurrency", opt->concurrency,
                  "Closed-loop levels: requests kept in flight, e.g. 1,4,16 (default 1)")
      ->delimiter(',')
      ->type_name("N,...")
      ->allow_extra_args(false);  // "1,4,16" is one argument: the URL may follow
  sub->add_option(
         "--requests", opt->requests,
         fmt::format("Requests per concurrency level (default {})", kDefaultRequestsPerLevel))
      ->check(PositiveNumber())
      ->type_name("N");
  sub->add_option("--rate", opt->rate_per_s, "Open loop instead: Poisson arrivals per second")
      ->check(PositiveNumber())
      ->type_name("R");
  sub->add_option("--duration-s", opt->duration_s, "Open loop: seconds of arrivals")
      ->check(PositiveNumber())
      ->type_name("S");
  sub->add_option("--max-in-flight", opt->max_in_flight,
                  "Open loop: most requests in flight at once")
      ->capture_default_str()
      ->check(CLI::Range(1, kMaxConcurrency));
  sub->add_option("--prompt-tokens", opt->prompt_tokens,
                  "Prompt length: N, uniform:LO:HI or lognormal:MEDIAN:SIGMA")
      ->capture_default_str()
      ->type_name("DIST");
  sub->add_option("--max-tokens", opt->max_tokens, "Output tokens asked for per request")
      ->capture_default_str()
      ->check(PositiveNumber());
  sub->add_flag(
      "--ignore-eos", opt->ignore_eos,
      "Ask the server to generate exactly --max-tokens (vLLM, SGLang; hosted APIs reject it)");
  sub->add_option("--endpoint", opt->endpoint,
                  "chat (/v1/chat/completions) or completions (/v1/completions)")
      ->capture_default_str()
      ->check(CLI::IsMember({"chat", "completions"}));
  sub->add_option("--timeout-s", opt->timeout_s, "Per request: longest wait, send to last byte")
      ->capture_default_str()
      ->check(PositiveNumber());
  sub->add_option("--connect-timeout-s", opt->connect_timeout_s,
                  "Per request: longest connection set-up")
      ->capture_default_str()
      ->check(PositiveNumber());
  sub->add_option("--max-wall-s", opt->max_wall_s,
                  "The whole probe: stop sending and abandon open requests after this long")
      ->capture_default_str()
      ->check(PositiveNumber());
  sub->add_option("--max-retries", opt->max_retries,
                  "Retries of a request answered 429, honouring retry-after")
      ->capture_default_str()
      ->check(CLI::Range(0, 100));
  sub->add_option("--seed", opt->seed, "Seed of prompt lengths, prompt text and arrivals")
      ->capture_default_str()
      ->check(Seed());
  sub->add_option("-o,--output", opt->output_path,
                  "Write the probe JSON (plan.probe/v1) to FILE, atomically")
      ->type_name("FILE");
  return [opt](Io& io) { return RunProbeCommand(*opt, io); };
}

}  // namespace plan
