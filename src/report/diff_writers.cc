// The three renderings of a ReportDiff: a terminal table, a Markdown pull-request comment
// (empty when nothing changed and no threshold is crossed) and GitHub Actions workflow commands.
#include <fmt/format.h>

#include "report/diff.h"
#include "report/writers.h"
#include "util/text_table.h"

namespace plan {

namespace {

struct DiffLine {
  std::string candidate, metric, base, now, change;
};

// Every changed metric and SLO verdict, candidate by candidate.
std::vector<DiffLine> ChangedLines(const ReportDiff& d) {
  std::vector<DiffLine> lines;
  for (const CandidateDiff& c : d.candidates) {
    if (c.slo_met_base != c.slo_met_now)
      lines.push_back({c.name, "slo.met", c.slo_met_base ? "yes" : "no",
                       c.slo_met_now ? "yes" : "no", c.slo_met_now ? "now met" : "now missed"});
    if (c.excluded_base != c.excluded_now)
      lines.push_back({c.name, "excluded", c.excluded_base ? "yes" : "no",
                       c.excluded_now ? "yes" : "no",
                       c.excluded_now ? "now excluded by require" : "now eligible"});
    for (const MetricChange& m : c.metrics) {
      if (!m.changed()) continue;
      lines.push_back({c.name, m.metric, FormatMetric(m.metric, m.base),
                       FormatMetric(m.metric, m.now), FormatChange(m.metric, m.base, m.now)});
    }
  }
  return lines;
}

std::string NameOrNone(const std::string& name) { return name.empty() ? "(none)" : name; }

std::string JoinNames(const std::vector<std::string>& names, const char* quote) {
  std::string out;
  for (const std::string& n : names)
    out += fmt::format("{}{}{}{}", out.empty() ? "" : ", ", quote, n, quote);
  return out;
}

int ChangedCandidates(const ReportDiff& d) {
  int n = 0;
  for (const CandidateDiff& c : d.candidates) n += c.changed() ? 1 : 0;
  return n;
}

// "2 candidates compared: 1 changed, 1 added, 0 removed".
std::string Counts(const ReportDiff& d) {
  return fmt::format("{} candidate{} compared: {} changed, {} added, {} removed",
                     d.candidates.size(), d.candidates.size() == 1 ? "" : "s", ChangedCandidates(d),
                     d.added.size(), d.removed.size());
}

// "1 fail threshold crossed, 2 warnings".
std::string Verdict(const ReportDiff& d) {
  const int f = d.failures(), w = d.warnings();
  return fmt::format("{} fail threshold{} crossed, {} warning{}", f, f == 1 ? "" : "s", w,
                     w == 1 ? "" : "s");
}

std::string RenderDiffTable(const ReportDiff& d) {
  std::string out = fmt::format("plan diff {} -> {}", d.base_path, d.new_path);
  if (d.scenario_base == d.scenario_new)
    out += fmt::format(" (scenario {})\n", d.scenario_new);
  else
    out += fmt::format(" (scenario {} -> {})\n", d.scenario_base, d.scenario_new);

  const std::vector<DiffLine> lines = ChangedLines(d);
  if (!lines.empty()) {
    using A = TextTable::Align;
    TextTable table({"candidate", "metric", "base", "new", "change"},
                    {A::kLeft, A::kLeft, A::kRight, A::kRight, A::kRight});
    std::string last;
    for (const DiffLine& l : lines) {
      table.AddRow({l.candidate == last ? "" : l.candidate, l.metric, l.base, l.now, l.change});
      last = l.candidate;
    }
    out += "\n" + table.Render();
  }
  if (!d.added.empty() || !d.removed.empty() || d.recommendation_base != d.recommendation_new)
    out += "\n";
  if (!d.added.empty()) out += "added: " + JoinNames(d.added, "") + "\n";
  if (!d.removed.empty()) out += "removed: " + JoinNames(d.removed, "") + "\n";
  if (d.recommendation_base != d.recommendation_new)
    out += fmt::format("recommendation: {} -> {}\n", NameOrNone(d.recommendation_base),
                       NameOrNone(d.recommendation_new));
  if (!d.crossings.empty()) out += "\n";
  for (const Crossing& c : d.crossings)
    out +=
        fmt::format("{}: {}: {}\n", c.fail ? "FAIL" : "warning", c.candidate, CrossingSentence(c));
  out += "\n";
  if (!d.changed()) out += "no changes: ";
  return out + Counts(d) + "; " + Verdict(d) + "\n";
}

std::string RenderMd(const ReportDiff& d) {
  if (!d.changed() && d.crossings.empty()) return "";
  std::string out = "### plan: cost and latency changes\n\n";
  out += fmt::format("Scenario `{}`: {}.\n", d.scenario_new, Counts(d));
  const std::vector<DiffLine> lines = ChangedLines(d);
  if (!lines.empty()) {
    out += "\n| candidate | metric | base | new | change |\n| --- | --- | ---: | ---: | ---: |\n";
    for (const DiffLine& l : lines)
      out += fmt::format("| {} | {} | {} | {} | {} |\n", EscapeMarkdown(l.candidate), l.metric,
                         EscapeMarkdown(l.base), EscapeMarkdown(l.now), l.change);
  }
  if (!d.added.empty() || !d.removed.empty() || d.recommendation_base != d.recommendation_new)
    out += "\n";
  if (!d.added.empty()) out += "- Added: " + JoinNames(d.added, "`") + "\n";
  if (!d.removed.empty()) out += "- Removed: " + JoinNames(d.removed, "`") + "\n";
  if (d.recommendation_base != d.recommendation_new)
    out += fmt::format("- Recommendation: `{}` -> `{}`\n", NameOrNone(d.recommendation_base),
                       NameOrNone(d.recommendation_new));
  if (!d.crossings.empty()) out += fmt::format("\n**{}**\n\n", Verdict(d));
  for (const Crossing& c : d.crossings)
    out += fmt::format("- **{}** `{}`: {}\n", c.fail ? "fail" : "warning", c.candidate,
                       EscapeMarkdown(CrossingSentence(c)));
  return out;
}

// Workflow-command escaping: data loses '%', CR and LF; properties also ':' and ','.
std::string EscapeData(const std::string& s, bool property) {
  std::string out;
  for (char c : s) {
    if (c == '%')
      out += "%25";
    else if (c == '\r')
      out += "%0D";
    else if (c == '\n')
      out += "%0A";
    else if (property && c == ':')
      out += "%3A";
    else if (property && c == ',')
      out += "%2C";
    else
      out += c;
  }
  return out;
}

std::string RenderGithub(const ReportDiff& d) {
  std::string out;
  for (const Crossing& c : d.crossings)
    out += fmt::format("::{} title={}::{}\n", c.fail ? "error" : "warning",
                       EscapeData("plan diff " + c.candidate, true),
                       EscapeData(CrossingSentence(c), false));
  std::string summary = Counts(d);
  if (d.recommendation_base != d.recommendation_new)
    summary += fmt::format("; recommendation {} -> {}", NameOrNone(d.recommendation_base),
                           NameOrNone(d.recommendation_new));
  out +=
      fmt::format("::notice title=plan diff::{}\n", EscapeData(summary + "; " + Verdict(d), false));
  return out;
}

}  // namespace

std::string RenderDiff(const ReportDiff& diff, DiffFormat format) {
  switch (format) {
    case DiffFormat::kTable:
      return RenderDiffTable(diff);
    case DiffFormat::kMarkdown:
      return RenderMd(diff);
    case DiffFormat::kGithub:
      return RenderGithub(diff);
  }
  return "";
}

}  // namespace plan
