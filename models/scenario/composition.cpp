#include "models/scenario/composition.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "models/policy/instruments/registry.h"
#include "models/scenario/yaml_reader.h"

namespace cmsim::scenario {
namespace fs = std::filesystem;

void merge_into(YamlNode& base, const YamlNode& over) {
  if (!base.is_map() || !over.is_map()) {
    base = over;
    return;
  }
  for (std::size_t i = 0; i < over.keys.size(); ++i) {
    if (YamlNode* existing = base.find(over.keys[i].scalar)) {
      merge_into(*existing, over.items[i]);
    } else {
      base.keys.push_back(over.keys[i]);
      base.items.push_back(over.items[i]);
    }
  }
}

namespace {

std::string event_id(const YamlNode& event) {
  const YamlNode* id = event.is_map() ? event.find("id") : nullptr;
  return id && id->is_scalar() ? id->scalar : "";
}

/// The first of `ids` the list names ("" if none).
std::string first_named(const YamlNode* list, const std::set<std::string>& ids, const char* field = nullptr) {
  if (!list || !list->is_sequence()) return "";
  for (const auto& item : list->items) {
    const YamlNode* v = &item;
    if (field && item.is_map()) v = item.find(field);
    if (v && v->is_scalar() && ids.count(v->scalar)) return v->scalar;
  }
  return "";
}

/// Records a removed event or product (when the caller asked for the list).
void note_removed(CompositionLog* log, const char* kind, const YamlNode& item, std::string reason) {
  if (!log) return;
  const YamlNode* date =
      item.is_map() ? item.find(std::string_view(kind) == "event" ? "effective" : "launch") : nullptr;
  log->removed.push_back(
      {kind, event_id(item), date && date->is_scalar() ? date->scalar : "", std::move(reason), item.loc});
}

/// The keys of an event that hold ids of `refers_to`, from its kind's key table (none when
/// the kind is not known: the builder reports it).
std::vector<std::string> reference_keys(const YamlNode& event, IdKind refers_to) {
  const YamlNode* kind = event.is_map() ? event.find("kind") : nullptr;
  const InstrumentKind* k = kind && kind->is_scalar() ? find_instrument_kind(kind->scalar) : nullptr;
  std::vector<std::string> out;
  if (k)
    for (const auto& [key, what] : k->references)
      if (what == refers_to) out.push_back(key);
  return out;
}

/// Whether every event a lift, amendment or replacing licence targets was removed.
bool targets_gone(const YamlNode& e, const std::set<std::string>& removed_events) {
  for (const auto& key : reference_keys(e, IdKind::EVENT)) {
    const YamlNode* targets = e.find(key);
    if (!targets || !targets->is_sequence() || targets->items.empty()) continue;
    if (std::all_of(targets->items.begin(), targets->items.end(),
                    [&](const YamlNode& t) { return t.is_scalar() && removed_events.count(t.scalar); }))
      return true;
  }
  return false;
}

/// Removes the events that require a removed event (adding them to `removed_events`);
/// true if it removed any.
bool remove_requiring(YamlNode* events, std::set<std::string>& removed_events, CompositionLog* log) {
  if (!events || !events->is_sequence()) return false;
  bool changed = false;
  auto& items = events->items;
  for (auto it = items.begin(); it != items.end();) {
    const YamlNode* req = it->is_map() ? it->find("requires") : nullptr;
    std::string cause = first_named(req, removed_events);
    if (cause.empty()) cause = first_named(req, removed_events, "event");
    if (!cause.empty()) {
      note_removed(log, "event", *it, "requires " + cause + ", which was removed");
      removed_events.insert(event_id(*it));
      it = items.erase(it);
      changed = true;
    } else {
      ++it;
    }
  }
  return changed;
}

/// Removes the products that launch only after a removed event; true if it removed any.
bool remove_launching(YamlNode* products, const std::set<std::string>& removed_events,
                      std::set<std::string>& removed_products, CompositionLog* log) {
  if (!products || !products->is_sequence()) return false;
  bool changed = false;
  auto& items = products->items;
  for (auto it = items.begin(); it != items.end();) {
    const std::string cause = first_named(it->is_map() ? it->find("launch_requires") : nullptr, removed_events);
    if (!cause.empty()) {
      note_removed(log, "product", *it, "launch_requires " + cause + ", which was removed");
      removed_products.insert(event_id(*it));
      it = items.erase(it);
      changed = true;
    } else {
      ++it;
    }
  }
  return changed;
}

/// A lift or amendment whose every target is gone has nothing left to do: removes those
/// (judged against the events removed before this pass); true if it removed any.
bool remove_targetless(YamlNode* events, std::set<std::string>& removed_events, CompositionLog* log) {
  if (!events || !events->is_sequence()) return false;
  std::vector<std::string> gone;
  std::erase_if(events->items, [&](const YamlNode& e) {
    if (!targets_gone(e, removed_events)) return false;
    note_removed(log, "event", e, "every event it targets was removed");
    gone.push_back(event_id(e));
    return true;
  });
  removed_events.insert(gone.begin(), gone.end());
  return !gone.empty();
}

/// Removing a cause removes its consequences: events that require a removed event,
/// products that launch only after one and lifts or amendments left without a target are
/// removed too, transitively (a removed amendment removes what requires it); references to
/// removed products and events from the remaining events are dropped.
void cascade_removal(YamlNode& root, std::set<std::string> removed_events, CompositionLog* log) {
  YamlNode* events = root.find("events");
  YamlNode* products = root.find("products");
  std::set<std::string> removed_products;
  for (bool again = true; again;) {
    for (bool changed = true; changed;) {
      const bool events_removed = remove_requiring(events, removed_events, log);
      const bool products_removed = remove_launching(products, removed_events, removed_products, log);
      changed = events_removed || products_removed;
    }
    again = remove_targetless(events, removed_events, log);
  }
  if (!events || !events->is_sequence()) return;
  const auto drop = [](YamlNode* list, const std::set<std::string>& ids) {
    if (!list || !list->is_sequence()) return;
    std::erase_if(list->items, [&](const YamlNode& n) { return n.is_scalar() && ids.count(n.scalar); });
  };
  // The remaining events forget removed events and products (the lists their key tables
  // say hold event or product ids).
  for (auto& e : events->items) {
    for (const auto& key : reference_keys(e, IdKind::EVENT)) drop(e.find(key), removed_events);
    for (const auto& key : reference_keys(e, IdKind::PRODUCT)) drop(e.find(key), removed_products);
  }
}

/// False (with the error at `from`) when `key` would close a cycle of extends or go deeper
/// than 32 levels.
bool chain_allows(const std::string& key, const std::vector<std::string>& chain, ErrorList& errors,
                  const SourceLocation* from) {
  if (std::find(chain.begin(), chain.end(), key) != chain.end()) {
    std::string cycle;
    for (auto it = std::find(chain.begin(), chain.end(), key); it != chain.end(); ++it)
      cycle += fs::path(*it).filename().string() + " -> ";
    cycle += fs::path(key).filename().string();
    errors.add(*from, "extends", "expected no cycle of extends, got " + quote_value(cycle));
    return false;
  }
  if (chain.size() > 32) {
    errors.add(*from, "extends", "expected at most 32 levels of extends, got more");
    return false;
  }
  return true;
}

/// Reads one file of the chain; a parent that does not exist is reported where it is named.
std::optional<YamlNode> read_link(const std::string& path, ErrorList& errors, const SourceLocation* from) {
  ErrorList read_errors;
  auto tree = read_yaml_file(path, read_errors);
  if (!tree && from && !read_errors.empty()) {
    // A parent that cannot be read is reported where it is named, plus its own message.
    const std::string m = read_errors.messages().front();
    if (m.find("no such file") != std::string::npos) {
      errors.add(*from, "extends", "expected an existing scenario file, got " + quote_value(path));
      return std::nullopt;
    }
  }
  errors.append(read_errors);
  return tree;
}

/// The child's remove_events applied to the parent's events; returns the ids removed.
std::set<std::string> remove_parent_events(YamlNode* events, const YamlNode& remove, ErrorList& errors,
                                           CompositionLog* log) {
  std::set<std::string> removed;
  if (!remove.is_sequence()) {
    errors.add(remove.loc, "remove_events", "expected a list of event ids, got " + remove.describe());
    return removed;
  }
  std::vector<std::string> ids;
  if (events && events->is_sequence())
    for (const auto& e : events->items) ids.push_back(event_id(e));
  for (std::size_t i = 0; i < remove.items.size(); ++i) {
    const YamlNode& r = remove.items[i];
    const std::string p = "remove_events[" + std::to_string(i) + "]";
    if (!r.is_scalar()) {
      errors.add(r.loc, p, "expected an event id, got " + r.describe());
    } else if (std::find(ids.begin(), ids.end(), r.scalar) == ids.end()) {
      errors.add(r.loc, p, unknown_name_message("an event id of the parent scenario", r.scalar, ids));
    } else {
      if (removed.insert(r.scalar).second && events && events->is_sequence())
        for (const auto& e : events->items)
          if (event_id(e) == r.scalar) note_removed(log, "event", e, "remove_events at " + r.loc.text());
    }
  }
  if (events && events->is_sequence())
    std::erase_if(events->items, [&](const YamlNode& e) { return removed.count(event_id(e)) > 0; });
  return removed;
}

/// The child's add_events appended to the parent's events (or made its events).
void add_parent_events(YamlNode& parent, YamlNode* events, const YamlNode* add, ErrorList& errors,
                       CompositionLog* log) {
  if (log && add && add->is_sequence())
    for (std::size_t i = 0; i < add->items.size(); ++i)
      log->added.push_back({add->items[i].loc, "add_events[" + std::to_string(i) + "]"});
  if (!add || add->is_null()) return;
  if (!add->is_sequence()) {
    errors.add(add->loc, "add_events", "expected a list of events, got " + add->describe());
  } else if (events && events->is_sequence()) {
    for (const auto& e : add->items) events->items.push_back(e);
  } else {
    parent.keys.push_back(YamlNode{YamlNode::Kind::SCALAR, "events", false, {}, {}, add->loc});
    parent.items.push_back(*add);
  }
}

void erase_composition_keys(YamlNode& tree) {
  tree.erase("extends");
  tree.erase("remove_events");
  tree.erase("add_events");
}

std::optional<YamlNode> compose(const std::string& path, ErrorList& errors, std::vector<std::string>& chain,
                                const SourceLocation* from, std::vector<std::string>* files_read, CompositionLog* log) {
  std::error_code ec;
  const std::string canonical = fs::weakly_canonical(path, ec).string();
  const std::string key = ec ? path : canonical;
  if (!chain_allows(key, chain, errors, from)) return std::nullopt;
  auto tree = read_link(path, errors, from);
  if (!tree) return std::nullopt;
  if (files_read) files_read->push_back(path);
  if (!tree->is_map()) return tree;  // the builder reports the wrong type

  const YamlNode* extends = tree->find("extends");
  const YamlNode* remove = tree->find("remove_events");
  const YamlNode* add = tree->find("add_events");
  const auto key_loc = [&](const char* k) {
    for (const auto& kn : tree->keys)
      if (kn.scalar == k) return kn.loc;
    return tree->loc;
  };
  if (!extends || extends->is_null()) {
    if (remove) errors.add(key_loc("remove_events"), "remove_events", "expected only with extends:, got no extends");
    if (add) errors.add(key_loc("add_events"), "add_events", "expected only with extends:, got no extends");
    erase_composition_keys(*tree);
    return tree;
  }
  if (!extends->is_scalar() || extends->scalar.empty()) {
    errors.add(extends->loc, "extends", "expected a file path relative to this file, got " + extends->describe());
    return std::nullopt;
  }
  const fs::path parent_path = fs::path(path).parent_path() / extends->scalar;
  chain.push_back(key);
  const SourceLocation ext_loc = extends->loc;
  auto parent = compose(parent_path.string(), errors, chain, &ext_loc, files_read, log);
  chain.pop_back();
  if (!parent) return std::nullopt;
  if (!parent->is_map()) {
    errors.add(ext_loc, "extends", "expected a scenario (a map) in the parent file, got " + parent->describe());
    return std::nullopt;
  }
  // Edit the parent's events, then let the child's keys win.
  YamlNode* events = parent->find("events");
  std::set<std::string> removed;
  if (remove && !remove->is_null()) removed = remove_parent_events(events, *remove, errors, log);
  add_parent_events(*parent, events, add, errors, log);
  erase_composition_keys(*tree);
  merge_into(*parent, *tree);
  if (!removed.empty()) cascade_removal(*parent, removed, log);
  return parent;
}

}  // namespace

std::optional<YamlNode> compose_scenario_file(const std::string& path, ErrorList& errors,
                                              std::vector<std::string>* files_read, CompositionLog* log) {
  std::vector<std::string> chain;
  return compose(path, errors, chain, nullptr, files_read, log);
}

}  // namespace cmsim::scenario
