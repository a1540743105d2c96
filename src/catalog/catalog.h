// The catalog: every fact plan prices and simulates with. Built from the TOML files embedded
// in the binary, then overlaid by user directories (an entry with a known id replaces it).
#pragma once

#include <map>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/api_offer.h"
#include "catalog/compliance.h"
#include "catalog/engine_profile.h"
#include "catalog/gpu_spec.h"
#include "catalog/model_spec.h"
#include "catalog/quant_profile.h"
#include "catalog/region.h"
#include "util/status.h"

namespace plan {

// One TOML document and the path its errors should name.
struct CatalogSource {
  std::string path;
  std::string text;
};

class Catalog {
 public:
  const std::vector<GpuSpec>& gpus() const { return gpus_; }
  const std::vector<ModelSpec>& models() const { return models_; }
  const std::vector<QuantProfile>& quants() const { return quants_; }
  const std::vector<EngineProfile>& engines() const { return engines_; }
  const std::vector<Region>& regions() const { return regions_; }
  const std::vector<RegionLink>& links() const { return links_; }
  // Offers with their profiles applied: every offer has all latency figures.
  const std::vector<ApiOffer>& offers() const { return offers_; }
  const std::vector<OfferProfile>& offer_profiles() const { return offer_profiles_; }
  // The error band of published and of assumed API latency figures (offer_profiles.toml).
  const std::vector<LatencyError>& latency_errors() const { return latency_errors_; }
  // What providers and clouds state publicly (compliance.toml).
  const std::vector<ComplianceProfile>& offer_compliance() const { return offer_compliance_; }
  const std::vector<ComplianceProfile>& clouds() const { return clouds_; }

  const GpuSpec* FindGpu(const std::string& id) const;
  const ModelSpec* FindModel(const std::string& id) const;
  const QuantProfile* FindQuant(const std::string& id) const;
  const EngineProfile* FindEngine(const std::string& id) const;
  const Region* FindRegion(const std::string& id) const;
  const ApiOffer* FindOffer(const std::string& id) const;
  const ComplianceProfile* FindCloud(const std::string& id) const;
  // What the offer's provider states about `attribute`: the most specific [[offer_compliance]]
  // entry stating it (ProfileSpecificity); nullptr = unknown.
  const ComplianceFact* OfferFact(const std::string& offer, const std::string& attribute) const;
  // Round trip between two regions (symmetric; 0 within a region); < 0 when unknown.
  double RttS(const std::string& from, const std::string& to) const;

  std::vector<std::string> GpuIds() const;
  std::vector<std::string> ModelIds() const;
  std::vector<std::string> QuantIds() const;
  std::vector<std::string> EngineIds() const;
  std::vector<std::string> RegionIds() const;
  std::vector<std::string> OfferIds() const;
  std::vector<std::string> CloudIds() const;

  // Every entry of every part equal, source locations included.
  bool operator==(const Catalog&) const = default;

 private:
  friend class CatalogBuilder;
  friend struct CatalogImageFields;  // catalog/catalog_image.cc
  std::vector<GpuSpec> gpus_;
  std::vector<ModelSpec> models_;
  std::vector<QuantProfile> quants_;
  std::vector<EngineProfile> engines_;
  std::vector<Region> regions_;
  std::vector<RegionLink> links_;
  std::vector<ApiOffer> offers_;
  std::vector<OfferProfile> offer_profiles_;
  std::vector<LatencyError> latency_errors_;
  std::vector<ComplianceProfile> offer_compliance_;
  std::vector<ComplianceProfile> clouds_;
};

// One catalog file compiled into the binary.
struct EmbeddedCatalogFile {
  const char* path;
  std::string_view text;
};
std::span<const EmbeddedCatalogFile> EmbeddedCatalogFiles();

// The catalog files compiled into the binary, copied once on first use.
const std::vector<CatalogSource>& EmbeddedCatalogSources();

// Loads `layers` in order: later layers add entries or replace those with the same id.
// Every problem in every file is reported (path:line:col), then the load fails.
Result<Catalog> LoadCatalog(const std::vector<std::vector<CatalogSource>>& layers);

// The embedded catalog overlaid by every *.toml file (sorted by name) in each directory. With
// no overlay it is read from the image the build wrote (catalog/catalog_image.h) where the
// binary has one, and parsed from the embedded TOML where it has not.
Result<Catalog> LoadCatalogWithOverlays(const std::vector<std::string>& overlay_dirs);

// The *.toml files in `dir`, sorted by name.
Result<std::vector<CatalogSource>> ReadCatalogDir(const std::string& dir);

}  // namespace plan
