// The entities of a scenario: ecosystems, vendors (capacity ceilings, redesigns), products,
// buyer segments, the developer population and the diversion routes.
#include <map>

#include "models/scenario/entity_keys.h"
#include "models/scenario/scenario_sections.h"

namespace cmsim::scenario {

// The keys come from ecosystem_keys() (entity_keys.cpp): numbers are read through the
// table, the rest by hand, in the table's order.
void ScenarioReader::ecosystem(std::size_t i, const YamlNode& n, const std::string& path) {
  if (!open_map(n, path, key_names(ecosystem_keys()), "an ecosystem")) return;
  Ecosystem& e = s_.ecosystems[i];
  for (const auto& k : ecosystem_keys()) {
    const std::string key(k.key);
    if (k.number) {
      number_at(
          n, path, key.c_str(), k.bounds, [i, m = k.number](Scenario& s) -> double& { return s.ecosystems[i].*m; },
          k.required);
    } else if (key == "id") {
      id_at(n, path, "id", e.id);
      e.name = e.id;
    } else if (key == "name") {
      text_at(n, path, "name", e.name);
    } else if (key == "origin") {
      if (const YamlNode* o = need(n, path, "origin"))
        if (auto v = origin(*o, sub(path, "origin"))) e.origin = *v;
    } else if (key == "milestones") {
      if (const YamlNode* m = get(n, "milestones")) milestones(i, *m, sub(path, "milestones"));
    } else if (key == "source") {
      text_at(n, path, "source", e.source);
    }
  }
}

void ScenarioReader::milestones(std::size_t i, const YamlNode& n, const std::string& path) {
  if (!open_list(n, path, "a list of {date, maturity_gain, description, source}")) return;
  auto& list = s_.ecosystems[i].milestones;
  list.resize(n.items.size());
  for (std::size_t k = 0; k < n.items.size(); ++k) {
    const YamlNode& item = n.items[k];
    const std::string pp = idx(path, k);
    if (!open_map(item, pp, keys({"date", "maturity_gain", "description", "source"}), "a milestone")) continue;
    date_at(item, pp, "date", list[k].date, true);
    number_at(
        item, pp, "maturity_gain", FRACTION,
        [i, k](Scenario& s) -> double& { return s.ecosystems[i].milestones[k].maturity_gain; }, true);
    text_at(item, pp, "description", list[k].description);
    text_at(item, pp, "source", list[k].source);
    if (k > 0 && list[k].date < list[k - 1].date)
      if (const YamlNode* d = get(item, "date"); d && Date::parse(d->scalar))
        wrong(*d, sub(pp, "date"), "dates in order (not before " + list[k - 1].date.iso() + ")");
  }
}

// The keys come from vendor_keys() (entity_keys.cpp): numbers are read through the table,
// the rest by hand, in the table's order.
void ScenarioReader::vendor(std::size_t i, const YamlNode& n, const std::string& path) {
  if (!open_map(n, path, key_names(vendor_keys()), "a vendor")) return;
  Vendor& v = s_.vendors[i];
  for (const auto& k : vendor_keys()) {
    const std::string key(k.key);
    if (k.number) {
      number_at(n, path, key.c_str(), k.bounds, [i, m = k.number](Scenario& s) -> double& { return s.vendors[i].*m; });
    } else if (key == "id") {
      id_at(n, path, "id", v.id);
      v.name = v.id;
    } else if (key == "name") {
      text_at(n, path, "name", v.name);
    } else if (key == "origin") {
      if (const YamlNode* o = need(n, path, "origin"))
        if (auto x = origin(*o, sub(path, "origin"))) v.origin = *x;
    } else if (key == "captive_buyers") {
      if (const YamlNode* c = get(n, "captive_buyers")) v.captive_buyers = id_list(*c, sub(path, "captive_buyers"));
    } else if (key == "capacity_ceiling") {
      if (const YamlNode* c = get(n, "capacity_ceiling")) capacity_ceiling(i, *c, sub(path, "capacity_ceiling"));
    } else if (key == "redesign") {
      if (const YamlNode* r = get(n, "redesign")) redesign(i, *r, sub(path, "redesign"));
    } else if (key == "source") {
      text_at(n, path, "source", v.source);
    }
  }
}

void ScenarioReader::capacity_ceiling(std::size_t i, const YamlNode& c, const std::string& cp) {
  Vendor& v = s_.vendors[i];
  if (open_list(c, cp, "a list of {date, units_per_quarter}")) {
    v.capacity_ceiling.resize(c.items.size());
    for (std::size_t k = 0; k < c.items.size(); ++k) {
      const std::string pp = idx(cp, k);
      if (!open_map(c.items[k], pp, keys({"date", "units_per_quarter"}), "a capacity point")) continue;
      date_at(c.items[k], pp, "date", s_.vendors[i].capacity_ceiling[k].date, true);
      number_at(
          c.items[k], pp, "units_per_quarter", QUANTITY,
          [i, k](Scenario& s) -> double& { return s.vendors[i].capacity_ceiling[k].units_per_quarter; }, true);
      if (k > 0 && s_.vendors[i].capacity_ceiling[k].date <= s_.vendors[i].capacity_ceiling[k - 1].date)
        if (const YamlNode* d = get(c.items[k], "date"); d && Date::parse(d->scalar))
          wrong(*d, sub(pp, "date"), "dates in increasing order (after " + v.capacity_ceiling[k - 1].date.iso() + ")");
    }
  }
}

void ScenarioReader::redesign(std::size_t i, const YamlNode& r, const std::string& rp) {
  if (!open_map(r, rp, key_names(redesign_keys()), "a redesign")) return;
  s_.vendors[i].redesign.emplace();
  for (const auto& k : redesign_keys())
    number_at(r, rp, std::string(k.key).c_str(), k.bounds,
              [i, m = k.number](Scenario& s) -> double& { return (*s.vendors[i].redesign).*m; });
}

// The keys come from product_keys() (entity_keys.cpp): numbers are read through the
// table, the rest by product_key(), in the table's order.
void ScenarioReader::product(std::size_t i, const YamlNode& n, const std::string& path) {
  if (!open_map(n, path, key_names(product_keys()), "a product")) return;
  s_.products[i].line = n.loc.line;
  for (const auto& k : product_keys()) {
    const std::string key(k.key);
    if (k.number)
      number_at(
          n, path, key.c_str(), k.bounds, [i, m = k.number](Scenario& s) -> double& { return s.products[i].*m; },
          k.required);
    else
      product_key(i, n, path, key);
  }
}

void ScenarioReader::product_key(std::size_t i, const YamlNode& n, const std::string& path, const std::string& key) {
  Product& p = s_.products[i];
  if (key == "id") {
    id_at(n, path, "id", p.id);
    p.name = p.id;
  } else if (key == "name") {
    text_at(n, path, "name", p.name);
  } else if (key == "vendor" || key == "ecosystem") {
    id_at(n, path, key.c_str(), key == "vendor" ? p.vendor : p.ecosystem);
  } else if (key == "launch") {
    date_at(n, path, "launch", p.launch, true);
  } else if (key == "end_of_sale") {
    if (const YamlNode* e = get(n, "end_of_sale"))
      if (auto d = date(*e, sub(path, "end_of_sale"))) {
        p.end_of_sale = *d;
        if (get(n, "launch") && *d < p.launch && p.launch != Date{})
          wrong(*e, sub(path, "end_of_sale"), "a date on or after launch (" + p.launch.iso() + ")");
      }
  } else if (key == "unit_cost_usd") {
    if (get(n, "unit_cost_usd")) {
      p.unit_cost_usd = 0;
      number_at(n, path, "unit_cost_usd", SPEC, [i](Scenario& s) -> double& { return *s.products[i].unit_cost_usd; });
    }
  } else if (key == "china_specific" || key == "uses_hbm") {
    flag_at(n, path, key.c_str(), key == "china_specific" ? p.china_specific : p.uses_hbm);
  } else if (key == "launch_requires") {
    if (const YamlNode* l = get(n, "launch_requires")) p.launch_requires = id_list(*l, sub(path, "launch_requires"));
  } else if (key == "source") {
    text_at(n, path, "source", p.source);
  }
}

// The keys come from buyer_keys() (entity_keys.cpp): numbers are read through the table,
// the rest by buyer_key(), in the table's order.
void ScenarioReader::buyer(std::size_t i, const YamlNode& n, const std::string& path) {
  if (!open_map(n, path, key_names(buyer_keys()), "a buyer")) return;
  for (const auto& k : buyer_keys()) {
    const std::string key(k.key);
    if (k.number)
      number_at(
          n, path, key.c_str(), k.bounds, [i, m = k.number](Scenario& s) -> double& { return s.buyers[i].*m; },
          k.required);
    else
      buyer_key(i, n, path, key);
  }
}

void ScenarioReader::buyer_key(std::size_t i, const YamlNode& n, const std::string& path, const std::string& key) {
  Buyer& b = s_.buyers[i];
  if (key == "id") {
    id_at(n, path, "id", b.id);
    b.name = b.id;
  } else if (key == "name") {
    text_at(n, path, "name", b.name);
  } else if (key == "kind") {
    if (const YamlNode* k = need(n, path, "kind"))
      if (auto v = enumerated<BuyerKind>(*k, sub(path, "kind"), buyer_kind_from_string,
                                         {"cloud", "lab", "state", "enterprise"}, "a buyer kind"))
        b.kind = *v;
  } else if (key == "count") {
    integer_at(n, path, "count", 1, MAX_BUYER_AGENTS, [i](Scenario& s) -> int& { return s.buyers[i].count; });
  } else if (key == "state_owned" || key == "entity_listed") {
    flag_at(n, path, key.c_str(), key == "state_owned" ? b.state_owned : b.entity_listed);
  } else if (key == "readiness") {
    if (const YamlNode* r = get(n, "readiness")) readiness(i, *r, sub(path, "readiness"));
  } else if (key == "source") {
    text_at(n, path, "source", b.source);
  }
}

void ScenarioReader::readiness(std::size_t i, const YamlNode& r, const std::string& rp) {
  if (!open_map(r, rp, keys({"training", "inference"}), "readiness")) return;
  if (const YamlNode* t = get(r, "training"))
    number_map(*t, sub(rp, "training"), FRACTION,
               [i](Scenario& s) -> std::map<std::string, double>& { return s.buyers[i].readiness_training; });
  if (const YamlNode* t = get(r, "inference"))
    number_map(*t, sub(rp, "inference"), FRACTION,
               [i](Scenario& s) -> std::map<std::string, double>& { return s.buyers[i].readiness_inference; });
}

// The keys come from developer_keys() and network_keys() (entity_keys.cpp): numbers are
// read through the tables, the rest by hand, in the tables' order.
void ScenarioReader::developers(const YamlNode& n) {
  const std::string path = "developers";
  if (!open_map(n, path, key_names(developer_keys()), "the developers section")) return;
  for (const auto& k : developer_keys()) {
    const std::string key(k.key);
    if (k.number) {
      number_at(
          n, path, key.c_str(), k.bounds, [m = k.number](Scenario& s) -> double& { return s.developers.*m; },
          k.required);
    } else if (key == "agents") {
      integer_at(n, path, "agents", 0, MAX_DEVELOPER_AGENTS, [](Scenario& s) -> int& { return s.developers.agents; });
    } else if (key == "initial_shares") {
      if (const YamlNode* sh = get(n, "initial_shares"))
        number_map(*sh, sub(path, "initial_shares"), FRACTION,
                   [](Scenario& s) -> std::map<std::string, double>& { return s.developers.initial_shares; });
    } else if (key == "network") {
      if (const YamlNode* net = get(n, "network")) network(*net, sub(path, "network"));
    } else if (key == "source") {
      text_at(n, path, "source", s_.developers.source);
    }
  }
}

void ScenarioReader::network(const YamlNode& net, const std::string& np) {
  if (!open_map(net, np, key_names(network_keys()), "a network")) return;
  for (const auto& k : network_keys()) {
    const std::string key(k.key);
    if (k.number) {
      number_at(
          net, np, key.c_str(), k.bounds, [m = k.number](Scenario& s) -> double& { return s.developers.*m; },
          k.required);
    } else if (key == "generator") {
      if (const YamlNode* g = get(net, "generator")) {
        remember(sub(np, "generator"), *g);
        const std::vector<std::string> gens = {"small_world", "complete", "none"};
        if (!g->is_scalar() || std::find(gens.begin(), gens.end(), g->scalar) == gens.end())
          error(g->loc, sub(np, "generator"), unknown_name_message("a network generator", g->scalar, gens));
        else
          s_.developers.network = g->scalar;
      }
    } else if (key == "degree") {
      integer_at(net, np, "degree", 0, 1000, [](Scenario& s) -> int& { return s.developers.degree; });
    }
  }
}

// The keys come from route_keys() (entity_keys.cpp): numbers are read through the table,
// the rest by hand, in the table's order.
void ScenarioReader::route(std::size_t i, const YamlNode& n, const std::string& path) {
  if (!open_map(n, path, key_names(route_keys()), "a route")) return;
  TradeRoute& r = s_.routes[i];
  for (const auto& k : route_keys()) {
    const std::string key(k.key);
    if (k.number)
      number_at(
          n, path, key.c_str(), k.bounds, [i, m = k.number](Scenario& s) -> double& { return s.routes[i].*m; },
          k.required);
    else if (key == "id" || key == "from" || key == "to")
      id_at(n, path, key.c_str(), key == "id" ? r.id : key == "from" ? r.from : r.to);
    else if (key == "source")
      text_at(n, path, "source", r.source);
  }
}

}  // namespace cmsim::scenario
