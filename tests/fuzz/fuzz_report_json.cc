// Report JSON as `plan report` and `plan diff` read it (a run, a search or a break-even
// sweep), rendered in every format, and a run diffed against itself.
#include "fuzz_input.h"
#include "report/breakeven_report.h"
#include "report/diff.h"
#include "report/html.h"
#include "report/report_file.h"
#include "report/search_report.h"

namespace {

using namespace plan;

void Render(const ReportFile& f) {
  for (ReportFormat format :
       {ReportFormat::kTable, ReportFormat::kJson, ReportFormat::kCsv, ReportFormat::kMd}) {
    if (f.report) RenderReport(*f.report, format);
    if (f.search) RenderSearch(*f.search, format);
  }
  if (f.breakeven)
    for (BreakevenFormat format : {BreakevenFormat::kTable, BreakevenFormat::kJson,
                                   BreakevenFormat::kCsv, BreakevenFormat::kMd})
      RenderBreakeven(*f.breakeven, format);
  HtmlInputs in;
  if (f.report) in.report = &*f.report;
  if (f.search) in.search = &*f.search;
  if (f.breakeven) in.breakeven = &*f.breakeven;
  RenderHtml(in);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text = fuzz::Text(data, size);
  Result<ReportFile> f = ReadReportFile(text, "fuzz.json");
  if (!f.ok()) {
    fuzz::CheckError(f.status());
  } else {
    Render(*f);
  }
  Result<Report> r = ReadReportJson(text, "fuzz.json");  // what plan diff reads
  if (!r.ok()) {
    fuzz::CheckError(r.status());
    return 0;
  }
  std::vector<Threshold> fail_on;
  for (const char* expr : {"usd_per_month > +5%", "ttft_s.p99 > 2", "attainment < -1"})
    fail_on.push_back(*ParseThreshold(expr, "--fail-on"));
  ReportDiff diff = DiffReports(*r, *r, fail_on, {});
  for (DiffFormat format : {DiffFormat::kTable, DiffFormat::kMarkdown, DiffFormat::kGithub})
    RenderDiff(diff, format);
  return 0;
}
