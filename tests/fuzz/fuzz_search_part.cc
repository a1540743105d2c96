// A part file of a sharded search (`plan merge` reads them), merged alone, and the same text
// read as a search journal (what `plan search --shard` resumes from).
#include "decide/search_part.h"
#include "decide/search_result.h"
#include "fuzz_input.h"
#include "report/search_report.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace plan;
  const std::string text = fuzz::Text(data, size);
  Result<SearchPart> part = ReadPart(text, "fuzz.json");
  if (part.ok()) {
    std::vector<std::pair<std::string, SearchPart>> parts;
    parts.emplace_back("fuzz.json", *part);
    Result<SearchReport> merged = MergeParts(parts);
    if (merged.ok())
      RenderSearch(*merged, ReportFormat::kTable);
    else
      fuzz::CheckError(merged.status());
  } else {
    fuzz::CheckError(part.status());
  }
  size_t good_bytes = 0;
  Result<std::vector<PointResult>> journal =
      ReadJournal(text, "fuzz.journal", "0123456789abcdef", ShardSpec{1, 2}, &good_bytes);
  if (!journal.ok()) fuzz::CheckError(journal.status());
  if (good_bytes > text.size()) std::abort();
  return 0;
}
