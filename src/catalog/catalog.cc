#include "catalog/catalog.h"

#include <dirent.h>
#include <fmt/format.h>
#include <algorithm>
#include <set>

#include "catalog/catalog_image.h"
#include "catalog/parse.h"
#include "util/files.h"
#include "util/suggest.h"
#include "util/toml_reader.h"

namespace plan {

namespace {

template <typename T>
const T* FindById(const std::vector<T>& items, const std::string& id) {
  for (const T& item : items)
    if (item.id == id) return &item;
  return nullptr;
}

template <typename T>
std::vector<std::string> Ids(const std::vector<T>& items) {
  std::vector<std::string> out;
  out.reserve(items.size());
  for (const T& item : items) out.push_back(item.id);
  return out;
}

// Adds `entry` to `items`: a new id is appended; a known id from an earlier layer is
// replaced; a known id from the same layer is a duplicate.
template <typename T>
void Upsert(std::vector<T>& items, std::vector<int>& layer_of, T entry, int layer, const char* kind,
            Diagnostics* diag) {
  if (entry.id.empty()) return;  // already reported as missing
  for (size_t i = 0; i < items.size(); ++i) {
    if (items[i].id != entry.id) continue;
    if (layer_of[i] == layer) {
      diag->Error(entry.loc, fmt::format("duplicate {} id '{}' (first defined at {})", kind,
                                         entry.id, items[i].loc.ToString()));
    } else {
      items[i] = std::move(entry);
      layer_of[i] = layer;
    }
    return;
  }
  items.push_back(std::move(entry));
  layer_of.push_back(layer);
}

}  // namespace

class CatalogBuilder {
 public:
  explicit CatalogBuilder(Diagnostics* diag) : diag_(diag) {}

  void AddDocument(const CatalogSource& source, int layer) {
    std::optional<toml::table> doc = ParseToml(source.text, source.path, diag_);
    if (!doc) return;
    TomlTable top(*doc, source.path, diag_, "catalog file");
    for (const toml::table* t : top.TableArray("gpu")) {
      TomlTable tt(*t, source.path, diag_, "gpu entry");
      Upsert(c_.gpus_, gpu_layer_, ParseGpu(tt), layer, "gpu", diag_);
    }
    for (const toml::table* t : top.TableArray("model")) {
      TomlTable tt(*t, source.path, diag_, "model entry");
      Upsert(c_.models_, model_layer_, ParseModel(tt), layer, "model", diag_);
    }
    for (const toml::table* t : top.TableArray("quant")) {
      TomlTable tt(*t, source.path, diag_, "quant entry");
      Upsert(c_.quants_, quant_layer_, ParseQuant(tt), layer, "quant", diag_);
    }
    for (const toml::table* t : top.TableArray("engine")) {
      TomlTable tt(*t, source.path, diag_, "engine entry");
      Upsert(c_.engines_, engine_layer_, ParseEngine(tt), layer, "engine", diag_);
    }
    for (const toml::table* t : top.TableArray("region")) {
      TomlTable tt(*t, source.path, diag_, "region entry");
      Upsert(c_.regions_, region_layer_, ParseRegion(tt), layer, "region", diag_);
    }
    for (const toml::table* t : top.TableArray("offer")) {
      TomlTable tt(*t, source.path, diag_, "offer entry");
      Upsert(c_.offers_, offer_layer_, ParseOffer(tt), layer, "offer", diag_);
    }
    for (const toml::table* t : top.TableArray("offer_profile")) {
      TomlTable tt(*t, source.path, diag_, "offer_profile entry");
      Upsert(c_.offer_profiles_, profile_layer_, ParseOfferProfile(tt), layer, "offer_profile",
             diag_);
    }
    for (const toml::table* t : top.TableArray("latency_error")) {
      TomlTable tt(*t, source.path, diag_, "latency_error entry");
      Upsert(c_.latency_errors_, latency_error_layer_, ParseLatencyError(tt), layer,
             "latency_error basis", diag_);
    }
    for (const toml::table* t : top.TableArray("offer_compliance")) {
      TomlTable tt(*t, source.path, diag_, "offer_compliance entry");
      Upsert(c_.offer_compliance_, compliance_layer_, ParseComplianceProfile(tt, false), layer,
             "offer_compliance match", diag_);
    }
    for (const toml::table* t : top.TableArray("cloud")) {
      TomlTable tt(*t, source.path, diag_, "cloud entry");
      Upsert(c_.clouds_, cloud_layer_, ParseComplianceProfile(tt, true), layer, "cloud", diag_);
    }
    for (const toml::table* t : top.TableArray("rtt")) {
      TomlTable tt(*t, source.path, diag_, "rtt entry");
      AddLink(ParseRegionLink(tt), layer);
    }
    top.Finish();
  }

