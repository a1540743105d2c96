#include "fidelity/evidence.h"

#include <fmt/format.h>
#include <cstdlib>

#include "fidelity/csv_table.h"

namespace plan {

namespace {

// A column that must hold a number (or be empty, giving `fallback`).
Status NumberOr(const CsvTable& t, const CsvTable::Row& r, const std::string& column,
                double fallback, double* out) {
  Result<std::optional<double>> v = t.Number(r, column);
  if (!v.ok()) return v.status();
  *out = v->value_or(fallback);
  return Status::Ok();
}

// Lengths are numbers, or a dataset's name ("ShareGPT ..."): 0 then.
double Tokens(const std::string& s) {
  char* end = nullptr;
  const double v = std::strtod(s.c_str(), &end);
  return !s.empty() && end == s.c_str() + s.size() ? v : 0.0;
}

// "-b 16" in a llama-bench note: the prompt micro-batch.
int PromptBatch(const std::string& notes) {
  const size_t at = notes.find("-b ");
  return at == std::string::npos ? 0 : std::atoi(notes.c_str() + at + 3);
}

Status ReadServing(const std::string& dir, const std::string& set, std::vector<EvidenceRow>* out) {
  Result<CsvTable> t = CsvTable::Read(dir + "/" + set + ".csv");
  if (!t.ok()) return t.status();
  std::vector<std::string> columns = {
      "source_id", "engine", "gpu", "gpu_name",    "family", "gpu_count", "tp",    "pp",   "model",
      "quant",     "isl",    "osl", "concurrency", "mode",   "metric",    "value", "notes"};
  if (set == "latency") columns.push_back("statistic");
  PLAN_RETURN_IF_ERROR(t->RequireColumns(columns));
  for (const CsvTable::Row& r : t->rows()) {
    EvidenceRow e;
    e.loc = t->Loc(r, "value");
    e.set = set;
    e.source_id = t->Get(r, "source_id");
    e.engine = t->Get(r, "engine");
    e.family = t->Get(r, "family");
    e.gpu = t->Get(r, "gpu");
    e.gpu_name = t->Get(r, "gpu_name");
    e.model = t->Get(r, "model");
    e.quant = t->Get(r, "quant");
    double gpus = 1, tp = 1, pp = 1;
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "gpu_count", 1, &gpus));
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "tp", 1, &tp));
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "pp", 1, &pp));
    e.gpus = static_cast<int>(gpus), e.tp = static_cast<int>(tp), e.pp = static_cast<int>(pp);
    e.isl = Tokens(t->Get(r, "isl"));
    e.osl = Tokens(t->Get(r, "osl"));
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "concurrency", 0, &e.concurrency));
    e.mode = t->Get(r, "mode");
    e.metric = t->Get(r, "metric");
    e.statistic = t->Get(r, "statistic");
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "value", 0, &e.value));
    e.notes = t->Get(r, "notes");
    if (e.mode == "llama-bench") e.prompt_batch = PromptBatch(e.notes);
    out->push_back(std::move(e));
  }
  return Status::Ok();
}

Status ReadLlamaCpp(const std::string& dir, std::vector<EvidenceRow>* out) {
  Result<CsvTable> t = CsvTable::Read(dir + "/llamacpp.csv");
  if (!t.ok()) return t.status();
  PLAN_RETURN_IF_ERROR(t->RequireColumns({"source_id", "device", "device_name", "family",
                                          "device_count", "split_mode", "model", "quant", "test",
                                          "n_prompt", "n_gen", "tok_per_s", "notes"}));
  for (const CsvTable::Row& r : t->rows()) {
    EvidenceRow e;
    e.loc = t->Loc(r, "tok_per_s");
    e.set = "llamacpp";
    e.source_id = t->Get(r, "source_id");
    e.engine = "llama.cpp";
    e.family = t->Get(r, "family");
    e.gpu = t->Get(r, "device");
    e.gpu_name = t->Get(r, "device_name");
    e.model = t->Get(r, "model");
    e.quant = t->Get(r, "quant");
    double devices = 1;
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "device_count", 1, &devices));
    e.gpus = static_cast<int>(devices);
    e.pp = e.gpus;  // layer split: consecutive layers on consecutive devices
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "n_prompt", 0, &e.isl));
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "n_gen", 0, &e.osl));
    e.concurrency = 1;
    e.mode = "llama-bench";
    e.metric = t->Get(r, "test");  // pp512, tg128, ..., pp_eval, tg_eval
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "tok_per_s", 0, &e.value));
    e.notes = t->Get(r, "notes");
    e.prompt_batch = 512;  // llama-bench's default -ub
    out->push_back(std::move(e));
  }
  return Status::Ok();
}

Status ReadAllReduce(const std::string& dir, std::vector<EvidenceRow>* out) {
  Result<CsvTable> t = CsvTable::Read(dir + "/allreduce.csv");
  if (!t.ok()) return t.status();
  PLAN_RETURN_IF_ERROR(
      t->RequireColumns({"source_id", "gpu", "gpu_name", "nodes", "gpus", "collective",
                         "message_bytes", "time_us_median", "library", "algorithm", "notes"}));
  for (const CsvTable::Row& r : t->rows()) {
    EvidenceRow e;
    e.loc = t->Loc(r, "time_us_median");
    e.set = "allreduce";
    e.source_id = t->Get(r, "source_id");
    e.gpu = t->Get(r, "gpu");
    e.gpu_name = t->Get(r, "gpu_name");
    double nodes = 1, gpus = 1;
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "nodes", 1, &nodes));
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "gpus", 1, &gpus));
    e.nodes = static_cast<int>(nodes), e.gpus = static_cast<int>(gpus), e.tp = e.gpus;
    e.mode = t->Get(r, "collective");
    e.metric = "time_us";
    e.statistic = "median";
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "message_bytes", 0, &e.message_bytes));
    PLAN_RETURN_IF_ERROR(NumberOr(*t, r, "time_us_median", 0, &e.value));
    e.algorithm = t->Get(r, "algorithm");
    e.engine = t->Get(r, "library");
    e.notes = t->Get(r, "notes");
    out->push_back(std::move(e));
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<EvidenceRow>> LoadEvidence(const std::string& dir) {
  std::vector<EvidenceRow> rows;
  PLAN_RETURN_IF_ERROR(ReadServing(dir, "throughput", &rows));
  PLAN_RETURN_IF_ERROR(ReadServing(dir, "latency", &rows));
  PLAN_RETURN_IF_ERROR(ReadLlamaCpp(dir, &rows));
  PLAN_RETURN_IF_ERROR(ReadAllReduce(dir, &rows));
  return rows;
}

}  // namespace plan
