// BurstGPT's CSV (failed requests logged with 0 response tokens, optional session ids).
#include "fuzz_trace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  plan::TraceOpenOptions opt;
  opt.path = "fuzz.csv";
  opt.format = data[0] % 2 ? "burstgpt" : "";
  plan::fuzz::FuzzTrace(opt, plan::fuzz::Text(data + 1, size - 1));
  return 0;
}