  // Cross-references, checked once every layer is in.
  void Validate() {
    std::set<std::string> families;
    for (const GpuSpec& g : c_.gpus_) families.insert(g.family);
    std::vector<std::string> family_list(families.begin(), families.end());
    family_list.push_back("default");
    const std::vector<std::string> quant_ids = c_.QuantIds();
    for (const EngineProfile& e : c_.engines_) {
      for (const std::string& q : e.quants) {
        if (std::find(quant_ids.begin(), quant_ids.end(), q) != quant_ids.end()) continue;
        diag_->Error(e.quants_loc, fmt::format("engine '{}': quants: {}", e.id,
                                               UnknownNameMessage("quant", q, quant_ids)));
      }
      for (const Efficiency& eff : e.efficiency) {
        if (eff.family == "default" || families.count(eff.family)) continue;
        diag_->Error(eff.family_loc,
                     fmt::format("engine '{}': {}", e.id,
                                 UnknownNameMessage("gpu family", eff.family, family_list)));
      }
    }
    std::vector<std::string> region_ids = c_.RegionIds();
    for (const RegionLink& l : c_.links_) {
      for (auto [end, loc] : {std::pair{&l.from, &l.from_loc}, {&l.to, &l.to_loc}}) {
        if (end->empty() || c_.FindRegion(*end)) continue;
        diag_->Error(*loc, fmt::format("rtt '{}' -> '{}': {}", l.from, l.to,
                                       UnknownNameMessage("region", *end, region_ids)));
      }
    }
    ResolveOffers(&c_.offers_, c_.offer_profiles_, c_.latency_errors_, region_ids, diag_);
  }

  Catalog Take() { return std::move(c_); }

 private:
  void AddLink(RegionLink link, int layer) {
    if (link.from.empty() || link.to.empty()) return;
    for (size_t i = 0; i < c_.links_.size(); ++i) {
      RegionLink& old = c_.links_[i];
      bool same = (old.from == link.from && old.to == link.to) ||
                  (old.from == link.to && old.to == link.from);
      if (!same) continue;
      if (link_layer_[i] == layer) {
        diag_->Error(link.loc, fmt::format("duplicate rtt '{}' <-> '{}' (first defined at {})",
                                           link.from, link.to, old.loc.ToString()));
      } else {
        old = std::move(link);
        link_layer_[i] = layer;
      }
      return;
    }
    c_.links_.push_back(std::move(link));
    link_layer_.push_back(layer);
  }

