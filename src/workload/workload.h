// The workload module's front header: where a simulation's request stream comes from.
//   ParseWorkloadSpec  the scenario's [workload] table -> WorkloadSpec
//   OpenWorkload       WorkloadSpec + seed -> a fresh RequestSource (identical on every call)
//   WorkloadStatsOf    what a stream read, skipped and clipped
//   SummarizeTrace     count, span and length percentiles of a whole stream (plan trace stats)
//   WriteTraceRow      one request as generic CSV or JSONL (plan trace convert|generate)
#pragma once

#include "workload/request.h"
#include "workload/trace_summary.h"
#include "workload/trace_writer.h"
#include "workload/workload_spec.h"
#include "workload/workload_stream.h"
