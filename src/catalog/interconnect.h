// How collectives behave on a GPU's scale-up link (NVLink/NVSwitch, xGMI or PCIe), fitted to
// published all-reduce measurements (catalog/evidence/allreduce.csv; plan fidelity --fit).
#pragma once

#include <string>

namespace plan {

struct Interconnect {
  // One step of an engine's one-shot/two-shot custom all-reduce replayed from a CUDA graph
  // (vLLM, SGLang, TensorRT-LLM): barrier and launch, seconds.
  double custom_latency_s = 0;
  // One step of an NCCL ring (2(n-1) steps per all-reduce); also a pipeline send.
  double nccl_latency_s = 0;
  // NCCL's fixed cost per collective (launch, protocol set-up), on top of its steps.
  double nccl_base_latency_s = 0;
  // Fraction of link_gb_per_s that large transfers between two GPUs reach.
  double efficiency = 0.7;
  // How the per-GPU bandwidth changes with the group: x (2/n)^scaling_exponent for n GPUs. 0 on
  // a switch that gives every GPU its own link; > 0 where GPUs share one (PCIe through the host:
  // 8 x L40S reach 1.5 GB/s of bus bandwidth against 20 GB/s for 2); < 0 where the switch
  // reduces in the network (NVLink SHARP).
  double scaling_exponent = 0;
  // The engines' custom kernels need every GPU to reach every other's memory (NVLink/NVSwitch
  // or xGMI); on PCIe they run only up to this many GPUs (vLLM: 2), NCCL beyond.
  int custom_max_gpus = 0;  // 0: no limit
  // Fidelity, as for an engine efficiency: "fitted" to `evidence_rows` rows of `evidence_set`,
  // or "uncalibrated" (borrowed from `borrowed_from`).
  std::string basis = "uncalibrated";
  std::string evidence_set;
  int evidence_rows = 0;
  double error_rms_log = 0;
  double error_worst = 1;
  double error_pct = 0;
  std::string borrowed_from;
  std::string evidence;
  bool operator==(const Interconnect&) const = default;
};

}  // namespace plan
