// Reading the fidelity keys that engine efficiencies and GPU interconnects share: basis,
// evidence_set, evidence_rows, error_rms_log, error_worst, error_pct, borrowed_from, evidence.
#pragma once

#include <string>

#include "util/toml_reader.h"

namespace plan {

struct FidelityFields {
  std::string basis;
  std::string evidence_set;
  int evidence_rows = 0;
  double error_rms_log = 0;
  double error_worst = 1;
  double error_pct = 0;
  std::string borrowed_from;
  std::string evidence;
};

// Reads and checks them: basis is "fitted" (needs evidence_set, evidence_rows >= 1 and the
// three errors) or "uncalibrated" (needs borrowed_from and error_pct > 0); error_worst >= 1.
FidelityFields ParseFidelityFields(TomlTable& t);

// Copies the fields into any struct with the same member names.
template <class T>
void ApplyFidelity(const FidelityFields& f, T* out) {
  out->basis = f.basis;
  out->evidence_set = f.evidence_set;
  out->evidence_rows = f.evidence_rows;
  out->error_rms_log = f.error_rms_log;
  out->error_worst = f.error_worst;
  out->error_pct = f.error_pct;
  out->borrowed_from = f.borrowed_from;
  out->evidence = f.evidence;
}

}  // namespace plan
