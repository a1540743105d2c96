// Checks of command-line values whose messages say what is wrong: CLI11's PositiveNumber and
// NonNegativeNumber print the whole range of a double ("not in range 0.000000 to 1797...").
#pragma once

#include <CLI/CLI.hpp>
#include <string>
#include <vector>

namespace plan {

// A finite number > 0 ("must be a number > 0, not '-1'").
CLI::Validator PositiveNumber();
// A finite number >= 0.
CLI::Validator NonNegativeNumber();
// --threads: 0 (one per core) to 1024.
CLI::Validator ThreadCount();
// --seed: an integer from 0 to 2^64 - 1, in decimal; -1 or 2^64 would wrap silently.
CLI::Validator Seed();
// Declares the values an option or positional takes ("{table,json}" in --help), for shell
// completion (cli/completion.cc reads them back). It accepts anything: the command checks the
// value itself, with its own error text and did-you-mean.
CLI::Validator Choices(const std::vector<std::string>& values);

}  // namespace plan
