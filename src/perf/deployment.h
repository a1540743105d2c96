// One replica's configuration: which model runs on which GPU, how it is quantized and served,
// and how it is split across GPUs.
#pragma once

#include "catalog/engine_profile.h"
#include "catalog/gpu_spec.h"
#include "catalog/model_spec.h"
#include "catalog/quant_profile.h"
#include "perf/lora_shape.h"
#include "util/status.h"

namespace plan {

class Catalog;

// The pointers refer into a Catalog that outlives the Deployment (and every StepModel made from
// it).
struct Deployment {
  const ModelSpec* model = nullptr;
  const GpuSpec* gpu = nullptr;
  const QuantProfile* quant = nullptr;
  const EngineProfile* engine = nullptr;
  int tp = 1;        // tensor-parallel degree: GPUs sharing each layer
  int pp = 1;        // pipeline-parallel degree: stages of layers/pp layers each
  LoraShape lora{};  // adapters served beside the base model; none by default

  int gpus() const { return tp * pp; }
};

// The catalog ids a deployment names, as a scenario or a command line gives them.
struct DeploymentIds {
  std::string model;
  std::string gpu;
  std::string quant = "bf16";
  std::string engine = "vllm";
  int tp = 1;
  int pp = 1;
};

// Looks each id up in `catalog` (which must outlive the result); the first unknown one is bad
// input naming the nearest id: "unknown gpu 'h100-sxm5'; did you mean 'h100-sxm'?".
Result<Deployment> ResolveDeployment(const Catalog& catalog, const DeploymentIds& ids);

}  // namespace plan
