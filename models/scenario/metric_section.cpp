// User-defined series (`metrics:`, docs/scenarios.md): name, numerator and denominator
// selectors, measure; and the measures' YAML names.
#include <algorithm>
#include <map>

#include "models/scenario/scenario_sections.h"

namespace cmsim::scenario {

void ScenarioReader::metrics(const YamlNode& n) {
  remember("metrics", n);
  if (!n.is_sequence()) return wrong(n, "metrics", "a list of metric definitions");
  std::map<std::string, std::string> first;  // name -> where it was defined
  for (std::size_t i = 0; i < n.items.size(); ++i) {
    const YamlNode& m = n.items[i];
    const std::string path = idx("metrics", i);
    if (!open_map(m, path, keys({"name", "numerator", "denominator", "measure", "description"}), "a metric")) continue;
    MetricDefinition d;
    bool ok = true;
    if (const YamlNode* v = need(m, path, "name")) {
      const auto t = text(*v, sub(path, "name"));
      if (t && !t->empty() && t->size() <= 100 &&
          t->find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789_") == std::string::npos) {
        d.name = *t, d.where = v->loc;
        if (auto [it, fresh] = first.emplace(d.name, v->loc.text()); !fresh)
          ok = false, wrong(*v, sub(path, "name"), "a name not used before (first at " + it->second + ")");
      } else {
        ok = false;
        if (t) wrong(*v, sub(path, "name"), "a name of lower-case letters, digits and '_'");
      }
    } else {
      ok = false;
    }
    if (const YamlNode* v = need(m, path, "numerator")) {
      auto sel = selector(*v, sub(path, "numerator"));
      ok = ok && sel.has_value();
      if (sel) d.numerator = *sel;
    } else {
      ok = false;
    }
    if (const YamlNode* v = get(m, "denominator")) {
      d.denominator = selector(*v, sub(path, "denominator"));
      ok = ok && d.denominator.has_value();
    }
    if (const YamlNode* v = need(m, path, "measure")) {
      auto x = enumerated<MetricMeasure>(*v, sub(path, "measure"), metric_measure_from_string, metric_measure_names(),
                                         "a measure");
      ok = ok && x.has_value();
      if (x) d.measure = *x;
    } else {
      ok = false;
    }
    if (const YamlNode* v = get(m, "description")) text(*v, sub(path, "description"));
    if (ok) s_.metrics.push_back(std::move(d));
  }
}

std::optional<ProductSelector> ScenarioReader::selector(const YamlNode& n, const std::string& path) {
  remember(path, n);
  if (n.is_scalar() && !n.quoted && n.scalar == "all") return ProductSelector{};
  if (!n.is_map()) {
    wrong(n, path, "all or a product selector {vendors, origins, ecosystems, products, tpp_min}");
    return std::nullopt;
  }
  if (!open_map(n, path, keys({"vendors", "origins", "ecosystems", "products", "tpp_min"}), "a product selector"))
    return std::nullopt;
  ProductSelector sel;
  const std::size_t before = errors_.size();
  // The lists name what the scenario declares (read before this section).
  const auto named = [&](const char* key, std::vector<std::string>& out, auto& declared, const char* what) {
    const YamlNode* v = get(n, key);
    if (!v) return;
    out = id_list(*v, sub(path, key));
    std::vector<std::string> valid;
    for (const auto& x : declared) valid.push_back(x.id);
    for (std::size_t k = 0; k < out.size(); ++k)
      if (std::find(valid.begin(), valid.end(), out[k]) == valid.end())
        error(v->items[k].loc, idx(sub(path, key), k), unknown_name_message(what, out[k], valid));
  };
  named("vendors", sel.vendors, s_.vendors, "a vendor id");
  named("ecosystems", sel.ecosystems, s_.ecosystems, "an ecosystem id");
  named("products", sel.products, s_.products, "a product id");
  if (const YamlNode* v = get(n, "origins")) sel.origins = origin_list(*v, sub(path, "origins"));
  if (const YamlNode* v = get(n, "tpp_min")) {
    const auto x = parse_double(*v);
    remember(sub(path, "tpp_min"), *v);
    if (x && SPEC.contains(*x))
      sel.tpp_min = *x;
    else
      wrong(*v, sub(path, "tpp_min"), SPEC.expected());
  }
  if (errors_.size() != before) return std::nullopt;
  return sel;
}

const char* to_string(MetricMeasure m) {
  static const char* const names[] = {"units",
                                      "pflops",
                                      "spend_usd",
                                      "vendor_revenue_usd",
                                      "training_pflops",
                                      "legal_training_pflops",
                                      "delivered_units",
                                      "diverted_units",
                                      "diverted_spend_usd",
                                      "fee_usd"};
  return names[static_cast<int>(m)];
}

std::vector<std::string> metric_measure_names() {
  std::vector<std::string> out;
  for (int i = 0; i <= static_cast<int>(MetricMeasure::FEE_USD); ++i)
    out.emplace_back(to_string(static_cast<MetricMeasure>(i)));
  return out;
}

std::optional<MetricMeasure> metric_measure_from_string(const std::string& s) {
  for (int i = 0; i <= static_cast<int>(MetricMeasure::FEE_USD); ++i)
    if (s == to_string(static_cast<MetricMeasure>(i))) return static_cast<MetricMeasure>(i);
  return std::nullopt;
}

}  // namespace cmsim::scenario
