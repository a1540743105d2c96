#include "probe/probe.h"

#include <fmt/format.h>
#include <algorithm>
#include <atomic>
#include <charconv>
#include <cmath>
#include <thread>

#include "probe/redact.h"
#include "probe/sse.h"

namespace plan {

namespace {

// Enough of an error body to quote; a server may send megabytes of HTML.
constexpr size_t kMaxErrorBodyBytes = 64 * 1024;
constexpr size_t kMaxQuotedErrorChars = 300;

// One request to send. Its prompt text is built just before sending (from its own stream, so
// it does not depend on which thread sends it): a long probe never holds every prompt at once.
struct Planned {
  int64_t index = 0;
  int64_t prompt_tokens = 0;
  TimeNs arrival_ns = 0;  // rate mode: offset from the level's start
};

std::optional<double> ParseSeconds(const std::string& text) {
  double v = 0;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec != std::errc() || ptr != text.data() + text.size() || !std::isfinite(v) || v < 0)
    return std::nullopt;
  return v;
}

std::string Quote(std::string text) {
  if (text.size() > kMaxQuotedErrorChars) text = text.substr(0, kMaxQuotedErrorChars) + "...";
  for (char& c : text)
    if (c == '\n' || c == '\r') c = ' ';
  return text;
}

std::string Chunks(int n) { return fmt::format("{} output chunk{}", n, n == 1 ? "" : "s"); }

class Prober {
 public:
  // `wall_reached` is shared by every worker: once one request is cut by the wall-time limit,
  // none starts another (a timer may fire a hair before the deadline by our clock).
  Prober(const ProbeOptions& o, HttpClient& http, Clock& clock, TimeNs start_ns, TimeNs deadline_ns,
         std::atomic<bool>* wall_reached)
      : o_(o),
        http_(http),
        clock_(clock),
        start_ns_(start_ns),
        deadline_ns_(deadline_ns),
        wall_reached_(wall_reached),
        redact_(o.api_key),
        url_(EndpointUrl(o.url, o.endpoint)) {}

  bool past_deadline() { return *wall_reached_ || clock_.NowNs() >= deadline_ns_; }

  ProbeRow Run(const Planned& p, int level) {
    ProbeRow row;
    row.level = level;
    row.index = p.index;
    row.prompt_tokens_requested = p.prompt_tokens;
    HttpRequest req;
    req.url = url_;
    req.headers = {{"Content-Type", "application/json"}, {"Accept", "text/event-stream"}};
    if (!o_.api_key.empty()) req.headers.emplace_back("Authorization", "Bearer " + o_.api_key);
    Rng text = Rng::Stream(o_.seed, "probe-prompt-text", fmt::format("{}/{}", level, p.index));
    req.body = CompletionRequestBody(o_.endpoint, {o_.model, SyntheticPrompt(p.prompt_tokens, text),
                                                   o_.max_tokens, o_.ignore_eos});
    req.connect_timeout_s = o_.connect_timeout_s;
    req.read_timeout_s = o_.timeout_s;
    for (int attempt = 0;; ++attempt) {
      const TimeNs send_ns = clock_.NowNs();
      const double left_s = NsToSeconds(deadline_ns_ - send_ns);
      req.total_timeout_s = std::min(o_.timeout_s, left_s);
      Attempt(req, send_ns, /*wall_capped=*/left_s < o_.timeout_s, &row);
      if (row.status != 429 || attempt >= o_.max_retries) return row;
      const double wait_s = RetryWaitS(last_response_, attempt);
      const TimeNs resume_ns = clock_.NowNs() + SecondsToNs(wait_s);
      if (wait_s > BackOff::kMaxWaitS || resume_ns >= deadline_ns_) {
        row.error = fmt::format(
            "HTTP 429: rate limited; the server asked for a {:.3g} s wait, "
            "beyond {}",
            wait_s,
            wait_s > BackOff::kMaxWaitS ? "the 60 s back-off limit"
                                        : "the probe's wall-time limit");
        return row;
      }
      ++row.retries;
      row.retry_wait_s += wait_s;
      clock_.SleepUntilNs(resume_ns);
    }
  }

