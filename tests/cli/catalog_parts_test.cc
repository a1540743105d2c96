// Loading only the catalog parts a command needs (LoadCatalogWithOverlays with CatalogPart
// bits): each part comes out exactly as a full load gives it, and an overlay loads everything.
#include <catch2/catch.hpp>

#include "catalog/catalog.h"
#include "cli/catalog_list.h"
#include "testing/embedded_catalog.h"
#include "testing/scratch_dir.h"
#include "util/files.h"

namespace plan {
namespace {

std::vector<std::string> Paths(const std::vector<CatalogSource>& sources) {
  std::vector<std::string> out;
  for (const CatalogSource& s : sources) out.push_back(s.path);
  return out;
}

TEST_CASE("The build finds which arrays of tables each embedded catalog file holds", "[catalog]") {
  std::vector<std::string> found;
  for (const EmbeddedCatalogFile& f : EmbeddedCatalogFiles())
    found.push_back(std::string(f.path) + ": " + f.tables);
  CHECK(found == std::vector<std::string>{
                     "catalog/compliance.toml: offer_compliance cloud",
                     "catalog/engines.toml: engine",
                     "catalog/gpus.toml: gpu",
                     "catalog/models.toml: model",
                     "catalog/offer_profiles.toml: offer_profile latency_error",
                     "catalog/os_models.toml: offer",
                     "catalog/providers.toml: offer",
                     "catalog/quant.toml: quant",
                     "catalog/regions.toml: region rtt",
                 });
  // The same text as the sources every full load reads.
  const std::vector<CatalogSource>& sources = EmbeddedCatalogSources();
  REQUIRE(sources.size() == EmbeddedCatalogFiles().size());
  for (size_t i = 0; i < sources.size(); ++i)
    CHECK(sources[i].text == EmbeddedCatalogFiles()[i].text);
}

TEST_CASE("A catalog part reads its own files and those it is checked against", "[catalog]") {
  CHECK(Paths(EmbeddedSourcesFor(kCatalogGpus)) == std::vector<std::string>{"catalog/gpus.toml"});
  CHECK(
      Paths(EmbeddedSourcesFor(kCatalogEngines)) ==
      std::vector<std::string>{"catalog/engines.toml", "catalog/gpus.toml", "catalog/quant.toml"});
  CHECK(Paths(EmbeddedSourcesFor(kCatalogOffers)) ==
        std::vector<std::string>{"catalog/offer_profiles.toml", "catalog/os_models.toml",
                                 "catalog/providers.toml", "catalog/regions.toml"});
  CHECK(EmbeddedSourcesFor(kCatalogAll).size() == EmbeddedCatalogSources().size());
}

TEST_CASE("Every listed kind loaded alone lists exactly what the full catalog lists", "[catalog]") {
  const Catalog& full = test::EmbeddedCatalog();
  const std::pair<const char*, unsigned> kinds[] = {
      {"gpus", kCatalogGpus},       {"models", kCatalogModels},   {"quant", kCatalogQuants},
      {"engines", kCatalogEngines}, {"regions", kCatalogRegions}, {"offers", kCatalogOffers},
  };
  for (const auto& [kind, part] : kinds) {
    INFO(kind);
    Result<Catalog> alone = LoadCatalogWithOverlays({}, part);
    REQUIRE(alone.ok());
    CatalogListOptions opt;
    opt.kind = kind;
    for (const char* format : {"json", "table"}) {
      Result<std::string> want = RenderCatalogList(full, opt, format);
      Result<std::string> got = RenderCatalogList(*alone, opt, format);
      REQUIRE(want.ok());
      REQUIRE(got.ok());
      CHECK(*got == *want);
    }
  }
  // Only what was asked for (and what it is checked against) is there.
  Result<Catalog> gpus = LoadCatalogWithOverlays({}, kCatalogGpus);
  REQUIRE(gpus.ok());
  CHECK(gpus->gpus().size() == full.gpus().size());
  CHECK(gpus->models().empty());
  CHECK(gpus->offers().empty());
}

TEST_CASE("With an overlay directory every part is loaded, whatever was asked", "[catalog]") {
  test::ScratchDir dir;
  REQUIRE(WriteFileAtomic(dir.path() + "/empty.toml", "# nothing\n").ok());
  Result<Catalog> c = LoadCatalogWithOverlays({dir.path()}, kCatalogGpus);
  REQUIRE(c.ok());
  CHECK(c->models().size() == test::EmbeddedCatalog().models().size());
  CHECK(c->offers().size() == test::EmbeddedCatalog().offers().size());
}

}  // namespace
}  // namespace plan
