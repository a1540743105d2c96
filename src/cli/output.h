// The endings every reporting command shares: which format, where the report goes, and how
// many threads.
#pragma once

#include <string>

#include "cli/command.h"
#include "util/status.h"

namespace plan {

// The format a report is written in: `format_flag` (-f) when given (non-empty), else the one
// -o FILE's extension names (.json, .csv, .md, .html, .txt = table; any case), else "table"
// when the report goes to standard output. A FILE whose extension names no format, without -f,
// is an error that lists the known ones. The name is not checked: the command's parser does.
Result<std::string> ChooseFormat(const std::string& format_flag, const std::string& output_path);

// The -f help line's tail every reporting command shares.
inline constexpr const char* kFormatDefaultHelp = "(default: from -o FILE's extension, else table)";

// -o FILE: "" or "-" is standard output; anything else is written atomically.
Status WriteOutput(const std::string& output_path, const std::string& text, Io& io);

// --threads N: N when positive; 0 (the default) is one per core.
int ThreadsOrCores(int threads);

}  // namespace plan
