// Any JSON document plan writes that `plan report` can show: a run (plan.report/v1), a search
// (plan.report/v1 with a "search" object) or a break-even sweep (plan.breakeven/v1).
#pragma once

#include <optional>
#include <string>

#include "report/breakeven_report.h"
#include "report/report.h"
#include "report/search_report.h"

namespace plan {

// Exactly one member is set.
struct ReportFile {
  std::optional<Report> report;
  std::optional<SearchReport> search;
  std::optional<BreakevenReport> breakeven;
};

// Errors: "path:line:col: not valid JSON", "path: /schema: ..." for an unknown schema or a
// search part file (which `plan merge` reads), and the reader's own.
Result<ReportFile> ReadReportFile(const std::string& text, const std::string& path);

}  // namespace plan
