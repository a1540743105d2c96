// A small JSON Schema walker for tests: the required keys and declared types of a document,
// following local $refs. Not a full validator; enough to catch a writer dropping a field.
#pragma once

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

#include "util/files.h"

namespace plan::test {

// Every key the schema requires of `instance`, recursively (following local $refs into
// "properties" and array "items"), plus the declared JSON types; missing ones are listed as
// JSON pointers.
inline void CheckRequired(const nlohmann::json& root, const nlohmann::json& schema,
                          const nlohmann::json& instance, const std::string& ptr,
                          std::vector<std::string>* problems) {
  if (schema.contains("$ref")) {
    const std::string ref = schema["$ref"];
    REQUIRE(ref.rfind("#/", 0) == 0);
    CheckRequired(root, root.at(nlohmann::json::json_pointer(ref.substr(1))), instance, ptr,
                  problems);
    return;
  }
  if (schema.contains("type")) {
    std::vector<std::string> types;
    if (schema["type"].is_array())
      types = schema["type"].get<std::vector<std::string>>();
    else
      types = {schema["type"].get<std::string>()};
    std::string actual = instance.type_name();
    if (instance.is_number_integer()) actual = "integer";
    bool ok = false;
    for (const std::string& t : types) ok |= t == actual || (t == "number" && actual == "integer");
    if (!ok) problems->push_back(ptr + " is " + actual);
  }
  if (schema.contains("required")) {
    for (const std::string& key : schema["required"])
      if (!instance.contains(key)) problems->push_back(ptr + "/" + key + " missing");
  }
  if (schema.contains("properties") && instance.is_object()) {
    for (const auto& [key, sub] : schema["properties"].items())
      if (instance.contains(key))
        CheckRequired(root, sub, instance[key], ptr + "/" + key, problems);
  }
  if (schema.contains("items") && instance.is_array()) {
    for (size_t i = 0; i < instance.size(); ++i)
      CheckRequired(root, schema["items"], instance[i], ptr + "/" + std::to_string(i), problems);
  }
}

// Problems of `instance` against the schema file schema/`name`.
inline std::vector<std::string> SchemaProblems(const std::string& name,
                                               const nlohmann::json& instance) {
  Result<std::string> text = ReadFile(std::string(PLAN_SOURCE_DIR) + "/schema/" + name);
  REQUIRE(text.ok());
  const nlohmann::json schema = nlohmann::json::parse(*text);
  std::vector<std::string> problems;
  CheckRequired(schema, schema, instance, "", &problems);
  return problems;
}

}  // namespace plan::test
