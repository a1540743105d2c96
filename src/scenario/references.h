// Resolves the references between candidates once a scenario's candidates are all parsed:
// each names another candidate or a catalog offer (an unknown name is an error suggesting the
// nearest candidate or offer), a candidate never reaches itself through them, and an API
// offer deployed in a multi_region candidate must be served from the deployment's region.
#pragma once

#include "catalog/catalog.h"
#include "util/diagnostics.h"

namespace plan {

struct Scenario;

void ResolveReferences(Scenario* scenario, const Catalog& catalog, Diagnostics* diag);

}  // namespace plan
