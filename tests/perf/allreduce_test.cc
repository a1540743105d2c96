// The all-reduce model (perf/allreduce.h) on made-up links: every figure worked out by hand.
#include <catch2/catch.hpp>

#include "perf/allreduce.h"

namespace plan {
namespace {

// An NVSwitch-like node: 450 GB/s per GPU, efficiency 0.8, custom kernels 5 us per step, NCCL
// 8 us fixed + 1 us per ring step.
GpuSpec Switch() {
  GpuSpec g;
  g.id = "switch-gpu";
  g.link_bandwidth_bytes_per_s = 450e9;
  g.gpus_per_node = 8;
  g.interconnect.custom_latency_s = 5e-6;
  g.interconnect.nccl_latency_s = 1e-6;
  g.interconnect.nccl_base_latency_s = 8e-6;
  g.interconnect.efficiency = 0.8;
  return g;
}

TEST_CASE("A decode token's all-reduce on 8 GPUs takes the one-shot kernel", "[perf]") {
  // One token of a 8192-wide model in 16-bit: 16,384 bytes. 450 GB/s x 0.8 = 360 GB/s.
  //   one-shot: 5 us + 7 x 16,384 B / 360 GB/s = 5 + 0.318578 = 5.318578 us
  //   two-shot: 10 us + 2 x 7/8 x 16,384 / 360e9 = 10 + 0.079644 = 10.079644 us
  //   ring:     8 + 14 x 1 us + 0.079644 = 22.079644 us
  AllReduceAlgorithm chosen = AllReduceAlgorithm::kRing;
  const double t = AllReduceTimeS(Switch(), true, 8, 16384, &chosen);
  CHECK(chosen == AllReduceAlgorithm::kOneShot);
  CHECK(t == Approx(5.3185778e-6).epsilon(1e-6));
  // An engine without custom kernels (TGI) pays NCCL's ring.
  CHECK(AllReduceTimeS(Switch(), false, 8, 16384, &chosen) == Approx(22.0796444e-6).epsilon(1e-6));
  CHECK(chosen == AllReduceAlgorithm::kRing);
}

TEST_CASE("Larger messages move to two-shot, then to the ring as latency stops mattering",
          "[perf]") {
  AllReduceAlgorithm chosen = AllReduceAlgorithm::kRing;
  // 1 MiB at 8 GPUs: one-shot 5 + 7 x 1,048,576 / 360e9 = 5 + 20.389 = 25.389 us; two-shot
  // 10 + 1.75 x 1,048,576 / 360e9 = 10 + 5.097 = 15.097 us; ring 22 + 5.097 = 27.097 us.
  CHECK(AllReduceTimeS(Switch(), true, 8, 1048576, &chosen) == Approx(15.0972e-6).epsilon(1e-4));
  CHECK(chosen == AllReduceAlgorithm::kTwoShot);
  // Two-shot and ring carry the same bytes: the ring never wins while custom kernels may run.
  AllReduceTimeS(Switch(), true, 8, 1e9, &chosen);
  CHECK(chosen == AllReduceAlgorithm::kTwoShot);
}

TEST_CASE("On PCIe the custom kernels stop at 2 GPUs and shared uplinks slow the ring", "[perf]") {
  GpuSpec pcie = Switch();
  pcie.link_bandwidth_bytes_per_s = 32e9;
  pcie.interconnect.custom_max_gpus = 2;
  pcie.interconnect.efficiency = 0.625;    // 20 GB/s between two GPUs
  pcie.interconnect.scaling_exponent = 2;  // x (2/n)^2: 5 GB/s at 4, 1.25 GB/s at 8
  AllReduceAlgorithm chosen = AllReduceAlgorithm::kOneShot;
  // 8 GPUs, 16 MiB: ring only. 8 + 14 us + 1.75 x 16,777,216 / 1.25e9 = 22 us + 23,488.1 us.
  CHECK(AllReduceTimeS(pcie, true, 8, 16777216, &chosen) == Approx(23510.1e-6).epsilon(1e-5));
  CHECK(chosen == AllReduceAlgorithm::kRing);
  // 2 GPUs, 16 KiB: one-shot 5 + 16,384 / 20e9 = 5.8192 us.
  CHECK(AllReduceTimeS(pcie, true, 2, 16384, &chosen) == Approx(5.8192e-6).epsilon(1e-9));
  CHECK(chosen == AllReduceAlgorithm::kOneShot);
}

}  // namespace
}  // namespace plan
