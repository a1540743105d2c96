// Catalog TOML (what `--catalog DIR` overlays), then the roofline of every model the file
// defines on every device, quantisation and engine it defines: the products sizing memory and
// FLOPs, and one prefill and one decode step.
#include <algorithm>

#include "catalog/catalog.h"
#include "fuzz_input.h"
#include "perf/perf.h"

namespace {

using namespace plan;

constexpr size_t kMaxEach = 3;  // entries of each kind combined, to bound the time per input

void Roofline(const Catalog& c) {
  for (size_t m = 0; m < std::min(kMaxEach, c.models().size()); ++m)
    for (size_t g = 0; g < std::min(kMaxEach, c.gpus().size()); ++g)
      for (size_t q = 0; q < std::min(kMaxEach, c.quants().size()); ++q)
        for (size_t e = 0; e < std::min(kMaxEach, c.engines().size()); ++e)
          for (int tp : {1, 2, 8}) {
            Deployment d{&c.models()[m], &c.gpus()[g], &c.quants()[q], &c.engines()[e], tp, 1};
            Result<StepModel> step = StepModel::Create(d);
            if (!step.ok()) {
              fuzz::CheckError(step.status());
              continue;
            }
            step->StepTimeS(PrefillBatch(1, 2048));
            step->StepTimeS(DecodeBatch(64, 4096));
            ParameterCount(c.models()[m]);
          }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  Result<Catalog> c = LoadCatalog({{{"fuzz.toml", fuzz::Text(data, size)}}});
  if (!c.ok()) {
    fuzz::CheckError(c.status());
    return 0;
  }
  Roofline(*c);
  return 0;
}
