// Who may buy what, now: whether a product is on sale, the policy in force cached per
// product (licence, ban, subsidy, penalties), and per buyer whether it is legal this quarter
// (entity listings, licence draws). The hot loops read the cache; every change to policy or
// to the catalogue calls refresh_policy.
#pragma once

#include <cstddef>

#include "models/market/market_state.h"

namespace cmsim::market {

/// On sale now: it exists, has launched and has not ended.
inline bool available(const ProductState& ps) { return ps.exists && ps.launched && !ps.retired; }

/// Grey routes carry cards made at volume for someone: any product sold outside this market,
/// but a China-only product only once it was ever sold legally here (a B30A that never went
/// beyond samples cannot be smuggled).
inline bool divertible(const ProductState& ps) {
  return ps.origin == scenario::Origin::US && ps.spec.tpp() > 0 && (!ps.spec.china_specific || ps.shipped_legally);
}

/// On sale now, or launching later this quarter: buyers order it at the quarter's start
/// and deliveries begin at launch (docs/model.md §5.3).
inline bool orderable(const MarketState& m, const ProductState& ps) {
  return available(ps) || (ps.exists && !ps.launched && !ps.retired && ps.spec.launch <= m.quarter_last_day);
}

/// Fraction of the current quarter that has passed when the product's deliveries can start.
double launch_fraction(const MarketState& m, const ProductState& ps);

/// Fraction of the current quarter that has passed today.
double quarter_elapsed_fraction(const MarketState& m);

/// Whether no buyer may buy it legally (a ban, or a licence nobody is granted).
inline bool banned_for_all(const ProductState& ps) {
  if (ps.licence) return ps.licence->as<scenario::LicenceRequirement>().grant_probability <= 0.0;
  return ps.export_banned;
}

/// When licence requirement `e` grants its first licence: its effective date in this
/// replication plus its processing lag.
engine::Time licences_from(const MarketState& m, const scenario::PolicyEvent& e);

/// Refreshes each product's cached view of the policy in force and the entity listings,
/// and clears the per-quarter legality memo.
void refresh_policy(MarketState& m);

/// Decides whether buyer `bi` may legally buy product `pi` and memoises it (legal()).
bool legal_memoised(MarketState& m, std::size_t pi, std::size_t bi);

/// Whether every buyer of `segment` may buy product `pi` (1) or none may (0), or −1 when it
/// hangs on each buyer's licence or import-approval draw: what legal() would answer for each
/// of them now, decided once for the segment (most products need no draw).
signed char segment_legality(const MarketState& m, std::size_t pi, std::size_t segment);

/// legal(), given the segment's verdict `verdict` (segment_legality; −1: none), memoised
/// alike. Inline: the options ask it for every pair, and almost every answer is the memo or
/// the verdict.
inline bool legal_in_segment(MarketState& m, std::size_t pi, std::size_t bi, signed char verdict) {
  signed char& c = m.legal_cache[pi * m.buyers.size() + bi];
  if (c >= 0) return c != 0;
  if (verdict < 0) return legal_memoised(m, pi, bi);
  c = verdict;
  return c != 0;
}

/// Whether buyer `bi` may legally buy product `pi` this quarter (memoised until the next
/// refresh_policy; licence draws are keyed by licence, buyer and quarter).
inline bool legal(MarketState& m, std::size_t pi, std::size_t bi) { return legal_in_segment(m, pi, bi, -1); }

}  // namespace cmsim::market
