#include "sim/engine/recorder.h"

#include <cmath>
#include <limits>
#include <stdexcept>

namespace cmsim::engine {

Recorder::Recorder(Quarter first, Quarter last) : first_(first), last_(last) {
  if (last < first) throw std::invalid_argument("Recorder: last quarter before first");
}

std::size_t Recorder::declare(std::string_view name) {
  if (auto it = index_.find(name); it != index_.end()) return it->second;
  const std::size_t id = names_.size();
  names_.emplace_back(name);
  index_.emplace(std::string(name), id);
  values_.emplace_back(quarter_count(), std::numeric_limits<double>::quiet_NaN());
  return id;
}

std::size_t Recorder::id(std::string_view name) const {
  auto it = index_.find(name);
  if (it == index_.end()) throw std::out_of_range("no series named " + std::string(name));
  return it->second;
}

bool Recorder::has(std::string_view name) const { return index_.find(name) != index_.end(); }

void Recorder::set(std::size_t series, Quarter q, double value) {
  if (!in_range(q)) return;
  values_.at(series)[static_cast<std::size_t>(quarters_between(first_, q))] = value;
}

void Recorder::add(std::size_t series, Quarter q, double value) {
  if (!in_range(q)) return;
  double& v = values_.at(series)[static_cast<std::size_t>(quarters_between(first_, q))];
  v = std::isnan(v) ? value : v + value;
}

double Recorder::get(std::size_t series, Quarter q) const {
  if (!in_range(q)) return std::numeric_limits<double>::quiet_NaN();
  return values_.at(series)[static_cast<std::size_t>(quarters_between(first_, q))];
}

}  // namespace cmsim::engine
