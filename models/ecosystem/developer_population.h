// The developer population: a few thousand agents, each standing for developers/agents
// real developers, each with one primary hardware ecosystem (CUDA, CANN, ...). Once per
// quarter the market model calls step() with where the compute went; agents migrate by
// a multinomial logit over jobs, peers, tooling maturity and a switching cost, and tooling
// maturity grows with developer share (increasing returns). Equations: docs/ecosystem.md.
#pragma once

#include <array>
#include <cstdint>
#include <span>
#include <vector>

#include "models/ecosystem/developer_network.h"
#include "models/scenario/scenario.h"
#include "sim/engine/random_stream.h"

namespace cmsim::ecosystem {

/// One replication's developer population. Ecosystem indices follow scenario.ecosystems.
///
/// Per quarter (step), in this order:
///  1. jobs(e) = w·new_compute_share(e) + (1−w)·installed_compute_share(e),
///     w = parameters.dev_jobs_new_weight.
///  2. Every agent draws two uniforms from its own stream (purpose REVISION, key = agent id),
///     whether or not it revises, so the draws never depend on other agents or the market.
///     With probability dev_revision_rate it picks ecosystem e with logit probability
///     ∝ exp(U(e)), U(e) = β_jobs·jobs(e) + β_peers·nbr(e) + β_maturity·m(e) − c·[e ≠ current],
///     nbr(e) = share of its neighbours in e at the end of last quarter (0 without neighbours).
///  3. Moves apply synchronously (all decisions read last quarter's states), so the result
///     does not depend on agent order.
///  4. Maturity: m(e) ← m(e) + (λ·s(e) + v(e))·(1 − m(e)), capped at 1, with s(e) the new
///     developer share, λ = maturity_learning, v(e) = vendor_investment_per_quarter.
///  5. The real developer count grows by developers.growth_per_quarter g.
///
/// Inflow and outflow: with entry fraction f = g/(1+g) + a (a = developers.attrition_per_quarter,
/// f capped at 1), an agent whose revision uniform is below f is an entrant this quarter: it
/// stands for a newcomer replacing a developer who left (or for growth), and learns the stack
/// of the job it gets: ecosystem e with probability j(e) / Σ j (step 1), drawn by inverse CDF
/// on its choice uniform. Otherwise it revises when the uniform is below
/// f + (1 − f)·dev_revision_rate. With g = a = 0 this is the old rule exactly.
///
/// Milestones (raise_maturity) are applied by the market on their dates.
///
/// With developers.agents == 0 the population is empty: shares() stays at the (normalised)
/// initial shares, developers_in(e) = share × developers, left-CUDA metrics are 0, and
/// maturity still evolves by step 4. Not thread-safe; separate instances are independent.
class DeveloperPopulation {
 public:
  /// Builds the network (stream purpose NETWORK) and the initial assignment: counts per
  /// ecosystem by largest remainder from developers.initial_shares (ties to the lower
  /// index), then a Fisher–Yates shuffle (purpose INITIAL_ASSIGNMENT) so that position on the
  /// network is unrelated to ecosystem. Throws std::invalid_argument on an unknown ecosystem
  /// id or network kind, negative or all-zero shares, or a bad network size.
  DeveloperPopulation(const scenario::Scenario& scenario, std::uint64_t replication);

  /// Advances one quarter. Both spans have one entry per ecosystem (fractions; they need not
  /// sum to 1, e.g. all zero when nothing was installed). Throws std::invalid_argument on a
  /// size mismatch or a negative or non-finite entry. No allocation.
  void step(std::span<const double> new_compute_share, std::span<const double> installed_compute_share);

  /// A dated ecosystem milestone: m(eco) ← m(eco) + gain·(1 − m(eco)). Throws
  /// std::invalid_argument on a bad index or a gain outside [0, 1].
  void raise_maturity(int eco, double gain);

