#include <catch2/catch.hpp>

#include "perf/deployment.h"
#include "perf_fixture.h"

namespace plan {
using test::PerfTestCatalog;

TEST_CASE("ResolveDeployment points into the catalog at the ids it names", "[perf]") {
  const Catalog& c = PerfTestCatalog();
  Result<Deployment> d =
      ResolveDeployment(c, {"tiny-dense", "small-gpu", "fp8", "test-engine", 2, 3});
  REQUIRE(d.ok());
  CHECK(d->model == c.FindModel("tiny-dense"));
  CHECK(d->gpu == c.FindGpu("small-gpu"));
  CHECK(d->quant == c.FindQuant("fp8"));
  CHECK(d->engine == c.FindEngine("test-engine"));
  CHECK(d->tp == 2);
  CHECK(d->pp == 3);
  CHECK(d->gpus() == 6);
}

TEST_CASE("ResolveDeployment names the first unknown id and the nearest known one", "[perf]") {
  const Catalog& c = PerfTestCatalog();
  auto message = [&](DeploymentIds ids) {
    Result<Deployment> d = ResolveDeployment(c, ids);
    REQUIRE_FALSE(d.ok());
    CHECK(d.status().code() == StatusCode::kInvalidInput);
    return d.status().message();
  };
  CHECK(message({"tiny-dens", "test-gpo", "bf16", "test-engine"}) ==
        "unknown model 'tiny-dens'; did you mean 'tiny-dense'?");
  CHECK(message({"tiny-dense", "test-gpo", "bf16", "test-engine"}) ==
        "unknown gpu 'test-gpo'; did you mean 'test-gpu'?");
  CHECK(message({"tiny-dense", "test-gpu", "fp9", "test-engine"}) ==
        "unknown quant 'fp9'; did you mean 'fp8'?");
  CHECK(message({"tiny-dense", "test-gpu", "bf16", "test-engin"}) ==
        "unknown engine 'test-engin'; did you mean 'test-engine'?");
}

}  // namespace plan
