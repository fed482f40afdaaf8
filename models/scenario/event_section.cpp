// Policy events: the keys every event has (id, dates, requires, risk_shock) and the kind,
// whose own keys its instrument's key table reads (models/policy/instruments/registry.h).
#include <algorithm>

#include "models/scenario/scenario_sections.h"

namespace cmsim::scenario {

void ScenarioReader::event(std::size_t i, const YamlNode& n, const std::string& path) {
  static const std::vector<std::string> common = {"id",        "kind",   "description", "announced",
                                                  "effective", "source", "requires",    "risk_shock"};
  PolicyEvent& e = s_.events[i];
  e.line = n.loc.line;
  // The kind decides which keys are valid; without a valid kind accept all of them.
  const InstrumentKind* kind = nullptr;
  if (const YamlNode* k = n.is_map() ? get(n, "kind") : nullptr) {
    remember(sub(path, "kind"), *k);
    if (!k->is_scalar())
      wrong(*k, sub(path, "kind"), "an event kind");
    else if (!(kind = find_instrument_kind(k->scalar)))
      error(k->loc, sub(path, "kind"), unknown_name_message("an event kind", k->scalar, instrument_kind_names()));
  } else if (n.is_map()) {
    need(n, path, "kind");
  }
  std::vector<std::string> allowed = common;
  for (const auto& k : instrument_kinds())
    if (!kind || &k == kind) allowed.insert(allowed.end(), k.keys.begin(), k.keys.end());
  std::sort(allowed.begin(), allowed.end());
  allowed.erase(std::unique(allowed.begin(), allowed.end()), allowed.end());
  const std::string what = (kind ? with_article(kind->name) : std::string("an")) + " event";
  if (!open_map(n, path, allowed, what.c_str())) return;
  event_common(i, n, path);
  if (kind) kind->read(*this, n, path, i);
}

void ScenarioReader::event_common(std::size_t i, const YamlNode& n, const std::string& path) {
  PolicyEvent& e = s_.events[i];
  id_at(n, path, "id", e.id);
  text_at(n, path, "description", e.description);
  text_at(n, path, "source", e.source, true);
  if (const YamlNode* r = get(n, "requires")) requirements(i, *r, sub(path, "requires"));
  // With `requires: [{..., lag_days}]` the dates follow the required event (set by the checks).
  const bool lagged =
      std::any_of(e.requires_.begin(), e.requires_.end(), [](const Requirement& r) { return r.lag_days.has_value(); });
  if (lagged) {
    for (const char* k : {"announced", "effective"})
      if (const YamlNode* d = get(n, k))
        wrong(*d, sub(path, k), "no date when requires has lag_days (the dates follow the required event)");
    out_.events_dated_by_lag.push_back(i);
  } else {
    date_at(n, path, "announced", s_.events[i].announced, true);
    date_at(n, path, "effective", s_.events[i].effective, true);
    const PolicyEvent& ev = s_.events[i];
    if (get(n, "announced") && get(n, "effective") && ev.effective < ev.announced && ev.announced != Date{} &&
        ev.effective != Date{})
      wrong(*get(n, "effective"), sub(path, "effective"), "a date on or after announced (" + ev.announced.iso() + ")");
  }
  number_at(n, path, "risk_shock", PROBABILITY, [i](Scenario& s) -> double& { return s.events[i].risk_shock; });
}

void ScenarioReader::requirements(std::size_t i, const YamlNode& n, const std::string& path) {
  remember(path, n);
  if (!n.is_sequence()) {
    wrong(n, path, "a list of event ids or {event, probability, lag_days}");
    return;
  }
  if (n.items.size() > MAX_LIST_ITEMS) {
    error(n.loc, path,
          "expected a list of at most " + std::to_string(MAX_LIST_ITEMS) + " requirements, got " +
              std::to_string(n.items.size()));
    return;
  }
  for (std::size_t k = 0; k < n.items.size(); ++k) {
    const YamlNode& item = n.items[k];
    const std::string p = idx(path, k);
    Requirement r;
    if (item.is_scalar()) {
      if (auto t = id(item, p)) r.event = *t;
      s_.events[i].requires_.push_back(r);
      continue;
    }
    if (!open_map(item, p, keys({"event", "probability", "lag_days"}), "a requirement")) continue;
    id_at(item, p, "event", r.event);
    s_.events[i].requires_.push_back(r);
    const std::size_t slot = s_.events[i].requires_.size() - 1;
    number_at(item, p, "probability", PROBABILITY,
              [i, slot](Scenario& s) -> double& { return s.events[i].requires_[slot].probability; });
    if (get(item, "lag_days")) {
      s_.events[i].requires_[slot].lag_days = 0;
      number_at(item, p, "lag_days", LAG,
                [i, slot](Scenario& s) -> double& { return *s.events[i].requires_[slot].lag_days; });
    }
  }
}

}  // namespace cmsim::scenario
