// Shell completion scripts for plan, generated from the command table (cli/commands.cc), so a
// new command or flag completes without anyone editing a script.
#pragma once

#include <string>
#include <vector>

namespace plan {

// One command (or the program itself, or a command's own subcommand such as `catalog list`).
struct CompletionNode {
  std::string name;
  std::string summary;
  std::vector<std::string> flags;  // every -x and --long name, -h/--help included
  // The values an option takes, where it declares them (CLI11's IsMember or cli/validators.h's
  // Choices): its flags (none for a positional) and the values.
  struct Values {
    std::vector<std::string> flags;
    std::vector<std::string> values;
  };
  std::vector<Values> values;
  std::vector<CompletionNode> subcommands;
};

// plan's commands as registered by each Setup function, with the global flags at the root.
CompletionNode CommandTree();

// The scripts, each a file the shell loads as is: bash (complete -F), zsh (through bash's
// function, by bashcompinit) and fish (complete -c).
std::string BashCompletion(const CompletionNode& root);
std::string ZshCompletion(const CompletionNode& root);
std::string FishCompletion(const CompletionNode& root);

// The shells the generators know: "bash", "zsh", "fish".
const std::vector<std::string>& CompletionShells();

}  // namespace plan