 private:
  // One HTTP exchange; fills the row's outcome and measurements (keeps retries).
  // `wall_capped`: the request's timeout was cut short to end at the wall-time limit, so a
  // timeout means the limit was reached; any other transport error (a refused connection) is
  // reported as what it is.
  void Attempt(const HttpRequest& req, TimeNs send_ns, bool wall_capped, ProbeRow* row) {
    CompletionStream stream;
    std::vector<TimeNs> output_ns;
    SseParser parser([&](const SseEvent& e) {
      if (stream.OnEvent(e) == CompletionStream::Kind::kOutput) output_ns.push_back(clock_.NowNs());
    });
    std::string raw;
    last_response_ = http_.Post(req, [&](std::string_view chunk) {
      if (clock_.NowNs() >= deadline_ns_) return false;
      if (raw.size() < kMaxErrorBodyBytes)
        raw.append(chunk.substr(0, kMaxErrorBodyBytes - raw.size()));
      parser.Feed(chunk);
      return true;
    });
    const HttpResponse& r = last_response_;
    const TimeNs end_ns = clock_.NowNs();
    parser.Finish();
    const bool success_status = r.status >= 200 && r.status < 300;
    row->status = r.status;
    row->start_s = NsToSeconds(send_ns - start_ns_);
    row->malformed_lines = success_status ? parser.malformed_lines() + stream.malformed() : 0;
    row->output_chunks = stream.output_chunks();
    row->usage_reported = stream.completion_tokens().has_value();
    row->input_tokens = stream.prompt_tokens().value_or(row->prompt_tokens_requested);
    row->output_tokens = stream.completion_tokens().value_or(stream.output_chunks());
    row->e2e_s = NsToSeconds(end_ns - send_ns);
    row->itl_s.clear();
    row->ttft_s = row->tpot_s = 0;
    if (!output_ns.empty()) {
      row->ttft_s = NsToSeconds(output_ns.front() - send_ns);
      for (size_t i = 1; i < output_ns.size(); ++i)
        row->itl_s.push_back(NsToSeconds(output_ns[i] - output_ns[i - 1]));
      if (row->output_tokens > 1)
        row->tpot_s = (row->e2e_s - row->ttft_s) / static_cast<double>(row->output_tokens - 1);
    }
    const std::string chunks = Chunks(stream.output_chunks());
    std::string error;
    if (r.aborted || (r.timed_out && wall_capped) ||
        (!r.transport_error.empty() && end_ns >= deadline_ns_)) {
      *wall_reached_ = true;
      error = fmt::format("stopped after {}: the probe's wall-time limit was reached", chunks);
    } else if (r.status == 0) {
      error = "no response: " + r.transport_error;
    } else if (!success_status) {
      error = fmt::format("HTTP {}: {}", r.status, ErrorMessageOf(raw).value_or(raw));
    } else if (stream.error()) {
      error = fmt::format("error event after {}: {}", chunks, *stream.error());
    } else if (!r.transport_error.empty()) {
      error = fmt::format("stream broke after {}: {}", chunks, r.transport_error);
    } else if (!stream.done() && stream.output_chunks() == 0 && ErrorMessageOf(raw)) {
      error = "error document instead of a stream: " + *ErrorMessageOf(raw);
    } else if (!stream.done()) {
      error = fmt::format("stream ended without [DONE] after {}", chunks);
    } else if (stream.output_chunks() == 0) {
      error = "no output before [DONE]";
    }
    row->ok = error.empty();
    row->error = redact_(Quote(std::move(error)));
  }

