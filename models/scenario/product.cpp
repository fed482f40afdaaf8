#include "models/scenario/product.h"

#include <algorithm>
#include <cstdio>

namespace cmsim::scenario {

double Product::metric(Metric m) const {
  switch (m) {
    case Metric::TPP:
      return tpp();
    case Metric::PERFORMANCE_DENSITY:
      return performance_density();
    case Metric::TFLOPS:
      return tflops_bf16;
    case Metric::INTERCONNECT_GBPS:
      return interconnect_gbps;
    case Metric::MEMORY_BANDWIDTH_TBPS:
      return memory_bandwidth_tbps;
    case Metric::MEMORY_GB:
      return memory_gb;
  }
  return 0;
}

bool names(const std::vector<std::string>& ids, const Product& p) {
  const auto has = [&](const std::string& id) { return std::find(ids.begin(), ids.end(), id) != ids.end(); };
  return has(p.id) || (!p.family.empty() && has(p.family));
}

namespace {
bool compare(double x, Comparison op, double v) {
  switch (op) {
    case Comparison::GE:
      return x >= v;
    case Comparison::GT:
      return x > v;
    case Comparison::LE:
      return x <= v;
    case Comparison::LT:
      return x < v;
  }
  return false;
}
const char* op_text(Comparison op) {
  switch (op) {
    case Comparison::GE:
      return ">=";
    case Comparison::GT:
      return ">";
    case Comparison::LE:
      return "<=";
    case Comparison::LT:
      return "<";
  }
  return "?";
}
std::string number(double x) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.6g", x);
  return buf;
}
}  // namespace

bool matches(const Predicate& p, const Product& product) {
  switch (p.kind) {
    case Predicate::Kind::CONDITION:
      return compare(product.metric(p.metric), p.op, p.value);
    case Predicate::Kind::ALL_OF:
      for (const auto& c : p.children)
        if (!matches(c, product)) return false;
      return true;
    case Predicate::Kind::ANY_OF:
      for (const auto& c : p.children)
        if (matches(c, product)) return true;
      return false;
  }
  return false;
}

std::string explain_match(const Predicate& p, const Product& product) {
  if (!matches(p, product)) return "";
  switch (p.kind) {
    case Predicate::Kind::CONDITION:
      return std::string(to_string(p.metric)) + " " + number(product.metric(p.metric)) + " " + op_text(p.op) + " " +
             number(p.value);
    case Predicate::Kind::ALL_OF: {
      std::string out;
      for (const auto& c : p.children) out += (out.empty() ? "" : " and ") + explain_match(c, product);
      return out;
    }
    case Predicate::Kind::ANY_OF:
      for (const auto& c : p.children)
        if (matches(c, product)) return explain_match(c, product);
  }
  return "";
}

const char* to_string(Origin o) {
  switch (o) {
    case Origin::US:
      return "us";
    case Origin::DOMESTIC:
      return "domestic";
    case Origin::OTHER:
      return "other";
  }
  return "?";
}
const char* to_string(Metric m) {
  switch (m) {
    case Metric::TPP:
      return "tpp";
    case Metric::PERFORMANCE_DENSITY:
      return "performance_density";
    case Metric::TFLOPS:
      return "tflops";
    case Metric::INTERCONNECT_GBPS:
      return "interconnect_gbps";
    case Metric::MEMORY_BANDWIDTH_TBPS:
      return "memory_bandwidth_tbps";
    case Metric::MEMORY_GB:
      return "memory_gb";
  }
  return "?";
}
const char* to_string(BuyerKind k) {
  switch (k) {
    case BuyerKind::CLOUD:
      return "cloud";
    case BuyerKind::LAB:
      return "lab";
    case BuyerKind::STATE:
      return "state";
    case BuyerKind::ENTERPRISE:
      return "enterprise";
  }
  return "?";
}

namespace {
template <typename E, std::size_t N>
std::optional<E> from_string(const std::string& s, const E (&all)[N]) {
  for (E e : all)
    if (s == to_string(e)) return e;
  return std::nullopt;
}
}  // namespace

std::optional<Origin> origin_from_string(const std::string& s) {
  static const Origin all[] = {Origin::US, Origin::DOMESTIC, Origin::OTHER};
  return from_string(s, all);
}
std::optional<Metric> metric_from_string(const std::string& s) {
  static const Metric all[] = {Metric::TPP,
                               Metric::PERFORMANCE_DENSITY,
                               Metric::TFLOPS,
                               Metric::INTERCONNECT_GBPS,
                               Metric::MEMORY_BANDWIDTH_TBPS,
                               Metric::MEMORY_GB};
  return from_string(s, all);
}
std::optional<BuyerKind> buyer_kind_from_string(const std::string& s) {
  static const BuyerKind all[] = {BuyerKind::CLOUD, BuyerKind::LAB, BuyerKind::STATE, BuyerKind::ENTERPRISE};
  return from_string(s, all);
}

}  // namespace cmsim::scenario
