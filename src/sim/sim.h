// Front header of the simulator: the event engine, replicas, fleets and the request driver.
#pragma once

#include "sim/driver.h"
#include "sim/fleet.h"
#include "sim/kv_cache.h"
#include "sim/observer.h"
#include "sim/replica.h"
#include "sim/router.h"
#include "sim/simulation.h"
#include "sim/step_timer.h"
#include "sim/target.h"
