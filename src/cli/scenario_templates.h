// The commented scenarios `plan init` writes: scenarios/templates/*.toml, compiled into the
// binary by cmake/embed_templates.cmake (generated/scenario_templates.cc).
#pragma once

#include <vector>

namespace plan {

struct ScenarioTemplate {
  const char* name;  // the file's name without .toml: "chatbot", "batch", "api-vs-selfhost"
  const char* text;
};

// Every template, ordered by name.
const std::vector<ScenarioTemplate>& ScenarioTemplates();

}  // namespace plan
