// plan init: write a commented scenario to start from.
#include <fmt/format.h>
#include <CLI/CLI.hpp>
#include <filesystem>
#include <memory>
#include <ostream>

#include "cli/commands.h"
#include "cli/scenario_templates.h"
#include "cli/validators.h"
#include "util/files.h"
#include "util/suggest.h"

namespace plan {

struct InitOptions {
  std::string template_name = "chatbot";
  std::string output_path;  // "" or "-" = standard output
  bool force = false;       // replace an existing OUT
};

namespace {

Status RunInit(const InitOptions& opt, Io& io) {
  const ScenarioTemplate* chosen = nullptr;
  std::vector<std::string> names;
  for (const ScenarioTemplate& t : ScenarioTemplates()) {
    names.push_back(t.name);
    if (opt.template_name == t.name) chosen = &t;
  }
  if (chosen == nullptr)
    return Status::Invalid("plan init: " +
                           UnknownNameMessage("template", opt.template_name, names));
  if (opt.output_path.empty() || opt.output_path == "-") {
    io.out << chosen->text;
    return Status::Ok();
  }
  std::error_code ec;
  if (!opt.force && std::filesystem::exists(opt.output_path, ec))
    return Status::Invalid(
        fmt::format("plan init: {} exists; choose another -o FILE, or add --force to replace it",
                    opt.output_path));
  Status written = WriteFileAtomic(opt.output_path, chosen->text);
  if (!written.ok()) return written;
  io.out << fmt::format("wrote {} (template {}); next: plan simulate {}\n", opt.output_path,
                        chosen->name, opt.output_path);
  return Status::Ok();
}

}  // namespace

CommandAction SetupInit(CLI::App* sub, const GlobalOptions* global) {
  auto opt = std::make_shared<InitOptions>();
  std::vector<std::string> names;
  for (const ScenarioTemplate& t : ScenarioTemplates()) names.emplace_back(t.name);
  sub->add_option("--template", opt->template_name, "Which scenario to start from")
      ->capture_default_str()
      ->type_name("NAME")
      ->check(Choices(names));
  sub->add_option("-o,--output", opt->output_path,
                  "Write the scenario to FILE (atomically) instead of standard output")
      ->type_name("FILE");
  sub->add_flag("--force", opt->force, "Replace FILE if it exists");
  return [opt](Io& io) { return RunInit(*opt, io); };
}

}  // namespace plan
