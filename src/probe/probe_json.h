// The probe file (schema plan.probe/v1): what `plan probe -o` writes and `plan calibrate`
// reads. Times are seconds. Fields may be added within v1; none is renamed or dropped.
// It never holds an API key, a request header, or a URL's query string.
#pragma once

#include <string>

#include "probe/probe_result.h"
#include "util/status.h"

namespace plan {

// The document, pretty-printed, one line per request row; deterministic for equal input.
std::string WriteProbeJson(const ProbeResult& result);

// Parses and checks a probe file; every problem is reported as path:line:col, then it fails
// (Status::Invalid). Fields the summaries derive from rows are re-derived, not trusted.
Result<ProbeResult> ReadProbeJson(const std::string& text, const std::string& path);

}  // namespace plan
