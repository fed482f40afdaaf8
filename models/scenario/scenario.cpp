#include "models/scenario/scenario.h"

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

const Product* Scenario::find_product(const std::string& id) const {
  for (const auto& p : products)
    if (p.id == id) return &p;
  return nullptr;
}
std::string stable_parameter_key(const Scenario& s, const std::string& path) {
  const auto open = path.find('['), close = path.find(']');
  if (open == std::string::npos || close == std::string::npos || close < open + 2) return path;
  const std::string list = path.substr(0, open), index = path.substr(open + 1, close - open - 1);
  if (index.find_first_not_of("0123456789") != std::string::npos || index.size() > 9) return path;
  const auto k = static_cast<std::size_t>(std::stoul(index));
  std::string id;
  if (list == "vendors" && k < s.vendors.size()) id = s.vendors[k].id;
  if (list == "products" && k < s.products.size()) id = s.products[k].id;
  if (list == "buyers" && k < s.buyers.size()) id = s.buyers[k].id;
  if (list == "routes" && k < s.routes.size()) id = s.routes[k].id;
  if (list == "events" && k < s.events.size()) id = s.events[k].id;
  if (id.empty()) return path;
  return list + "." + id + path.substr(close + 1);
}

const Vendor* Scenario::find_vendor(const std::string& id) const {
  for (const auto& v : vendors)
    if (v.id == id) return &v;
  return nullptr;
}
const PolicyEvent* Scenario::find_event(const std::string& id) const {
  for (const auto& e : events)
    if (e.id == id) return &e;
  return nullptr;
}
int Scenario::ecosystem_index(const std::string& id) const {
  for (std::size_t i = 0; i < ecosystems.size(); ++i)
    if (ecosystems[i].id == id) return static_cast<int>(i);
  return -1;
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
const char* to_string(EventKind k) {
  switch (k) {
    case EventKind::EXPORT_RULE:
      return "export_rule";
    case EventKind::LICENCE_REQUIREMENT:
      return "licence_requirement";
    case EventKind::LIFT:
      return "lift";
    case EventKind::AMEND_RULE:
      return "amend_rule";
    case EventKind::ENTITY_LIST:
      return "entity_list";
    case EventKind::SUPPLY_CONTROL:
      return "supply_control";
    case EventKind::ENFORCEMENT:
      return "enforcement";
    case EventKind::PROCUREMENT_MANDATE:
      return "procurement_mandate";
    case EventKind::DISCOURAGE:
      return "discourage";
    case EventKind::SUBSIDY:
      return "subsidy";
    case EventKind::DEMAND_SHOCK:
      return "demand_shock";
    case EventKind::IMPORT_APPROVAL:
      return "import_approval";
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
std::optional<EventKind> event_kind_from_string(const std::string& s) {
  static const EventKind all[] = {EventKind::EXPORT_RULE, EventKind::LICENCE_REQUIREMENT, EventKind::LIFT,
                                  EventKind::AMEND_RULE,  EventKind::ENTITY_LIST,         EventKind::SUPPLY_CONTROL,
                                  EventKind::ENFORCEMENT, EventKind::PROCUREMENT_MANDATE, EventKind::DISCOURAGE,
                                  EventKind::SUBSIDY,     EventKind::DEMAND_SHOCK,        EventKind::IMPORT_APPROVAL};
  return from_string(s, all);
}
std::optional<BuyerKind> buyer_kind_from_string(const std::string& s) {
  static const BuyerKind all[] = {BuyerKind::CLOUD, BuyerKind::LAB, BuyerKind::STATE, BuyerKind::ENTERPRISE};
  return from_string(s, all);
}

}  // namespace cmsim::scenario
