// toml++'s parser compiled into the fuzz build (PLAN_FUZZ) instead of Debian's shared library:
// with the harnesses' sanitizers, coverage and assertions, so a violated invariant of the
// parser (TOML_ASSERT, TOML_UNREACHABLE) is a crash the fuzzer reports.
#define TOML_IMPLEMENTATION
#include <toml++/toml.h>
