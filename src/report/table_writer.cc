// The terminal table: one row per candidate, then the recommendation and any warnings.
#include "report/writers.h"
#include "util/text_table.h"

namespace plan {

std::string RenderTable(const Report& report) {
  std::vector<TextTable::Align> align;
  for (bool right : SummaryRightAligned())
    align.push_back(right ? TextTable::Align::kRight : TextTable::Align::kLeft);
  TextTable table(SummaryHeader(), align);
  for (const CandidateRow& row : report.candidates)
    table.AddRow(SummaryCells(row, row.name == report.recommendation, report.slo));

  std::string out = table.Render();
  const std::string line = RecommendationLine(report);
  if (!line.empty()) out += "\n" + line + "\n";
  const std::vector<std::string> excluded = ExclusionLines(report);
  if (!excluded.empty()) out += "\n";
  for (const std::string& e : excluded) out += e + "\n";
  const std::vector<std::string> overloaded = OverloadLines(report);
  if (!overloaded.empty()) out += "\n";
  for (const std::string& o : overloaded) out += o + "\n";
  const std::vector<std::string> headroom = HeadroomLines(report);
  if (!headroom.empty()) out += "\n";
  for (const std::string& h : headroom) out += h + "\n";
  const std::vector<std::string> interruptions = InterruptionLines(report);
  if (!interruptions.empty()) out += "\n";
  for (const std::string& i : interruptions) out += i + "\n";
  const std::vector<std::string> composites = CompositeLines(report);
  if (!composites.empty()) out += "\nComposite candidates, by tier:\n";
  for (const std::string& c : composites) out += "  " + c + "\n";
  const std::vector<std::string> bounds = BoundsLines(report);
  if (!bounds.empty()) out += "\n";
  for (const std::string& b : bounds) out += b + "\n";
  for (const std::string& w : report.warnings) out += "warning: " + w + "\n";
  return out;
}

}  // namespace plan
