#include "models/scenario/scenario.h"

#include <string>

namespace cmsim::scenario {

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

namespace {

/// The first item of origin us (the incumbent the headline series follow), else the first.
template <class T>
std::string first_us(const std::vector<T>& list) {
  for (const auto& x : list)
    if (x.origin == Origin::US) return x.id;
  return list.empty() ? std::string() : list.front().id;
}

}  // namespace

std::string headline_vendor_of(const Scenario& s) {
  return s.headline_vendor.empty() ? first_us(s.vendors) : s.headline_vendor;
}

std::string headline_ecosystem_of(const Scenario& s) {
  return s.headline_ecosystem.empty() ? first_us(s.ecosystems) : s.headline_ecosystem;
}

}  // namespace cmsim::scenario
