// GitHub-flavoured Markdown, for pull-request comments: the summary table and the
// recommendation.
#include "report/writers.h"

namespace plan {

std::string EscapeMarkdown(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '|' || c == '*' || c == '`' || c == '$' || c == '\\') out += '\\';
    out += c;
  }
  return out;
}

namespace {
std::string MarkdownRow(const std::vector<std::string>& cells) {
  std::string out = "|";
  for (const std::string& c : cells) out += " " + EscapeMarkdown(c) + " |";
  return out + "\n";
}
}  // namespace

std::string RenderMarkdown(const Report& report) {
  std::string out = MarkdownRow(SummaryHeader());
  out += "|";
  for (bool right : SummaryRightAligned()) out += right ? " ---: |" : " --- |";
  out += "\n";
  for (const CandidateRow& row : report.candidates)
    out += MarkdownRow(SummaryCells(row, row.name == report.recommendation, report.slo));

  const std::string line = RecommendationLine(report);
  if (!line.empty()) out += "\n" + EscapeMarkdown(line) + "\n";
  const std::vector<std::string> excluded = ExclusionLines(report);
  if (!excluded.empty()) out += "\n";
  for (const std::string& e : excluded) {
    const bool item = e.rfind("  ", 0) == 0;
    out += (item ? "- " + EscapeMarkdown(e.substr(2)) : EscapeMarkdown(e) + "\n") + "\n";
  }
  for (const std::string& o : OverloadLines(report)) out += "\n" + EscapeMarkdown(o) + "\n";
  const std::vector<std::string> headroom = HeadroomLines(report);
  if (!headroom.empty()) out += "\n";
  for (const std::string& h : headroom) {
    const bool item = h.rfind("  ", 0) == 0;
    out += (item ? "- " + EscapeMarkdown(h.substr(2)) : EscapeMarkdown(h) + "\n") + "\n";
  }
  const std::vector<std::string> interruptions = InterruptionLines(report);
  if (!interruptions.empty()) out += "\n";
  for (const std::string& i : interruptions) {
    const bool item = i.rfind("  ", 0) == 0;
    out += (item ? "- " + EscapeMarkdown(i.substr(2)) : EscapeMarkdown(i) + "\n") + "\n";
  }
  const std::vector<std::string> composites = CompositeLines(report);
  if (!composites.empty()) out += "\nComposite candidates, by tier:\n\n";
  for (const std::string& c : composites) {
    // A candidate is a list item; its notes are items nested under it.
    const bool note = c.rfind("  ", 0) == 0;
    out += (note ? "  - " + EscapeMarkdown(c.substr(2)) : "- " + EscapeMarkdown(c)) + "\n";
  }
  const std::vector<std::string> bounds = BoundsLines(report);
  if (!bounds.empty()) out += "\n";
  for (const std::string& b : bounds) {
    // The per-candidate lines are a list; the heading and the robustness sentence are text.
    const bool item = b.rfind("  ", 0) == 0;
    out += (item ? "- " + EscapeMarkdown(b.substr(2)) : EscapeMarkdown(b)) + "\n";  // "" ends it
  }
  if (!report.warnings.empty()) out += "\n";
  for (const std::string& w : report.warnings) out += "- **warning:** " + EscapeMarkdown(w) + "\n";
  return out;
}

}  // namespace plan
