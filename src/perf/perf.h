// perf/: the roofline model. Front header: what the simulator and the CLI include.
#pragma once

#include "perf/batch_shape.h"
#include "perf/deployment.h"
#include "perf/memory_plan.h"
#include "perf/model_size.h"
#include "perf/step_breakdown.h"
#include "perf/step_model.h"
