// Generic CSV with named columns (scenario `columns = {...}`): the first byte picks the time
// unit and whether the optional session, region and label columns are named.
#include "fuzz_trace.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  if (size == 0) return 0;
  static const char* const kUnits[] = {"s", "ms", "us", "ns", "datetime"};
  plan::TraceOpenOptions opt;
  opt.path = "fuzz.csv";
  opt.format = "csv";
  opt.has_columns = data[0] & 1;
  opt.columns.time_unit = kUnits[(data[0] >> 1) % 5];
  if (data[0] & 0x10) {
    opt.columns.time = "t";
    opt.columns.input = "in";
    opt.columns.output = "out";
  }
  if (data[0] & 0x20) opt.columns.session = "s";
  if (data[0] & 0x40) opt.columns.region = "r";
  if (data[0] & 0x80) opt.columns.label = "l";
  plan::fuzz::FuzzTrace(opt, plan::fuzz::Text(data + 1, size - 1));
  return 0;
}
