#include "scenario/compliance_check.h"

#include <fmt/format.h>

namespace plan {

Attribute OfferAttribute(const Catalog& catalog, const std::string& offer,
                         const std::string& attribute) {
  if (attribute == "self_hosted") return Attribute::kNo;
  const ComplianceFact* f = catalog.OfferFact(offer, attribute);
  if (!f) return Attribute::kUnknown;
  return f->value ? Attribute::kYes : Attribute::kNo;
}

Attribute FleetAttribute(const Catalog& catalog, const SelfHostedSpec& fleet,
                         const std::string& region, const std::string& attribute) {
  if (attribute == "self_hosted" || attribute == "zero_data_retention") return Attribute::kYes;
  if (attribute == "eu_data_boundary") {
    const Region* r = catalog.FindRegion(region.empty() ? fleet.region : region);
    if (!r) return Attribute::kUnknown;
    return r->jurisdiction == "eu" ? Attribute::kYes : Attribute::kNo;
  }
  const ComplianceProfile* cloud = catalog.FindCloud(fleet.cloud);
  const ComplianceFact* f = cloud ? cloud->Find(attribute) : nullptr;
  if (!f) return Attribute::kUnknown;
  return f->value ? Attribute::kYes : Attribute::kNo;
}

namespace {

std::string Join(const std::string& prefix, const std::string& part) {
  return prefix.empty() ? part : prefix + " > " + part;
}

// Walks a candidate's tiers with the labels the target tree gives them.
class ComplianceWalk {
 public:
  ComplianceWalk(const Scenario& sc, const Catalog& catalog) : sc_(sc), catalog_(catalog) {}

  // `label` is where the candidate sits ("" at the root); `region` its deployment region.
  void Candidate(const CandidateSpec& c, const std::string& label, const std::string& region,
                 bool fallback) {
    if (c.kind != CandidateKind::kFailover) {
      const std::string core =
          c.failover.enabled ? Join(label, fmt::format("primary ({})", c.name)) : label;
      Core(c, core, region, fallback);
    }
    if (!c.failover.enabled) return;
    size_t position = c.kind == CandidateKind::kFailover ? 0 : 1;
    for (const TargetRef& ref : c.failover.chain) {
      const std::string role = position == 0 ? "primary" : fmt::format("fallback {}", position);
      Ref(ref, label, role, region, fallback || position > 0);
      ++position;
    }
  }

  std::vector<std::string> Take() { return std::move(out_); }

 private:
  void Core(const CandidateSpec& c, const std::string& label, const std::string& region,
            bool fallback) {
    // A candidate that is one leaf names what it is ("openai/gpt-4.1-mini", "the fleet").
    auto leaf_label = [&](const std::string& root) { return label.empty() ? root : label; };
    switch (c.kind) {
      case CandidateKind::kApi:
        Check(leaf_label(c.api.offer), fallback,
              [&](const std::string& a) { return OfferAttribute(catalog_, c.api.offer, a); });
        break;
      case CandidateKind::kSelfHosted:
        Check(leaf_label("the fleet"), fallback, [&](const std::string& a) {
          return FleetAttribute(catalog_, c.self_hosted, region, a);
        });
        break;
      case CandidateKind::kEdge:
        // A user's device: nothing leaves it, but no certification covers it either.
        Check(leaf_label("the device"), fallback, [](const std::string& a) {
          return a == "self_hosted" || a == "zero_data_retention" ? Attribute::kYes
                                                                  : Attribute::kUnknown;
        });
        break;
      case CandidateKind::kHybrid:
        Ref(c.hybrid.cheap, label, "cheap", region, fallback);
        Ref(c.hybrid.expensive, label, "expensive", region, fallback);
        break;
      case CandidateKind::kMultiRegion:
        for (const DeploymentSpec& d : c.multi_region.deployments)
          Ref(d.target, label, d.region, d.region, fallback);
        break;
      case CandidateKind::kFailover:
        break;
    }
  }

  void Ref(const TargetRef& ref, const std::string& parent, const std::string& role,
           const std::string& region, bool fallback) {
    const std::string label = Join(parent, fmt::format("{} ({})", role, ref.name));
    if (ref.candidate >= 0) {
      Candidate(sc_.candidates[ref.candidate], label, region, fallback);
      return;
    }
    Check(label, fallback,
          [&](const std::string& a) { return OfferAttribute(catalog_, ref.name, a); });
  }

  template <typename Has>
  void Check(const std::string& label, bool fallback, Has has) {
    std::string lacks;
    for (const std::string& a : sc_.require) {
      const Attribute v = has(a);
      if (v == Attribute::kYes) continue;
      lacks += fmt::format("{}{}{}", lacks.empty() ? "" : ", ", a,
                           v == Attribute::kUnknown ? " (unknown)" : "");
    }
    if (lacks.empty()) return;
    out_.push_back(fallback
                       ? fmt::format("failover would send data to {}, which lacks {}", label, lacks)
                       : fmt::format("{} lacks {}", label, lacks));
  }

  const Scenario& sc_;
  const Catalog& catalog_;
  std::vector<std::string> out_;
};

}  // namespace

std::vector<std::string> ComplianceFailures(const Scenario& scenario, const CandidateSpec& c,
                                            const Catalog& catalog) {
  if (scenario.require.empty()) return {};
  ComplianceWalk walk(scenario, catalog);
  walk.Candidate(c, "", "", false);
  return walk.Take();
}

}  // namespace plan
