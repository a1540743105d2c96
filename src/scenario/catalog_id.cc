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

}  // namespace plan
