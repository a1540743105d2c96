// plan completion bash|zsh|fish: the shell completion script, from the command table.
#include <CLI/CLI.hpp>
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/completion.h"
#include "cli/output.h"
#include "cli/validators.h"
#include "util/suggest.h"

namespace plan {

CommandAction SetupCompletion(CLI::App* sub, const GlobalOptions* global) {
  auto shell = std::make_shared<std::string>();
  auto output_path = std::make_shared<std::string>();
  sub->add_option("shell", *shell, "bash, zsh or fish")
      ->required()
      ->type_name("SHELL")
      ->check(Choices(CompletionShells()));
  sub->add_option("-o,--output", *output_path,
                  "Write the script to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  return [shell, output_path](Io& io) {
    const CompletionNode tree = CommandTree();
    std::string script;
    if (*shell == "bash") {
      script = BashCompletion(tree);
    } else if (*shell == "zsh") {
      script = ZshCompletion(tree);
    } else if (*shell == "fish") {
      script = FishCompletion(tree);
    } else {
      return Status::Invalid("plan completion: " +
                             UnknownNameMessage("shell", *shell, CompletionShells()));
    }
    return WriteOutput(*output_path, script, io);
  };
}

}  // namespace plan
