#include "catalog/parse_fidelity.h"

#include <fmt/format.h>

#include "util/input_limits.h"

namespace plan {

FidelityFields ParseFidelityFields(TomlTable& t) {
  FidelityFields f;
  f.basis = t.Choice("basis", {"fitted", "uncalibrated"}, "uncalibrated");
  if (!t.Has("basis")) t.ErrorHere(fmt::format("{} is missing required key 'basis'", t.what()));
  f.evidence = t.RequireString("evidence");
  f.evidence_set = t.String("evidence_set").value_or("");
  f.evidence_rows =
      static_cast<int>(t.IntInRange("evidence_rows", 0, limits::kMaxEvidenceRows).value_or(0));
  f.error_rms_log = t.NumberInRange("error_rms_log", 0, limits::kMaxRmsLogError).value_or(0);
  f.error_worst = t.NumberInRange("error_worst", 1, limits::kMaxErrorRatio).value_or(1);
  f.error_pct = t.NumberInRange("error_pct", 0, limits::kMaxErrorPct).value_or(0);
  f.borrowed_from = t.String("borrowed_from").value_or("");
  if (f.basis == "fitted") {
    for (const char* key :
         {"evidence_set", "evidence_rows", "error_rms_log", "error_worst", "error_pct"})
      if (!t.Has(key))
        t.ErrorHere(fmt::format("{} has basis = \"fitted\" and needs '{}'", t.what(), key));
    if (t.Has("evidence_rows") && f.evidence_rows < 1)
      t.Error("evidence_rows",
              fmt::format("{}: a fitted row rests on at least one evidence row", t.what()));
    if (!f.borrowed_from.empty())
      t.Error("borrowed_from",
              fmt::format("{}: a fitted row borrows nothing; remove 'borrowed_from'", t.what()));
  } else {
    if (f.borrowed_from.empty())
      t.ErrorHere(fmt::format(
          "{} has basis = \"uncalibrated\" and must name the pair it borrows ('borrowed_from')",
          t.what()));
    if (f.error_pct <= 0)
      t.ErrorHere(fmt::format("{} has basis = \"uncalibrated\" and needs a widened error_pct > 0",
                              t.what()));
  }
  return f;
}

}  // namespace plan
