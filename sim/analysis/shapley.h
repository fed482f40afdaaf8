// Shapley values of n players (policy events, for cmsim attribute) from the values of
// coalitions, and the leave-one-out effect. v(S) is the outcome with the players in S
// present and the others absent; v(N) - v(empty) is the total effect, and the Shapley
// values always add up to it (efficiency): exactly for the exact formula, and for sampled
// permutations too, because the marginal contributions along a permutation telescope.
//
// Coalitions are bit masks (player i present <=> bit i set), so n <= 63.
#pragma once

#include <cstdint>
#include <span>
#include <vector>

namespace cmsim::analysis {

using Coalition = std::uint64_t;

inline constexpr std::size_t MAX_PLAYERS = 63;

/// phi_i = sum over S not containing i of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S)), with
/// `values[S]` = v(S) for all 2^n masks. Throws std::invalid_argument if values.size() != 2^n.
std::vector<double> exact_shapley(std::size_t players, std::span<const double> values);

/// A uniformly random order of the players, from stream (seed, sample, SHAPLEY_PERMUTATION, 0).
std::vector<std::size_t> random_permutation(std::size_t players, std::uint64_t seed, std::uint64_t sample);

/// The n + 1 coalitions along an order: empty, {o0}, {o0, o1}, ..., all.
std::vector<Coalition> prefix_coalitions(std::span<const std::size_t> order);

/// Marginal contribution of each player along an order, from v at its prefix coalitions
/// (values.size() == n + 1): out[order[m]] = values[m + 1] - values[m].
std::vector<double> marginal_contributions(std::span<const std::size_t> order, std::span<const double> values);

/// All players present.
inline Coalition grand_coalition(std::size_t players) {
  return players >= 64 ? ~Coalition{0} : (Coalition{1} << players) - 1;
}

}  // namespace cmsim::analysis
