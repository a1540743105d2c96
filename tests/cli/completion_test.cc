// plan completion: scripts generated from the command table, and bash completing with one.
#include <catch2/catch.hpp>

#include <array>
#include <cstdio>

#include "cli/command.h"
#include "testing/run_cli.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

// What bash's completion function offers for `line` (the last word is the one completed).
std::string BashComplete(const std::string& script_path, const std::string& line) {
  const std::string command =
      "bash -c 'source " + script_path + "; read -ra COMP_WORDS <<< \"" + line + "\"; [[ \"" +
      line +
      "\" == *\" \" ]] && COMP_WORDS+=(\"\"); "
      "COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); _plan; echo \"${COMPREPLY[*]}\"'";
  std::string out;
  FILE* pipe = popen(command.c_str(), "r");
  REQUIRE(pipe != nullptr);
  std::array<char, 4096> buf;
  while (fgets(buf.data(), buf.size(), pipe) != nullptr) out += buf.data();
  pclose(pipe);
  return out;
}

TEST_CASE("plan completion bash lists every command, and bash completes with it", "[cli]") {
  test::CliRun r = test::RunCli({"completion", "bash"});
  REQUIRE(r.exit_code == 0);
  std::string all;
  for (const CommandSpec& spec : Commands()) {
    INFO(spec.name);
    CHECK(r.out.find(std::string("\n    ") + spec.name + ")") != std::string::npos);
    all += std::string(all.empty() ? "" : " ") + spec.name;
  }
  // The top level offers every command, in the table's order, and help.
  CHECK(r.out.find("    \"\") words=\"" + all + " help ") != std::string::npos);
  CHECK(r.out.find("        *) words=\"list show validate import -h --help\" ;;") !=
        std::string::npos);
  CHECK(r.out.find("        *) words=\"stats convert generate -h --help\" ;;") !=
        std::string::npos);

  test::ScratchDir dir;
  const std::string script = dir.Write("plan.bash", r.out);
  CHECK(BashComplete(script, "plan sim") == "simulate\n");
  CHECK(BashComplete(script, "plan catalog ") == "list show validate import\n");
  CHECK(BashComplete(script, "plan catalog list --pro") == "--provider\n");
  CHECK(BashComplete(script, "plan --catalog dir tr") == "trace\n");  // --catalog's value skipped
  CHECK(BashComplete(script, "plan help ca") == "catalog calibrate\n");
  CHECK(BashComplete(script, "plan init --t") == "--template\n");
  CHECK(BashComplete(script, "plan simulate s") == "\n");  // a file: bash's default completes it
  // Values the options declare (IsMember, Choices), and positionals'.
  CHECK(BashComplete(script, "plan simulate -f ") == "table json csv md html\n");
  CHECK(BashComplete(script, "plan diff --format g") == "github\n");
  CHECK(BashComplete(script, "plan init --template b") == "batch\n");
  CHECK(BashComplete(script, "plan trace stats --format m") == "mooncake\n");
  CHECK(BashComplete(script, "plan completion ") == "bash zsh fish\n");
  CHECK(BashComplete(script, "plan catalog list ") == "gpus models quant engines regions offers\n");
}

TEST_CASE("plan completion zsh and fish cover the same commands", "[cli]") {
  test::CliRun zsh = test::RunCli({"completion", "zsh"});
  REQUIRE(zsh.exit_code == 0);
  CHECK(zsh.out.rfind("#compdef plan\n", 0) == 0);
  CHECK(zsh.out.find("bashcompinit") != std::string::npos);
  CHECK(zsh.out.find("complete -o default -F _plan plan\n") != std::string::npos);

  test::CliRun fish = test::RunCli({"completion", "fish"});
  REQUIRE(fish.exit_code == 0);
  for (const CommandSpec& spec : Commands()) {
    INFO(spec.name);
    CHECK(fish.out.find(std::string("complete -c plan -n __fish_use_subcommand -a ") + spec.name +
                        " -d '") != std::string::npos);
  }
  CHECK(fish.out.find("complete -c plan -n '__fish_seen_subcommand_from catalog; and "
                      "__fish_seen_subcommand_from list' -l provider\n") != std::string::npos);
  CHECK(fish.out.find("complete -c plan -n '__fish_seen_subcommand_from simulate' -s f -xa "
                      "'table json csv md html'\n") != std::string::npos);
  CHECK(fish.out.find("complete -c plan -n '__fish_seen_subcommand_from completion' -a 'bash zsh "
                      "fish'\n") != std::string::npos);

  test::ScratchDir dir;
  const std::string path = dir.File("plan.fish");
  test::CliRun written = test::RunCli({"completion", "fish", "-o", path});
  CHECK(written.exit_code == 0);
  CHECK(written.out.empty());
  Result<std::string> text = ReadFile(path);
  REQUIRE(text.ok());
  CHECK(*text == fish.out);
}

TEST_CASE("plan completion names the nearest shell for an unknown one", "[cli]") {
  test::CliRun r = test::RunCli({"completion", "bsh"});
  CHECK(r.exit_code == 2);
  CHECK(r.out.empty());
  CHECK(r.err ==
        "plan completion: unknown shell 'bsh'; did you mean 'bash' or 'zsh'?\n");  // one edit each
}

}  // namespace
}  // namespace plan