  /// Developer share per ecosystem, sums to 1 (unless there are no ecosystems).
  std::span<const double> shares() const { return shares_; }
  /// Tooling maturity per ecosystem, in [0, 1].
  std::span<const double> maturity() const { return maturity_; }
  /// Real developers whose primary ecosystem is `eco` (agents × developers per agent).
  double developers_in(int eco) const;
  /// Agents whose primary ecosystem is `eco` (0 when the population is empty).
  std::uint32_t agents_in(int eco) const;
  /// Real developers who moved from CUDA to another ecosystem in the last step (gross
  /// outflow: returns to CUDA are not netted; entrants who replace a CUDA developer are not
  /// counted). "CUDA" is the headline ecosystem (scenario::headline_ecosystem_of).
  double left_cuda_this_quarter() const { return left_cuda_quarter_; }
  /// Sum of left_cuda_this_quarter() over all steps so far, in real developers.
  double left_cuda_cumulative() const { return left_cuda_cumulative_; }
  /// Number of agents simulated.
  std::size_t agent_count() const { return state_.size(); }
  /// Real developers now (the start count grown by g per step).
  double developers() const { return developers_; }
  /// Agents that were entrants in the last step.
  std::uint32_t entrants_last_quarter() const { return entrants_; }
  /// Real developers represented by one agent (0 when the population is empty).
  double developers_per_agent() const { return developers_per_agent_; }
  /// Steps taken so far.
  int quarters() const { return quarters_; }
  /// Index of the headline ecosystem ("cuda" in the baseline) in scenario.ecosystems, or −1.
  int cuda_index() const { return cuda_; }
  /// Primary ecosystem of each agent (index into scenario.ecosystems).
  std::span<const std::uint32_t> agent_ecosystems() const { return state_; }
  const DeveloperNetwork& network() const { return network_; }

 private:
  void read_parameters(const scenario::Scenario& scenario);
  void place_agents(const scenario::Scenario& scenario, std::uint64_t replication);
  void tabulate_peer_weights(double beta_peers);
  void check_shares(std::span<const double> new_compute_share, std::span<const double> installed_compute_share) const;
  double weigh_ecosystems(std::span<const double> new_compute_share, std::span<const double> installed_compute_share);
  void draw_revisions();
  void decide(double jobs_total);
  std::uint32_t choose_ecosystem(std::uint32_t agent, double u_choice);
  void apply_moves();
  void grow_maturity();
  void count_neighbours(std::uint32_t agent);

  // Parameters, copied at construction (the scenario may not outlive this object).
  double revision_rate_ = 0;
  double beta_jobs_ = 0;
  double beta_maturity_ = 0;
  double jobs_new_weight_ = 0;
  double exp_minus_switching_cost_ = 1;  // exp(−c): the switching cost as a weight factor
  double maturity_learning_ = 0;
  std::vector<double> vendor_investment_;
  double developers_ = 0;
  double developers_per_agent_ = 0;
  double growth_ = 0;  // g: growth of the real count per quarter
  double entry_ = 0;   // f: fraction of agents that are entrants each quarter
  std::uint32_t entrants_ = 0;
  int cuda_ = -1;

  DeveloperNetwork network_;
  // Each agent's stream (purpose REVISION, key = agent id) as the words of its current
  // Philox block, drawn for all agents in one pass every other quarter: a quarter takes two
  // words (revise?, which ecosystem), so quarter q reads words 2(q mod 2), +1 of block q/2,
  // exactly what one RandomStream per agent would return.
  engine::StreamKey revision_key_;
  std::vector<std::array<std::uint64_t, 4>> revision_words_;
  std::vector<std::uint32_t> state_;       // ecosystem per agent, end of last quarter
  std::vector<std::uint32_t> next_state_;  // decisions of this quarter (synchronous update)
  std::vector<std::uint8_t> entrant_;      // 1 if the agent is an entrant this quarter
  std::vector<std::uint32_t> counts_;      // agents per ecosystem, end of last quarter
  std::vector<double> shares_;
  std::vector<double> maturity_;
  // exp(β_peers·j/d) for neighbour count j of d: peer_exp_[peer_offset_[d] + j]. Only the
  // degrees present in the network get a row (the complete graph has one, of length n).
  std::vector<double> peer_exp_;
  std::vector<std::uint32_t> peer_offset_;
  // Per-step scratch, sized once.
  std::vector<double> stay_weight_;    // exp(base(e) − max base): e is the agent's current one
  std::vector<double> switch_weight_;  // the same times exp(−c)
  std::vector<std::uint32_t> neighbour_count_;
  std::vector<double> weights_;
  std::vector<double> jobs_;  // jobs pull j(e) this quarter (entrants choose by it)

  double left_cuda_quarter_ = 0;
  double left_cuda_cumulative_ = 0;
  int quarters_ = 0;
};

}  // namespace cmsim::ecosystem
