#include "perf/deployment.h"

#include "catalog/catalog.h"
#include "util/suggest.h"

namespace plan {

namespace {

template <typename T>
Status Found(const T* found, const char* what, const std::string& id,
             const std::vector<std::string>& ids) {
  return found ? Status::Ok() : Status::Invalid(UnknownNameMessage(what, id, ids));
}

}  // namespace

Result<Deployment> ResolveDeployment(const Catalog& catalog, const DeploymentIds& ids) {
  Deployment d;
  d.model = catalog.FindModel(ids.model);
  PLAN_RETURN_IF_ERROR(Found(d.model, "model", ids.model, catalog.ModelIds()));
  d.gpu = catalog.FindGpu(ids.gpu);
  PLAN_RETURN_IF_ERROR(Found(d.gpu, "gpu", ids.gpu, catalog.GpuIds()));
  d.quant = catalog.FindQuant(ids.quant);
  PLAN_RETURN_IF_ERROR(Found(d.quant, "quant", ids.quant, catalog.QuantIds()));
  d.engine = catalog.FindEngine(ids.engine);
  PLAN_RETURN_IF_ERROR(Found(d.engine, "engine", ids.engine, catalog.EngineIds()));
  d.tp = ids.tp;
  d.pp = ids.pp;
  return d;
}

}  // namespace plan
