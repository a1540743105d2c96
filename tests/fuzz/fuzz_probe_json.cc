// A probe file (plan.probe/v1) as `plan calibrate` reads it, then the API latency fit and the
// roofline fit of one embedded deployment to what it holds.
#include "fuzz_input.h"
#include "perf/perf.h"
#include "probe/calibrate_api.h"
#include "probe/calibrate_roofline.h"
#include "probe/probe_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace plan;
  Result<ProbeResult> p = ReadProbeJson(fuzz::Text(data, size), "fuzz.json");
  if (!p.ok()) {
    fuzz::CheckError(p.status());
    return 0;
  }
  Result<ApiLatencyFit> api = FitApiLatency(*p, "fuzz.json", 0.02);
  if (api.ok())
    ApiOverlayToml(*api, *p, "openai/gpt-4o-mini", 0.02);
  else
    fuzz::CheckError(api.status());
  const Catalog& c = fuzz::EmbeddedCatalog();
  Deployment d{c.FindModel("llama-3.1-8b-instruct"),
               c.FindGpu("h100-sxm"),
               c.FindQuant("fp8"),
               c.FindEngine("vllm"),
               1,
               1};
  if (!d.model || !d.gpu || !d.quant || !d.engine) std::abort();
  Result<RooflineFit> roofline = FitRoofline(*p, "fuzz.json", d);
  if (roofline.ok())
    EngineOverlayToml(*d.engine, *roofline, *p, d);
  else
    fuzz::CheckError(roofline.status());
  return 0;
}
