// The API-offer half of `plan catalog`: list and show offers, and `import litellm`.
#pragma once

#include <iosfwd>
#include <string>
#include <vector>

#include "catalog/catalog.h"
#include "cli/command.h"

namespace plan {

// The offers' table, in the order given.
void ListOffers(const std::vector<const ApiOffer*>& offers, std::ostream& out);
// Every field of the offer `id`; false when there is none.
bool ShowOffer(const Catalog& c, const std::string& id, std::ostream& out);

struct CatalogImportOptions {
  std::string format;  // "litellm"
  std::string file;
  std::string output;  // "" = standard output
  std::vector<std::string> include;
  std::string include_from;  // a file of include patterns, one a line, '#' comments
  std::vector<std::string> providers;
  std::vector<std::string> catalog_dirs;  // the generated entries are checked against these
};

// Converts, checks that the result loads as a catalog layer, and writes it atomically.
Status RunCatalogImport(const CatalogImportOptions& opt, Io& io);

}  // namespace plan
