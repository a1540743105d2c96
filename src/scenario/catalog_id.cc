#include "scenario/catalog_id.h"

#include <fmt/format.h>

#include <algorithm>

#include "util/suggest.h"

namespace plan {

void CheckCatalogId(TomlTable& t, const char* key, const std::string& id, const char* what,
                    const std::vector<std::string>& known) {
  if (id.empty() || std::find(known.begin(), known.end(), id) != known.end()) return;
  t.Error(key, fmt::format("candidate '{}': {}", t.what(), UnknownNameMessage(what, id, known)));
}

void CheckEngineLoads(TomlTable& t, const Catalog& catalog, const std::string& engine,
                      const std::string& quant) {
  const EngineProfile* e = catalog.FindEngine(engine);
  if (!e || !catalog.FindQuant(quant) || e->Loads(quant)) return;
  std::string listed;
  for (const std::string& q : e->quants) listed += (listed.empty() ? "" : ", ") + q;
  const std::string near = NearestName(quant, e->quants);
  t.Error("quant",
          fmt::format("candidate '{}': engine '{}' does not load '{}' weights; {}it "
                      "loads {}",
                      t.what(), engine, quant,
                      near.empty() ? "" : fmt::format("did you mean '{}'? ", near), listed));
}

}  // namespace plan
