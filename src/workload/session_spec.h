// Parsing of the [workload.sessions] table (SessionSpec, in workload_spec.h).
#pragma once

#include <string>

#include "workload/workload_spec.h"

namespace plan {

class TomlTable;

// Parses [workload.sessions]; errors go to t.diag() as path:line:col. Calls t.Finish().
SessionSpec ParseSessionSpec(TomlTable& t, const std::string& base_dir);

}  // namespace plan
