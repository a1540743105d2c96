// Azure LLM inference CSVs (2023, 2024, 2025 multimodal) and Vidur's processed CSV. The first
// byte picks the format: detected from the header, or named.
#include "fuzz_trace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kFormats[] = {"", "azure", "vidur"};
  plan::TraceOpenOptions opt;
  opt.path = "fuzz.csv";
  opt.format = kFormats[data[0] % 3];
  plan::fuzz::FuzzTrace(opt, plan::fuzz::Text(data + 1, size - 1));
  return 0;
}