  Diagnostics* diag_;
  Catalog c_;
  std::vector<int> gpu_layer_, model_layer_, quant_layer_, engine_layer_, region_layer_,
      link_layer_, offer_layer_, profile_layer_, latency_error_layer_, compliance_layer_,
      cloud_layer_;
};

const GpuSpec* Catalog::FindGpu(const std::string& id) const { return FindById(gpus_, id); }
const ModelSpec* Catalog::FindModel(const std::string& id) const { return FindById(models_, id); }
const QuantProfile* Catalog::FindQuant(const std::string& id) const {
  return FindById(quants_, id);
}
const EngineProfile* Catalog::FindEngine(const std::string& id) const {
  return FindById(engines_, id);
}
const Region* Catalog::FindRegion(const std::string& id) const { return FindById(regions_, id); }
const ApiOffer* Catalog::FindOffer(const std::string& id) const { return FindById(offers_, id); }

double Catalog::RttS(const std::string& from, const std::string& to) const {
  if (from == to) return FindRegion(from) ? 0.0 : -1.0;
  for (const RegionLink& l : links_)
    if ((l.from == from && l.to == to) || (l.from == to && l.to == from)) return l.rtt_s;
  return -1.0;
}

std::vector<std::string> Catalog::GpuIds() const { return Ids(gpus_); }
std::vector<std::string> Catalog::ModelIds() const { return Ids(models_); }
std::vector<std::string> Catalog::QuantIds() const { return Ids(quants_); }
std::vector<std::string> Catalog::EngineIds() const { return Ids(engines_); }
std::vector<std::string> Catalog::RegionIds() const { return Ids(regions_); }
std::vector<std::string> Catalog::CloudIds() const { return Ids(clouds_); }
const ComplianceProfile* Catalog::FindCloud(const std::string& id) const {
  return FindById(clouds_, id);
}

const ComplianceFact* Catalog::OfferFact(const std::string& offer,
                                         const std::string& attribute) const {
  const ComplianceFact* found = nullptr;
  int found_rank = -1;
  for (const ComplianceProfile& p : offer_compliance_) {
    const int rank = ProfileSpecificity(p.id, offer);
    const ComplianceFact* f = p.Find(attribute);
    if (f && rank > found_rank) {
      found = f;
      found_rank = rank;
    }
  }
  return found;
}
std::vector<std::string> Catalog::OfferIds() const { return Ids(offers_); }

Result<Catalog> LoadCatalog(const std::vector<std::vector<CatalogSource>>& layers) {
  Diagnostics diag;
  CatalogBuilder builder(&diag);
  for (size_t layer = 0; layer < layers.size(); ++layer)
    for (const CatalogSource& source : layers[layer])
      builder.AddDocument(source, static_cast<int>(layer));
  if (diag.empty()) builder.Validate();
  PLAN_RETURN_IF_ERROR(diag.ToStatus());
  return builder.Take();
}

Result<std::vector<CatalogSource>> ReadCatalogDir(const std::string& dir) {
  DIR* d = ::opendir(dir.c_str());
  if (!d) return Status::Invalid(fmt::format("{}: cannot open catalog directory", dir));
  std::vector<std::string> names;
  while (dirent* entry = ::readdir(d)) {
    std::string name = entry->d_name;
    if (name.size() > 5 && name.compare(name.size() - 5, 5, ".toml") == 0) names.push_back(name);
  }
  ::closedir(d);
  std::sort(names.begin(), names.end());
  std::vector<CatalogSource> out;
  for (const std::string& name : names) {
    std::string path = JoinPath(dir, name);
    Result<std::string> text = ReadFile(path);
    if (!text.ok()) return text.status();
    out.push_back({path, std::move(text).value()});
  }
  return out;
}

Result<Catalog> LoadCatalogWithOverlays(const std::vector<std::string>& overlay_dirs) {
  if (overlay_dirs.empty()) {
    if (std::optional<Catalog> image = ReadCatalogImage(EmbeddedCatalogImage()))
      return std::move(*image);
  }
  std::vector<std::vector<CatalogSource>> layers = {EmbeddedCatalogSources()};
  for (const std::string& dir : overlay_dirs) {
    Result<std::vector<CatalogSource>> sources = ReadCatalogDir(dir);
    if (!sources.ok()) return sources.status();
    layers.push_back(std::move(sources).value());
  }
  return LoadCatalog(layers);
}

}  // namespace plan
