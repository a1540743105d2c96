#include "testing/embedded_catalog.h"

#include <catch2/catch.hpp>

namespace plan::test {

const Catalog& EmbeddedCatalog() {
  static const Catalog catalog = [] {
    Result<Catalog> c = LoadCatalog({EmbeddedCatalogSources()});
    INFO((c.ok() ? "" : c.status().message()));
    REQUIRE(c.ok());
    return std::move(c).value();
  }();
  return catalog;
}

}  // namespace plan::test
