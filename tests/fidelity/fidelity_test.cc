// plan fidelity's model of the evidence: every group of catalog/evidence holds the tolerance the
// catalog records, a fitted pair's recorded error is recomputed from its rows, and the mapping of
// a row onto the step model is the arithmetic the header describes.
#include <fmt/format.h>
#include <catch2/catch.hpp>
#include <cmath>

#include "catalog/resolve_engine.h"
#include "fidelity/fidelity_report.h"
#include "perf/allreduce.h"
#include "perf/perf.h"
#include "testing/embedded_catalog.h"
#include "testing/scratch_dir.h"

namespace plan {
namespace {

const std::vector<EvidenceRow>& Evidence() {
  static const std::vector<EvidenceRow> rows =
      LoadEvidence(std::string(PLAN_SOURCE_DIR) + "/catalog/evidence").value();
  return rows;
}

TEST_CASE("Every evidence group holds the tolerance recorded beside the catalog's figures",
          "[fidelity]") {
  Result<FidelityReport> report = BuildFidelityReport(test::EmbeddedCatalog(), Evidence(), {});
  REQUIRE(report.ok());
  CHECK(report->groups.size() >= 20);
  for (const GroupReport& g : report->groups) {
    INFO(g.group.key << ": " << g.failure);
    CHECK(g.failure.empty());
  }
}

TEST_CASE("vLLM on Hopper: the recorded fit error is the error of its rows, recomputed",
          "[fidelity]") {
  Predictor predictor(test::EmbeddedCatalog());
  const EngineProfile& vllm = *test::EmbeddedCatalog().FindEngine("vllm");
  const Efficiency& hopper = vllm.EfficiencyFor("hopper");
  REQUIRE(hopper.basis == "fitted");
  for (const EvidenceGroup& g : GroupEvidence(predictor, Evidence())) {
    if (g.key != "vllm/hopper") continue;
    std::vector<double> log_errors;
    for (const EvidenceRow* row : g.rows)
      log_errors.push_back(std::log(predictor.Predict(*row, vllm).value() / row->value));
    // rms log error and worst ratio by hand, then the band: the 90th-percentile |log error|
    // (nearest rank), as a percentage, rounded up.
    double sum_sq = 0, worst = 0;
    for (double l : log_errors) sum_sq += l * l, worst = std::max(worst, std::fabs(l));
    std::vector<double> abs_log;
    for (double l : log_errors) abs_log.push_back(std::fabs(l));
    std::sort(abs_log.begin(), abs_log.end());
    const double p90 = abs_log[static_cast<size_t>(std::ceil(0.9 * abs_log.size())) - 1];
    CHECK(static_cast<int>(log_errors.size()) == hopper.evidence_rows);
    CHECK(std::sqrt(sum_sq / log_errors.size()) == Approx(hopper.error_rms_log).epsilon(1e-3));
    CHECK(std::exp(worst) == Approx(hopper.error_worst).epsilon(1e-3));
    CHECK(std::ceil(100 * (std::exp(p90) - 1) - 1e-9) == hopper.error_pct);
    return;
  }
  FAIL("no vllm/hopper group");
}

TEST_CASE("Evidence rows map onto the step model as documented", "[fidelity]") {
  test::ScratchDir dir;
  const std::string serving_header =
      "source_id,engine,engine_name,engine_version,gpu,gpu_name,family,gpu_count,tp,pp,model,"
      "model_name,model_match,quant,quant_name,isl,osl,concurrency,request_rate,mode,metric,";
  const std::string tail = "value,source,date_read,notes\n";
  dir.Write("throughput.csv", serving_header + tail);
  dir.Write("latency.csv",
            serving_header + "statistic," + tail +
                "s,vllm,vLLM,1,h100-sxm,H100,hopper,1,1,1,llama-3.1-8b-instruct,L,exact,bf16,B,"
                "100,5,4,,offline-static-batch,batch_e2e_s,mean,1.0,src,2026-12-04,\n"
                "s,vllm,vLLM,1,h100-sxm,H100,hopper,1,1,1,llama-3.1-8b-instruct,L,exact,bf16,B,"
                "ShareGPT,ShareGPT,4,,offline-static-batch,batch_e2e_s,mean,1.0,src,2026-12-04,\n");
  dir.Write("llamacpp.csv",
            "source_id,device,device_name,family,device_count,split_mode,backend,model,"
            "model_name,model_match,quant,quant_name,test,n_prompt,n_gen,tok_per_s,build,source,"
            "date_read,notes\n"
            "s,rtx-4090,RTX 4090,ada,1,none,CUDA,llama-3.1-8b-instruct,L,exact,q4_k_m,Q,tg128,0,"
            "128,100,b,src,2026-12-04,\n"
            "s,,RTX 3090,ampere,1,none,CUDA,llama-3.1-8b-instruct,L,exact,q4_k_m,Q,tg128,0,128,"
            "100,b,src,2026-12-04,\n");
  dir.Write("allreduce.csv",
            "source_id,system,gpu,gpu_name,interconnect,nodes,gpus_per_node,gpus,collective,dtype,"
            "elements,message_bytes,time_us_median,time_us_mean,time_us_min,algbw_gb_per_s,"
            "busbw_gb_per_s,library,algorithm,source,date_read,notes\n"
            "s,x,h100-sxm,H100,nvswitch,1,8,8,all_reduce,bf16,8192,16384,5,5,5,1,1,vllm,"
            "vLLM_custom_graph/vllm_graph,src,2026-12-04,\n");
  Result<std::vector<EvidenceRow>> rows = LoadEvidence(dir.path());
  REQUIRE(rows.ok());
  REQUIRE(rows->size() == 5);
  Predictor predictor(test::EmbeddedCatalog());
  const EvidenceRow& batch = (*rows)[0];
  const EvidenceRow& dataset = (*rows)[1];
  const EvidenceRow& tg = (*rows)[2];
  const EvidenceRow& unknown_gpu = (*rows)[3];
  const EvidenceRow& allreduce = (*rows)[4];
  CHECK(batch.loc.ToString() == dir.path() + "/latency.csv:2:126");
  CHECK(predictor.SkipReason(batch).empty());
  CHECK(predictor.SkipReason(dataset) == "lengths given as a dataset, not tokens");
  CHECK(predictor.SkipReason(unknown_gpu) == "gpu not in the catalog (RTX 3090)");
  CHECK(predictor.SkipReason(allreduce).empty());

  // A static batch: 4 prompts of 100 tokens in one step, then 4 decode steps at context 100..103.
  const GpuSpec& h100 = *test::EmbeddedCatalog().FindGpu("h100-sxm");
  const EngineProfile& vllm = *test::EmbeddedCatalog().FindEngine("vllm");
  const EngineProfile resolved = ResolveEngine(vllm, h100, "").engine;
  const StepModel sm =
      StepModel::Create({test::EmbeddedCatalog().FindModel("llama-3.1-8b-instruct"), &h100,
                         test::EmbeddedCatalog().FindQuant("bf16"), &resolved, 1, 1})
          .value();
  double expected = sm.StepTimeS(PrefillBatch(4, 100));
  for (int i = 0; i < 4; ++i) expected += sm.StepTimeS(DecodeBatch(4, 100 + i));
  CHECK(predictor.Predict(batch, vllm).value() == expected);

  // llama-bench tg128: 128 tokens over 128 decode steps of one sequence at context 0..127.
  const GpuSpec& rtx = *test::EmbeddedCatalog().FindGpu("rtx-4090");
  const EngineProfile& llamacpp = *test::EmbeddedCatalog().FindEngine("llama.cpp");
  const EngineProfile lr = ResolveEngine(llamacpp, rtx, "").engine;
  const StepModel tsm =
      StepModel::Create({test::EmbeddedCatalog().FindModel("llama-3.1-8b-instruct"), &rtx,
                         test::EmbeddedCatalog().FindQuant("q4_k_m"), &lr, 1, 1})
          .value();
  double tg_s = 0;
  for (int i = 0; i < 128; ++i) tg_s += tsm.StepTimeS(DecodeBatch(1, i));
  CHECK(predictor.Predict(tg, llamacpp).value() == 128 / tg_s);

  // An all-reduce row: the communication model, in microseconds.
  CHECK(predictor.PredictAllReduceUs(allreduce, h100) ==
        AllReduceTimeS(h100, true, 8, 16384) * 1e6);
}

}  // namespace
}  // namespace plan
