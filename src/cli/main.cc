// plan: an LLM deployment planner and cost/latency simulator. See README.md and man/plan.1.
#include <unistd.h>
#include <iostream>

#include "cli/command.h"

int main(int argc, char** argv) {
  plan::Io io{std::cout, std::cerr, ::isatty(STDERR_FILENO) == 1, &std::cin};
  return plan::RunPlan(argc, argv, io);
}
