// One replica's configuration: which model runs on which GPU, how it is quantized and served,
// and how it is split across GPUs.
#pragma once

#include "catalog/engine_profile.h"
#include "catalog/gpu_spec.h"
#include "catalog/model_spec.h"
#include "catalog/quant_profile.h"

namespace plan {

// The pointers refer into a Catalog that outlives the Deployment (and every StepModel made from
// it).
struct Deployment {
  const ModelSpec* model = nullptr;
  const GpuSpec* gpu = nullptr;
  const QuantProfile* quant = nullptr;
  const EngineProfile* engine = nullptr;
  int tp = 1;  // tensor-parallel degree: GPUs sharing each layer
  int pp = 1;  // pipeline-parallel degree: stages of layers/pp layers each

  int gpus() const { return tp * pp; }
};

}  // namespace plan
