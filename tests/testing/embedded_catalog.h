// The catalog compiled into the binary (catalog/*.toml), loaded once per test binary.
#pragma once

#include "catalog/catalog.h"

namespace plan::test {

// Fails the current test with the loader's diagnostics if the embedded catalog does not load.
const Catalog& EmbeddedCatalog();

}  // namespace plan::test
