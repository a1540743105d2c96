#include <fmt/format.h>

#include "catalog/compliance.h"
#include "catalog/parse.h"

namespace plan {

const std::vector<std::string>& ComplianceAttributeNames() {
  static const std::vector<std::string> kNames = {
      "hipaa", "soc2", "iso27001", "zero_data_retention", "eu_data_boundary", "self_hosted"};
  return kNames;
}

const std::vector<std::string>& StatedComplianceAttributeNames() {
  static const std::vector<std::string> kNames(ComplianceAttributeNames().begin(),
                                               ComplianceAttributeNames().end() - 1);
  return kNames;
}

const ComplianceFact* ComplianceProfile::Find(const std::string& attribute) const {
  for (const ComplianceFact& f : facts)
    if (f.attribute == attribute) return &f;
  return nullptr;
}

ComplianceProfile ParseComplianceProfile(TomlTable& t, bool cloud) {
  ComplianceProfile p;
  p.loc = t.Loc();
  if (cloud) {
    p.id = ReadEntryId(t, "cloud");
    p.name = t.String("name").value_or(p.id);
  } else {
    p.id = t.RequireString("match");
    t.set_what(fmt::format("offer_compliance '{}'", p.id));
  }
  for (const std::string& attribute : StatedComplianceAttributeNames()) {
    const toml::table* a = t.Table(attribute);
    if (!a) continue;
    TomlTable at(*a, t.path(), t.diag(), fmt::format("{} of {}", attribute, t.what()));
    ComplianceFact f;
    f.attribute = attribute;
    f.loc = t.KeyLoc(attribute);
    const std::optional<bool> value = at.Bool("value");
    if (!value) at.ErrorHere(fmt::format("{} is missing required key 'value'", at.what()));
    f.value = value.value_or(false);
    f.source = at.RequireString("source");
    f.checked = at.RequireString("checked");
    at.Finish();
    p.facts.push_back(std::move(f));
  }
  t.Finish();
  return p;
}

}  // namespace plan
