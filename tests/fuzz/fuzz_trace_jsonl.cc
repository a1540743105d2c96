// Mooncake's JSONL (timestamps in ms, hash_ids) and generic JSONL with named keys: the first
// byte picks the format and, for generic JSONL, the time unit and block size of hash_ids.
#include "fuzz_trace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kFormats[] = {"", "mooncake", "jsonl", "jsonl"};
  static const char* const kUnits[] = {"s", "ms", "us", "ns", "datetime"};
  plan::TraceOpenOptions opt;
  opt.path = "fuzz.jsonl";
  opt.format = kFormats[data[0] % 4];
  opt.has_columns = data[0] % 4 == 3;
  opt.columns.time_unit = kUnits[(data[0] >> 2) % 5];
  opt.columns.prefix_block_tokens = 1 + (data[0] >> 5);
  opt.lengths_only = (data[0] >> 7) & 1;  // empirical length distributions read this way
  plan::fuzz::FuzzTrace(opt, plan::fuzz::Text(data + 1, size - 1));
  return 0;
}
