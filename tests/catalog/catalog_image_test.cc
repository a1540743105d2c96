// The catalog image (catalog/catalog_image.h): the one compiled into the binary is the embedded
// TOML's catalog, field for field, and anything that is not an image this build wrote is refused.
#include <catch2/catch.hpp>

#include "catalog/catalog_image.h"
#include "testing/embedded_catalog.h"

namespace plan {
namespace {

TEST_CASE("The image compiled in reads back as the catalog the embedded TOML gives", "[catalog]") {
  const std::string_view image = EmbeddedCatalogImage();
  REQUIRE_FALSE(image.empty());  // the tests link the generated image, as plan does
  std::optional<Catalog> read = ReadCatalogImage(image);
  REQUIRE(read);
  const Catalog& toml = test::EmbeddedCatalog();
  // Every part compared entry by entry first, so that a failure names the part.
  CHECK(read->gpus() == toml.gpus());
  CHECK(read->models() == toml.models());
  CHECK(read->quants() == toml.quants());
  CHECK(read->engines() == toml.engines());
  CHECK(read->regions() == toml.regions());
  CHECK(read->links() == toml.links());
  CHECK(read->offers() == toml.offers());
  CHECK(read->offer_profiles() == toml.offer_profiles());
  CHECK(read->latency_errors() == toml.latency_errors());
  CHECK(read->offer_compliance() == toml.offer_compliance());
  CHECK(read->clouds() == toml.clouds());
  CHECK(*read == toml);
  // The build's image is the one this source writes today (not left over from older TOML).
  CHECK(WriteCatalogImage(toml) == image);
  // A load without an overlay reads it.
  Result<Catalog> loaded = LoadCatalogWithOverlays({});
  REQUIRE(loaded.ok());
  CHECK(*loaded == toml);
}

TEST_CASE("The image carries an added entry and where it was defined", "[catalog]") {
  // An overlay adds a region from another file: the round trip keeps it, its source location
  // included, and the catalog no longer equals the embedded one.
  const char* overlay = R"(
[[region]]
id = "moon-base"
name = "Moon base"
jurisdiction = "lunar"
source = "https://example.com/moon"
checked = "2026-12-05"
)";
  Result<Catalog> c = LoadCatalog({EmbeddedCatalogSources(), {{"mine/regions.toml", overlay}}});
  REQUIRE(c.ok());
  std::optional<Catalog> back = ReadCatalogImage(WriteCatalogImage(*c));
  REQUIRE(back);
  CHECK(*back == *c);
  CHECK_FALSE(*back == test::EmbeddedCatalog());
  const Region* moon = back->FindRegion("moon-base");
  REQUIRE(moon);
  CHECK(moon->jurisdiction == "lunar");
  CHECK(moon->loc.ToString() == "mine/regions.toml:2:1");
}

TEST_CASE("Bytes that are not a whole image are refused", "[catalog]") {
  const std::string image = WriteCatalogImage(test::EmbeddedCatalog());
  CHECK_FALSE(ReadCatalogImage(""));
  CHECK_FALSE(ReadCatalogImage("plancat0" + image.substr(8)));  // another format
  CHECK_FALSE(ReadCatalogImage(image + '\0'));                  // a byte left over
  // Cut anywhere, it is refused: a sample of cuts through every part.
  for (size_t size = 0; size < image.size(); size += 997) {
    INFO(size);
    CHECK_FALSE(ReadCatalogImage(std::string_view(image).substr(0, size)));
  }
  CHECK_FALSE(ReadCatalogImage(std::string_view(image).substr(0, image.size() - 1)));
  CHECK(ReadCatalogImage(image));
}

}  // namespace
}  // namespace plan
