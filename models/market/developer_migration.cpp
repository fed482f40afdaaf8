#include "models/market/developer_migration.h"

#include <algorithm>

namespace cmsim::market {

void schedule_milestones(MarketState& m) {
  for (std::size_t e = 0; e < m.s.ecosystems.size(); ++e) {
    const auto& list = m.s.ecosystems[e].milestones;
    for (std::size_t k = 0; k < list.size(); ++k) {
      if (list[k].date < m.s.start || list[k].date > m.s.end) continue;
      Task t = Task::of(Task::Kind::MILESTONE, static_cast<int>(e));
      t.item = static_cast<int>(k);
      schedule(m, list[k].date, POLICY, std::move(t));
    }
  }
}

void apply_milestone(MarketState& m, int e, int k) {
  const auto& eco = m.s.ecosystems[static_cast<std::size_t>(e)];
  const auto& ms = eco.milestones[static_cast<std::size_t>(k)];
  m.developers.raise_maturity(e, ms.maturity_gain);
  m.log(ms.date, eco.id, "milestone", ms.description);
}

std::vector<double> step_developers(MarketState& m, const std::vector<double>& new_by_eco) {
  const std::size_t n_eco = m.s.ecosystems.size();
  std::vector<double> installed_by_eco(n_eco, 0.0);
  for (const auto& b : m.buyers)
    for (std::size_t e = 0; e < n_eco; ++e) installed_by_eco[e] += b.installed[e];
  auto normalise = [](std::vector<double> v) {
    double t = 0;
    for (double x : v) t += x;
    if (t > 0)
      for (double& x : v) x /= t;
    return v;
  };
  const auto new_share = normalise(new_by_eco);
  const auto installed_share = normalise(installed_by_eco);
  // Developers only move once there is compute to follow.
  if (std::any_of(installed_by_eco.begin(), installed_by_eco.end(), [](double x) { return x > 0; }))
    m.developers.step(new_share, installed_share);
  return installed_by_eco;
}

}  // namespace cmsim::market
