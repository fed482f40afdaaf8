#include "models/ecosystem/developer_population.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <stdexcept>
#include <string>

#include "models/ecosystem/ecosystem_streams.h"

namespace cmsim::ecosystem {
namespace {

// Initial shares in scenario.ecosystems order, normalised to sum 1.
std::vector<double> initial_shares(const scenario::Scenario& sc) {
  std::vector<double> s(sc.ecosystems.size(), 0.0);
  for (const auto& [id, share] : sc.developers.initial_shares) {
    const int e = sc.ecosystem_index(id);
    if (e < 0) throw std::invalid_argument("developers.initial_shares: unknown ecosystem \"" + id + "\"");
    if (!(share >= 0.0) || !std::isfinite(share))
      throw std::invalid_argument("developers.initial_shares." + id + ": must be finite and >= 0");
    s[static_cast<std::size_t>(e)] = share;
  }
  const double total = std::accumulate(s.begin(), s.end(), 0.0);
  if (!s.empty() && !(total > 0.0)) throw std::invalid_argument("developers.initial_shares: all zero");
  for (double& x : s) x /= total;
  return s;
}

// Largest-remainder (Hamilton) apportionment of n agents to shares: every count is the floor
// or the ceiling of share × n, and the counts sum to n. Ties go to the lower index.
std::vector<std::uint32_t> apportion(const std::vector<double>& shares, std::uint32_t n) {
  std::vector<std::uint32_t> counts(shares.size(), 0);
  std::vector<std::pair<double, std::size_t>> remainders;
  std::uint32_t assigned = 0;
  for (std::size_t e = 0; e < shares.size(); ++e) {
    const double q = shares[e] * n;
    counts[e] = static_cast<std::uint32_t>(std::floor(q));
    assigned += counts[e];
    remainders.emplace_back(q - std::floor(q), e);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (std::size_t i = 0; assigned < n && i < remainders.size(); ++i, ++assigned) ++counts[remainders[i].second];
  return counts;
}

// Inverse-CDF draw over unnormalised weights: the first e whose running sum exceeds target;
// rounding can leave target == total, then the last entry wins.
std::uint32_t inverse_cdf(const std::vector<double>& weights, double target) {
  double acc = 0.0;
  for (std::size_t e = 0; e < weights.size(); ++e) {
    acc += weights[e];
    if (target < acc) return static_cast<std::uint32_t>(e);
  }
  return static_cast<std::uint32_t>(weights.size() - 1);
}

}  // namespace

DeveloperPopulation::DeveloperPopulation(const scenario::Scenario& sc, std::uint64_t replication) {
  read_parameters(sc);
  const std::size_t n_eco = sc.ecosystems.size();
  shares_ = initial_shares(sc);
  for (const auto& e : sc.ecosystems) {
    maturity_.push_back(std::clamp(e.initial_maturity, 0.0, 1.0));
    vendor_investment_.push_back(e.vendor_investment_per_quarter);
  }
  counts_.assign(n_eco, 0);
  stay_weight_.assign(n_eco, 0.0);
  switch_weight_.assign(n_eco, 0.0);
  neighbour_count_.assign(n_eco, 0);
  weights_.assign(n_eco, 0.0);
  jobs_.assign(n_eco, 0.0);

  const auto n = static_cast<std::uint32_t>(sc.developers.agents);
  if (n == 0) return;
  if (n_eco == 0) throw std::invalid_argument("developers.agents > 0 but the scenario has no ecosystems");
  developers_per_agent_ = developers_ / n;
  place_agents(sc, replication);
  revision_key_ = {sc.seed, replication, purpose(EcosystemStream::REVISION), 0};
  revision_words_.resize(n);
  tabulate_peer_weights(sc.parameters.dev_beta_peers);
}

void DeveloperPopulation::read_parameters(const scenario::Scenario& sc) {
  const auto& p = sc.parameters;
  const auto& dev = sc.developers;
  revision_rate_ = p.dev_revision_rate;
  beta_jobs_ = p.dev_beta_jobs;
  beta_maturity_ = p.dev_beta_maturity;
  jobs_new_weight_ = p.dev_jobs_new_weight;
  exp_minus_switching_cost_ = std::exp(-p.dev_switching_cost);
  maturity_learning_ = p.maturity_learning;
  developers_ = dev.developers;
  growth_ = dev.growth_per_quarter;
  if (!(growth_ >= 0.0 && growth_ <= 1.0))
    throw std::invalid_argument("developers.growth_per_quarter must be in [0, 1]");
  if (!(dev.attrition_per_quarter >= 0.0 && dev.attrition_per_quarter <= 1.0))
    throw std::invalid_argument("developers.attrition_per_quarter must be in [0, 1]");
  entry_ = std::min(1.0, growth_ / (1.0 + growth_) + dev.attrition_per_quarter);
  cuda_ = sc.ecosystem_index(scenario::headline_ecosystem_of(sc));  // the incumbent (CUDA in the baseline)
  if (dev.agents < 0) throw std::invalid_argument("developers.agents must be >= 0");
  if (!(revision_rate_ >= 0.0 && revision_rate_ <= 1.0))
    throw std::invalid_argument("dev_revision_rate must be in [0, 1]");
}

/// The network (purpose NETWORK), then each agent's ecosystem: exact counts by largest
/// remainder, then a Fisher–Yates shuffle (purpose INITIAL_ASSIGNMENT) so an agent's place on
/// the ring (and hence its neighbours) is independent of its ecosystem.
void DeveloperPopulation::place_agents(const scenario::Scenario& sc, std::uint64_t replication) {
  const auto& dev = sc.developers;
  const auto n = static_cast<std::uint32_t>(dev.agents);
  const auto n_eco = static_cast<std::uint32_t>(shares_.size());
  const auto kind = network_kind_from_string(dev.network);
  if (!kind)
    throw std::invalid_argument("developers.network: unknown kind \"" + dev.network +
                                "\"; expected one of: complete, none, small_world");
  engine::RandomStream net_stream({sc.seed, replication, purpose(EcosystemStream::NETWORK), 0});
  network_ = DeveloperNetwork::build(*kind, n, dev.degree, dev.rewire_probability, net_stream);

  counts_ = apportion(shares_, n);
  state_.reserve(n);
  for (std::uint32_t e = 0; e < n_eco; ++e) state_.insert(state_.end(), counts_[e], e);
  engine::RandomStream shuffle({sc.seed, replication, purpose(EcosystemStream::INITIAL_ASSIGNMENT), 0});
  for (std::uint32_t i = n - 1; i > 0; --i) {
    const auto j = static_cast<std::uint32_t>(std::min<double>(std::floor(shuffle.uniform() * (i + 1)), i));
    std::swap(state_[i], state_[j]);
  }
  next_state_.assign(n, 0);
  entrant_.assign(n, 0);
  for (std::uint32_t e = 0; e < n_eco; ++e) shares_[e] = static_cast<double>(counts_[e]) / n;
}

/// exp(β_peers·j/d) for every degree d present and j = 0..d: the only exponentials that
/// depend on the agent, so the hot loop needs none. Degree 0 has the single entry 1.
void DeveloperPopulation::tabulate_peer_weights(double beta_peers) {
  std::vector<bool> present(network_.max_degree() + 1, false);
  for (std::uint32_t i = 0; i < network_.size(); ++i) present[network_.degree(i)] = true;
  peer_offset_.assign(present.size(), 0);
  for (std::uint32_t d = 0; d < present.size(); ++d) {
    if (!present[d]) continue;
    peer_offset_[d] = static_cast<std::uint32_t>(peer_exp_.size());
    for (std::uint32_t j = 0; j <= d; ++j)
      peer_exp_.push_back(d == 0 ? 1.0 : std::exp(beta_peers * static_cast<double>(j) / d));
  }
}

double DeveloperPopulation::developers_in(int eco) const {
  if (eco < 0 || static_cast<std::size_t>(eco) >= shares_.size()) return 0.0;
  return shares_[static_cast<std::size_t>(eco)] * developers_;
}

void DeveloperPopulation::raise_maturity(int eco, double gain) {
  if (eco < 0 || static_cast<std::size_t>(eco) >= maturity_.size())
    throw std::invalid_argument("DeveloperPopulation::raise_maturity: no ecosystem " + std::to_string(eco));
  if (!(gain >= 0.0 && gain <= 1.0))
    throw std::invalid_argument("DeveloperPopulation::raise_maturity: gain must be in [0, 1]");
  double& m = maturity_[static_cast<std::size_t>(eco)];
  m = std::min(1.0, m + gain * (1.0 - m));
}

std::uint32_t DeveloperPopulation::agents_in(int eco) const {
  if (eco < 0 || static_cast<std::size_t>(eco) >= counts_.size()) return 0;
  return counts_[static_cast<std::size_t>(eco)];
}

void DeveloperPopulation::count_neighbours(std::uint32_t agent) {
  switch (network_.kind()) {
    case NetworkKind::NONE:
      break;
    case NetworkKind::COMPLETE:
      // Everyone but oneself: last quarter's counts minus the agent's own vote.
      std::copy(counts_.begin(), counts_.end(), neighbour_count_.begin());
      --neighbour_count_[state_[agent]];
      break;
    case NetworkKind::SMALL_WORLD:
      for (std::uint32_t nb : network_.neighbours_of(agent)) ++neighbour_count_[state_[nb]];
      break;
  }
}

void DeveloperPopulation::check_shares(std::span<const double> new_compute_share,
                                       std::span<const double> installed_compute_share) const {
  const std::size_t n_eco = shares_.size();
  if (new_compute_share.size() != n_eco || installed_compute_share.size() != n_eco)
    throw std::invalid_argument("DeveloperPopulation::step: expected " + std::to_string(n_eco) +
                                " compute shares (one per ecosystem)");
  for (std::size_t e = 0; e < n_eco; ++e)
    if (!(new_compute_share[e] >= 0.0) || !std::isfinite(new_compute_share[e]) ||
        !(installed_compute_share[e] >= 0.0) || !std::isfinite(installed_compute_share[e]))
      throw std::invalid_argument("DeveloperPopulation::step: compute shares must be finite and >= 0");
}

double DeveloperPopulation::weigh_ecosystems(std::span<const double> new_compute_share,
                                             std::span<const double> installed_compute_share) {
  // Agent-independent part of utility, shifted by its maximum (the log-sum-exp trick in
  // factored form): stay/switch weights are in (0, 1], the peer factor in [1, e^β_peers],
  // so no weight overflows and the largest never underflows. Returns Σ jobs(e).
  const std::size_t n_eco = shares_.size();
  double max_base = -std::numeric_limits<double>::infinity();
  double jobs_total = 0.0;
  for (std::size_t e = 0; e < n_eco; ++e) {
    const double jobs = jobs_new_weight_ * new_compute_share[e] + (1.0 - jobs_new_weight_) * installed_compute_share[e];
    jobs_[e] = jobs;
    jobs_total += jobs;
    stay_weight_[e] = beta_jobs_ * jobs + beta_maturity_ * maturity_[e];
    max_base = std::max(max_base, stay_weight_[e]);
  }
  for (std::size_t e = 0; e < n_eco; ++e) {
    stay_weight_[e] = std::exp(stay_weight_[e] - max_base);
    switch_weight_[e] = stay_weight_[e] * exp_minus_switching_cost_;
  }
  return jobs_total;
}

void DeveloperPopulation::draw_revisions() {
  // Block q/2 of every agent's stream, in one pass, on even quarters (odd ones read its
  // second half).
  if (quarters_ % 2 == 0)
    engine::RandomStream::block_words_of_agents(revision_key_, static_cast<std::uint64_t>(quarters_) / 2,
                                                revision_words_);
}

std::uint32_t DeveloperPopulation::choose_ecosystem(std::uint32_t agent, double u_choice) {
  const std::size_t n_eco = shares_.size();
  const std::uint32_t current = state_[agent];
  std::fill(neighbour_count_.begin(), neighbour_count_.end(), 0u);
  count_neighbours(agent);
  const double* peer = peer_exp_.data() + peer_offset_[network_.degree(agent)];
  double total = 0.0;
  for (std::size_t e = 0; e < n_eco; ++e) {
    const double w = (e == current ? stay_weight_[e] : switch_weight_[e]) * peer[neighbour_count_[e]];
    weights_[e] = w;
    total += w;
  }
  return inverse_cdf(weights_, u_choice * total);
}

void DeveloperPopulation::decide(double jobs_total) {
  // Entrants first (u < f), then revisions among the rest: u < f + (1 − f)·rate. With
  // f = 0 the threshold is the revision rate itself, bit for bit.
  const double revise_below = entry_ + (1.0 - entry_) * revision_rate_;
  const std::size_t half = 2 * static_cast<std::size_t>(quarters_ % 2);
  const auto n = static_cast<std::uint32_t>(state_.size());
  entrants_ = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    // Always two draws, so an agent's stream position is a function of the quarter only.
    const double u_revise = engine::RandomStream::to_uniform(revision_words_[i][half]);
    const double u_choice = engine::RandomStream::to_uniform(revision_words_[i][half + 1]);
    next_state_[i] = state_[i];
    const bool entrant = u_revise < entry_;
    entrant_[i] = entrant ? 1 : 0;
    entrants_ += entrant ? 1 : 0;
    if (!(u_revise < revise_below)) continue;
    if (entrant) {
      // A newcomer learns the stack of the job it gets: e with probability jobs(e) / Σ jobs
      // (inverse CDF on u_choice). Without any jobs it takes its predecessor's.
      if (jobs_total > 0.0) next_state_[i] = inverse_cdf(jobs_, u_choice * jobs_total);
      continue;
    }
    next_state_[i] = choose_ecosystem(i, u_choice);
  }
}

void DeveloperPopulation::apply_moves() {
  // Synchronous update: apply all moves at once.
  const auto n = static_cast<std::uint32_t>(state_.size());
  std::uint32_t left_cuda = 0;
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t from = state_[i];
    const std::uint32_t to = next_state_[i];
    if (from == to) continue;
    --counts_[from];
    ++counts_[to];
    if (static_cast<int>(from) == cuda_ && !entrant_[i]) ++left_cuda;
  }
  state_.swap(next_state_);
  for (std::size_t e = 0; e < shares_.size(); ++e) shares_[e] = static_cast<double>(counts_[e]) / n;
  left_cuda_quarter_ = left_cuda * developers_per_agent_;
  left_cuda_cumulative_ += left_cuda_quarter_;
}

