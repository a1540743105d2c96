#include "probe/probe_table.h"

#include <fmt/format.h>
#include <map>

#include "util/text_table.h"

namespace plan {

namespace {

constexpr size_t kMaxErrorKinds = 5;

std::string Plural(int64_t n, const char* word) {
  return fmt::format("{} {}{}", n, word, n == 1 ? "" : "s");
}

void AddRow(TextTable& t, const char* name, const Distribution& d, double scale, int decimals) {
  if (d.count == 0) {
    t.AddRow({name, "-", "-", "-", "-", "-", "0"});
    return;
  }
  auto f = [&](double v) { return fmt::format("{:.{}f}", v * scale, decimals); };
  t.AddRow({name, f(d.mean), f(d.p50), f(d.p90), f(d.p99), f(d.max), std::to_string(d.count)});
}

}  // namespace

std::string RenderLevel(const LevelSummary& l, const std::vector<ProbeRow>& rows) {
  std::string out = l.concurrency > 0 ? fmt::format("concurrency {}", l.concurrency)
                                      : fmt::format("rate {:g}/s", l.rate_per_s);
  out += fmt::format(
      ": {}, {} ok, {} failed, {} after 429; {:.2f} s, {:.2f} requests/s, {:.1f} output "
      "tokens/s; mean {:.0f} input / {:.0f} output tokens",
      Plural(l.requests, "request"), l.ok, l.failed,
      fmt::format("{} {}", l.retries, l.retries == 1 ? "retry" : "retries"), l.wall_s,
      l.requests_per_s, l.output_tokens_per_s, l.mean_input_tokens, l.mean_output_tokens);
  if (l.malformed_lines > 0) out += fmt::format("; {} malformed SSE lines", l.malformed_lines);
  out += "\n";
  using A = TextTable::Align;
  TextTable t({"metric", "mean", "p50", "p90", "p99", "max", "n"},
              {A::kLeft, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight, A::kRight});
  AddRow(t, "ttft ms", l.ttft_s, 1e3, 1);
  AddRow(t, "tpot ms", l.tpot_s, 1e3, 2);
  AddRow(t, "itl ms", l.itl_s, 1e3, 2);
  AddRow(t, "e2e s", l.e2e_s, 1, 3);
  out += t.Render();
  std::map<std::string, int64_t> errors;
  for (const ProbeRow& r : rows)
    if (!r.ok) ++errors[r.error];
  size_t shown = 0;
  for (const auto& [error, count] : errors) {
    if (shown++ == kMaxErrorKinds) {
      out += fmt::format("  ... and {} more kinds of error\n", errors.size() - kMaxErrorKinds);
      break;
    }
    out += fmt::format("  {} x {}\n", count, error);
  }
  return out;
}

}  // namespace plan
