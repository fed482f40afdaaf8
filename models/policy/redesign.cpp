#include "models/policy/redesign.h"

#include <limits>

namespace cmsim::policy {
namespace {

using scenario::Comparison;
using scenario::Metric;
using scenario::Predicate;
using scenario::Product;

// Sets a metric to a target value by changing the underlying spec.
void set_metric(Product& p, Metric m, double target) {
  switch (m) {
    case Metric::TPP:
      p.tflops_bf16 = target / 16.0;
      break;
    case Metric::PERFORMANCE_DENSITY:
      p.tflops_bf16 = target * p.die_area_mm2 / 16.0;
      break;
    case Metric::TFLOPS:
      p.tflops_bf16 = target;
      break;
    case Metric::INTERCONNECT_GBPS:
      p.interconnect_gbps = target;
      break;
    case Metric::MEMORY_BANDWIDTH_TBPS:
      p.memory_bandwidth_tbps = target;
      break;
    case Metric::MEMORY_GB:
      p.memory_gb = target;
      break;
  }
}

// Relative cut needed to stop a condition matching (infinity if a cut cannot help).
double cut_needed(const Predicate& c, const Product& p, double margin) {
  if (c.op == Comparison::LE || c.op == Comparison::LT) return std::numeric_limits<double>::infinity();
  const double x = p.metric(c.metric);
  if (x <= 0) return std::numeric_limits<double>::infinity();
  return 1.0 - c.value * (1.0 - margin) / x;
}

bool derate(Product& p, const Predicate& pred, double margin) {
  if (!scenario::matches(pred, p)) return true;
  switch (pred.kind) {
    case Predicate::Kind::CONDITION: {
      if (cut_needed(pred, p, margin) == std::numeric_limits<double>::infinity()) return false;
      set_metric(p, pred.metric, pred.value * (1.0 - margin));
      return !scenario::matches(pred, p);
    }
    case Predicate::Kind::ALL_OF: {
      // Breaking one condition is enough: pick the smallest cut among plain conditions.
      const Predicate* best = nullptr;
      double best_cut = std::numeric_limits<double>::infinity();
      for (const auto& c : pred.children) {
        if (c.kind != Predicate::Kind::CONDITION) continue;
        const double cut = cut_needed(c, p, margin);
        if (cut < best_cut) best_cut = cut, best = &c;
      }
      if (best) return derate(p, *best, margin);
      for (const auto& c : pred.children)
        if (derate(p, c, margin)) return !scenario::matches(pred, p);
      return false;
    }
    case Predicate::Kind::ANY_OF:
      for (const auto& c : pred.children)
        if (!derate(p, c, margin)) return false;
      return !scenario::matches(pred, p);
  }
  return false;
}

}  // namespace

bool derated(const Product& original, const Product& derivative) {
  return derivative.tflops_bf16 != original.tflops_bf16 || derivative.memory_gb != original.memory_gb ||
         derivative.memory_bandwidth_tbps != original.memory_bandwidth_tbps ||
         derivative.interconnect_gbps != original.interconnect_gbps || derivative.die_area_mm2 != original.die_area_mm2;
}

std::optional<Product> derate_to_comply(const Product& banned, std::span<const Predicate* const> predicates,
                                        double margin) {
  Product p = banned;
  // Derating for one rule can trip none of the others (cuts only lower metrics), but a
  // second pass makes sure every predicate is satisfied together.
  for (int pass = 0; pass < 3; ++pass) {
    bool clean = true;
    for (const Predicate* pred : predicates) {
      if (!scenario::matches(*pred, p)) continue;
      clean = false;
      if (!derate(p, *pred, margin)) return std::nullopt;
    }
    if (clean) return p;
  }
  for (const Predicate* pred : predicates)
    if (scenario::matches(*pred, p)) return std::nullopt;
  return p;
}

}  // namespace cmsim::policy
