// The inputs commands read by path, where `-` means standard input (as for cat and kubectl -f).
#pragma once

#include <string>

#include "cli/command.h"
#include "util/status.h"

namespace plan {

// How errors name standard input.
inline constexpr const char* kStdinName = "<stdin>";

// The name an input's errors carry: kStdinName for `-`, else the path.
std::string InputName(const std::string& path);

// A scenario with a [search] space and no [[candidate]] is for `plan search`: the error that
// says so for `command` (simulate, breakeven), or Ok when the scenario has candidates.
Status NeedsCandidates(const std::string& command, const std::string& path, size_t candidates);

// The whole of `path`, or of io.in for `-` (a bad-input error when there is no standard input).
Result<std::string> ReadInput(const std::string& path, Io& io);

}  // namespace plan