  const ProbeOptions& o_;
  HttpClient& http_;
  Clock& clock_;
  TimeNs start_ns_, deadline_ns_;
  std::atomic<bool>* wall_reached_;
  Redactor redact_;
  std::string url_;
  HttpResponse last_response_;  // per Prober; each worker thread has its own Prober
};

std::vector<Planned> PlanLevel(const ProbeOptions& o, int level, int64_t count, bool rate_mode) {
  Rng lengths = Rng::Stream(o.seed, "probe-prompt-tokens", std::to_string(level));
  Rng arrivals = Rng::Stream(o.seed, "probe-arrivals", std::to_string(level));
  std::vector<Planned> out;
  double t_s = 0;
  for (int64_t i = 0; i < count; ++i) {
    Planned p;
    p.index = i;
    p.prompt_tokens = o.prompt_tokens.Draw(lengths);
    if (rate_mode) {
      t_s += arrivals.Exponential(1.0 / o.rate_per_s);
      if (t_s >= o.duration_s) break;
      p.arrival_ns = SecondsToNs(t_s);
    }
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace

double RetryWaitS(const HttpResponse& response, int retry) {
  auto ms = response.headers.find("retry-after-ms");
  if (ms != response.headers.end())
    if (std::optional<double> v = ParseSeconds(ms->second)) return *v / 1000.0;
  auto s = response.headers.find("retry-after");
  if (s != response.headers.end())
    if (std::optional<double> v = ParseSeconds(s->second)) return *v;
  return BackOff::kFirstWaitS * std::ldexp(1.0, std::min(retry, 16));
}

ProbeResult RunProbe(const ProbeOptions& o, HttpClient& http, Clock& clock,
                     const LevelDoneFn& on_level) {
  ProbeResult result;
  result.plan_version = PLAN_VERSION;
  result.date = clock.UtcNowIso8601();
  result.url = Redactor(o.api_key)(UrlForRecord(EndpointUrl(o.url, o.endpoint)));
  result.endpoint = EndpointName(o.endpoint);
  result.model = o.model;
  ProbeSettings& s = result.settings;
  s.concurrency = o.rate_per_s > 0 ? std::vector<int>{} : o.concurrency;
  s.requests_per_level = o.rate_per_s > 0 ? 0 : o.requests_per_level;
  s.rate_per_s = o.rate_per_s;
  s.duration_s = o.duration_s;
  s.prompt_tokens = o.prompt_tokens.ToString();
  s.max_tokens = o.max_tokens;
  s.ignore_eos = o.ignore_eos;
  s.timeout_s = o.timeout_s;
  s.max_wall_s = o.max_wall_s;
  s.seed = o.seed;
  const TimeNs start_ns = clock.NowNs();
  const TimeNs deadline_ns = start_ns + SecondsToNs(o.max_wall_s);
  const bool rate_mode = o.rate_per_s > 0;
  std::atomic<bool> wall_reached{false};
  const std::vector<int> levels = rate_mode ? std::vector<int>{0} : o.concurrency;
  // Rate mode: at most the arrivals expected in twice the duration (and never unbounded).
  const int64_t count = rate_mode
                            ? static_cast<int64_t>(std::ceil(2 * o.rate_per_s * o.duration_s)) + 16
                            : o.requests_per_level;
  for (size_t level = 0; level < levels.size(); ++level) {
    if (wall_reached || clock.NowNs() >= deadline_ns) {
      result.stopped_early = true;
      break;
    }
    const int li = static_cast<int>(level);
    const std::vector<Planned> planned = PlanLevel(o, li, count, rate_mode);
    std::vector<ProbeRow> rows(planned.size());
    std::vector<char> sent(planned.size(), 0);
    std::atomic<size_t> next{0};
    const int clients = static_cast<int>(std::min<size_t>(
        rate_mode ? static_cast<size_t>(o.max_in_flight) : static_cast<size_t>(levels[level]),
        planned.size()));
    const TimeNs level_start_ns = clock.NowNs();
    std::vector<std::thread> workers;
    for (int w = 0; w < clients; ++w) {
      workers.emplace_back([&] {
        Prober prober(o, http, clock, start_ns, deadline_ns, &wall_reached);
        for (size_t i = next++; i < planned.size(); i = next++) {
          if (rate_mode)
            clock.SleepUntilNs(std::min(level_start_ns + planned[i].arrival_ns, deadline_ns));
          if (prober.past_deadline()) return;
          rows[i] = prober.Run(planned[i], li);
          sent[i] = 1;
        }
      });
    }
    for (std::thread& t : workers) t.join();
    const TimeNs level_end_ns = clock.NowNs();
    LevelSummary summary;
    summary.concurrency = rate_mode ? 0 : levels[level];
    summary.rate_per_s = rate_mode ? o.rate_per_s : 0;
    std::vector<ProbeRow> level_rows;
    for (size_t i = 0; i < rows.size(); ++i)
      if (sent[i]) level_rows.push_back(std::move(rows[i]));
    if (level_rows.size() < planned.size()) result.stopped_early = true;
    SummarizeLevel(level_rows, li, NsToSeconds(level_end_ns - level_start_ns), &summary);
    if (on_level) on_level(summary, level_rows);
    result.levels.push_back(summary);
    for (ProbeRow& r : level_rows) result.rows.push_back(std::move(r));
  }
  return result;
}

}  // namespace plan