void DeveloperPopulation::grow_maturity() {
  // Tooling maturity: a saturating learning curve driven by developer-quarters (Arthur 1989
  // increasing returns) plus the vendor's own investment. 1 − m shrinks by the factor
  // (1 − λ·s − v) each quarter, so m = 1 − (1 − m0)·Π(1 − λ·s_t − v).
  for (std::size_t e = 0; e < shares_.size(); ++e) {
    const double rate = std::clamp(maturity_learning_ * shares_[e] + vendor_investment_[e], 0.0, 1.0);
    maturity_[e] = std::min(1.0, maturity_[e] + rate * (1.0 - maturity_[e]));
  }
}

void DeveloperPopulation::step(std::span<const double> new_compute_share,
                               std::span<const double> installed_compute_share) {
  check_shares(new_compute_share, installed_compute_share);
  left_cuda_quarter_ = 0.0;
  const auto n = static_cast<std::uint32_t>(state_.size());
  if (n > 0) {
    const double jobs_total = weigh_ecosystems(new_compute_share, installed_compute_share);
    draw_revisions();
    decide(jobs_total);
    apply_moves();
  }
  if (growth_ > 0.0) {
    developers_ *= 1.0 + growth_;
    if (n > 0) developers_per_agent_ = developers_ / n;
  }
  grow_maturity();
  ++quarters_;
}

}  // namespace cmsim::ecosystem
