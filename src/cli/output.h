// The endings every reporting command shares: where the report goes, and how many threads.
#pragma once

#include <string>

#include "cli/command.h"
#include "util/status.h"

namespace plan {

// -o FILE: "" or "-" is standard output; anything else is written atomically.
Status WriteOutput(const std::string& output_path, const std::string& text, Io& io);

// --threads N: N when positive; 0 (the default) is one per core.
int ThreadsOrCores(int threads);

}  // namespace plan
