#!/usr/bin/python3
"""The standing mutation check: a curated list of one-line semantic mutants of models/ and
sim/, each applied alone, rebuilt incrementally, and run against the tests that should
catch it. A mutant is KILLED when a test fails, SURVIVED when every test passes.

Usage: scripts/mutants.py [--only ID,ID] [--list] [--build-dir DIR]

Builds in build/mutants (Release, warnings not fatal: a mutant may leave a variable unused),
restores every file it touched even when interrupted, and ends with the line
`mutants: K killed of N`. Exit 0 when at least 90% are killed, 1 otherwise, 2 on a broken
mutant (its text not found exactly once, or it does not compile). docs/testing.md has the
list's last result and how to add a mutant. Takes ~35 minutes on 2 cores (146 mutants).
"""
import argparse
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Tuple

ROOT = Path(__file__).resolve().parents[1]
PROCUREMENT = "models/market/procurement.cpp"
LEGALITY = "models/market/legality.cpp"
REACTIONS = "models/market/policy_reactions.cpp"
CAPACITY = "models/market/capacity.cpp"
CLEARING = "models/market/clearing.cpp"
ORDER_BOOK = "models/market/order_book.cpp"
DELIVERIES = "models/market/deliveries.cpp"
CHOICE = "models/market/choice_weights.cpp"
REGIME = "models/policy/policy_regime.cpp"
INSTRUMENTS = "models/policy/instruments/"
RULES = "models/scenario/rules_in_force.cpp"
# The 10,000-file fuzz test is for the loader's robustness, not semantics; the [cli] tests run
# the cmsim program, which the mutant build does not rebuild (only the test targets).
NOT_FUZZ = "~[fuzz]~[cli]"


@dataclass
class Mutant:
    id: str
    file: str
    old: str
    new: str
    what: str
    tests: List[Tuple[str, str]] = field(default_factory=lambda: [("test_market", "")])


M = Mutant
MUTANTS: List[Mutant] = [
    # ---- buyers' choice (models/market) ----
    M("risk-sign", CHOICE, "cw.risk[bi] = cw.risk_exp(bi, -p.beta_risk * b.risk);",
      "cw.risk[bi] = cw.risk_exp(bi, p.beta_risk * b.risk);", "perceived US risk attracts instead of deters"),
    M("state-pref-dropped", CHOICE, "if (ps.origin == Origin::DOMESTIC && seg.state_owned) u += p.beta_state_domestic;",
      "if (ps.origin == Origin::DOMESTIC && seg.state_owned) u += 0.0;", "state buyers' domestic preference ignored"),
    M("penalty-dropped", CHOICE, "u -= ps.penalty[static_cast<int>(seg.kind)];", "u -= 0.0;",
      "Chinese utility penalties (discourage) ignored"),
    M("diversion-penalty-0", CHOICE, "if (o.diverted) u -= p.diversion_penalty;",
      "if (o.diverted) u -= 0.0;",
      "diversion utility penalty forced to 0"),
    M("price-sign", CHOICE, "- p.beta_value * o.ln_price;",
      "+ p.beta_value * o.ln_price;", "a higher price attracts"),
    M("beta-performance-dropped", CHOICE, "return p.beta_value + p.beta_performance;",
      "return p.beta_value + 0.0;",
      "performance per card ignored"),
    M("mandate-0", CHOICE, "cw.mandate[k] = m.regime.domestic_share_min(static_cast<scenario::BuyerKind>(k));",
      "cw.mandate[k] = 0.0;", "procurement mandate share forced to 0"),
    M("exp-memo-stale", CHOICE, "if (x != u[i]) {", "if (u[i] != u[i]) {",
      "the choice weights' exp memo never recomputes an entry once set"),
    M("fee-pass-through-0", PROCUREMENT, "(1.0 + m.p.fee_pass_through * fee_share)",
      "(1.0 + 0.0 * fee_share)",
      "licence-fee pass-through forced to 0"),
    M("subsidy-sign", PROCUREMENT, "* (1.0 - ps.subsidy);", "* (1.0 + ps.subsidy);", "a subsidy raises the price"),
    M("vendor-net-keeps-fee", PROCUREMENT, "price, price * (1.0 - fee_share), price * fee_share,",
      "price, price, price * fee_share,", "the vendor keeps the licence fee"),
    # ---- legality and licences ----
    M("penalties-asked-once", LEGALITY, "if (penalties_changed || fresh)", "if (fresh)",
      "a product's penalties stay as first asked, whatever discourage measures follow"),
    M("subsidies-asked-once", LEGALITY, "if (prices_changed || fresh)", "if (fresh)",
      "a product's subsidy stays as first asked, whatever subsidies follow"),
    M("new-product-penalty-unasked", LEGALITY, "if (penalties_changed || fresh)", "if (penalties_changed)",
      "a product added mid-run has no penalty until the next discourage measure"),
    M("bans-asked-once", LEGALITY, "if (rules_changed || fresh)", "if (fresh)",
      "a product's licence and ban stay as first asked, whatever rules follow"),
    M("gates-asked-once", LEGALITY, "if (gates_changed || fresh)", "if (fresh)",
      "a product's import gates stay as first asked, whatever approvals follow"),
    M("new-product-ban-unasked", LEGALITY, "if (rules_changed || fresh)", "if (rules_changed)",
      "a product added mid-run is not banned until the next rule"),
    M("rule-change-uncounted", REGIME, "  ++rules_changes_;\n", "\n",
      "working the rules in force out again leaves their change count as it was"),
    M("entity-list-ignored", LEGALITY, "if (ps.origin == Origin::US && m.segment_listed[segment]) return 0;",
      "if (false && m.segment_listed[segment]) return 0;", "entity-listed buyers may buy US products"),
    M("licence-draw-flipped", LEGALITY, "return draw.uniform() < probability ? 1 : 0;",
      "return draw.uniform() > probability ? 1 : 0;", "licences and import approvals granted with 1 - p"),
    M("licence-overrides-nothing", LEGALITY, "ps.licence ? licence_granted(m, *ps.licence, b) :",
      "ps.licence ? 1 :", "every licence is granted"),
    M("gate-ignored", LEGALITY, "const int approved = import_approved(m, *gate, segment, b);",
      "const int approved = 1;",
      "China's import gates let everything through"),
    M("segment-verdict-ignores-draws", LEGALITY, "if (!b) return -1;", "if (!b) return 1;",
      "a segment's verdict grants every buyer a licence or approval that is drawn per buyer"),
    M("segment-verdict-misread", "models/market/legality.h", "  c = verdict;\n", "  c = 1;\n",
      "a segment's verdict, once decided, is read as legal even for a banned product"),
    M("anticipation-skips-ended", "models/market/anticipation.cpp", "vendor >= 0 && (ends[pi] || (any_listed",
      "vendor >= 0 && (false || (any_listed", "buyers do not buy ahead of a ban on a product"),
    M("advance-purchases-dropped", "models/market/anticipation.cpp", "if (extra.units > 0) {",
      "if (false) {", "nobody buys ahead of an announced restriction"),
    M("advance-never-owed", CLEARING, "demand_now(m, bi, w, shocks) - m.buyers[bi].owed[w]",
      "demand_now(m, bi, w, shocks) - 0.0",
      "what was bought ahead is bought again next quarter"),
    M("inertia-ignores-worse", PROCUREMENT,
      "c.kept[k] = last[j].share * (c.weights[k] >= last[j].weight ? 1.0 : c.weights[k] / last[j].weight);",
      "c.kept[k] = last[j].share;",
      "inertia keeps an option however much worse it became"),
    M("inertia-ignores-route", PROCUREMENT, " || last[j].diverted != it.diverted) continue;", ") continue;",
      "inertia keeps a product's legal contract on its grey route, or the reverse"),
    M("inertia-walk-stalls", PROCUREMENT, "while (j < n_last && last[j].product < it.product) ++j;",
      "while (false) ++j;", "inertia keeps only last quarter's first product"),
    M("inertia-every-round", PROCUREMENT, "if (first_round && m.p.contract_inertia > 0", "if (m.p.contract_inertia > 0",
      "inertia re-applied to rationed demand in every round"),
    M("decision-share-of-all", PROCUREMENT, "shares[k] / placed_share, weights[k]", "shares[k], weights[k]",
      "the remembered decision's shares are of all demand, not of what was placed"),
    M("decision-never-cleared", PROCUREMENT, "    chosen->clear();\n", "\n",
      "each segment's decision is added to the last one's (inertia from several segments)"),
    # ---- risk ----
    M("risk-no-decay", "models/market/readiness.cpp", "b.risk *= 1.0 - p.risk_decay_per_quarter;",
      "b.risk *= 1.0;",
      "perceived risk never decays"),
    M("risk-shock-unbounded", REACTIONS, "b.risk += jump * (1.0 - b.risk);", "b.risk += jump;",
      "risk shock not scaled by (1 - risk)"),
    M("entity-risk-not-1", REACTIONS, "const double jump = listed_now ? 1.0 : shock;", "const double jump = shock;",
      "a listed buyer's risk does not jump to 1"),
    # ---- clearing, deliveries, supply ----
    M("mid-quarter-cut-ignored", "models/market/trading.cpp", "if (Order& o = m.orders[i]; o.end > f) {",
      "if (Order& o = m.orders[i]; false && o.end > f) {", "a re-opening cuts no order: a mid-quarter ban stops no deliveries"),
    M("pre-launch-cut-unmet-to-launch", "models/market/trading.cpp", "o.begin = std::min(o.begin, f);",
      "o.end = std::max(o.begin, f); continue;",
      "an order cut before its launch leaves its demand unmet until the launch, as the next order does too"),
    M("clearing-per-measure", "models/market/trading.cpp", "  if (!m.clearing_due) {  // the day's first measure",
      "  if (true) {  // the day's first measure", "every measure of a day cuts and schedules a clearing of its own"),
    M("day-clearing-never-done", "models/market/trading.cpp", "  m.clearing_due = false;\n  clear_segment(m);",
      "  m.clearing_due = false;", "the day's clearing places no orders: buyers never choose again mid-quarter"),
    M("redesign-from-effective", "models/market/catalogue.cpp", "const Date started = std::min(announced, today);",
      "const Date started = today;", "a vendor starts its redesign on the ban's effective day, not at its announcement"),
    M("headline-literal", "models/metrics/default_metrics.cpp", "const std::string nv = scenario::headline_vendor_of(s);",
      "const std::string nv = \"nvidia\";", "the headline series follow a vendor written in the code",
      [("test_metrics", "")]),
    M("book-standing-ignored", ORDER_BOOK, "constexpr double standing = std::numeric_limits<double>::infinity();",
      "constexpr double standing = 1.0;",
      "an order running to the quarter's end does not continue into the next (the book stops at the quarter)"),
    M("book-standing-ignored-with-lag", ORDER_BOOK,
      "return o.end >= 1.0 ? std::numeric_limits<double>::infinity() : o.end;", "return o.end;",
      "with a delivery lag, an order running to the quarter's end stops on the books at the quarter's end"),
    M("book-cancel-not-written-down", ORDER_BOOK, "m.pending_writedown += amount;", "m.pending_writedown += 0.0;",
      "cancelled China-specific cards are not written down"),
    M("book-writedown-any-product", ORDER_BOOK, "if (!ps.spec.china_specific) continue;", "if (false) continue;",
      "cancelled cards of products sold elsewhere are written down too"),
    M("book-accrual-dropped", ORDER_BOOK, "book.ordered += units * overlap(", "book.ordered += 0.0 * overlap(",
      "orders do not enter the book as its horizon moves (conservation breaks)"),
    M("delivery-priced-at-other-route", DELIVERIES, "const Option& q = grey ? m.quotes[pi].grey : m.quotes[pi].legal;",
      "const Option& q = grey ? m.quotes[pi].legal : m.quotes[pi].grey;",
      "a quarter's grey cards are priced at the legal quote and legal ones at the grey quote"),
    M("delivery-all-training", DELIVERIES, "book_product(m.products[pi], w, grey != 0,",
      "book_product(m.products[pi], 0, grey != 0,", "every delivered card counts as bought for training"),
    M("lag-ignored-at-delivery", DELIVERIES, "overlap(o.begin + f.lag, o.end + f.lag, 0.0, 1.0)",
      "overlap(o.begin, o.end, 0.0, 1.0)", "orders arrive as they run, whatever the vendor's delivery lag"),
    M("transit-not-carried", DELIVERIES, "if (lag <= 0 || o.end <= o.begin || o.end + lag <= 1.0) continue;",
      "continue;", "what a lag carries past the quarter's end never arrives"),
    M("transit-cancelled-when-legal", DELIVERIES, "return before[pair_index(m, product, buyer)] == 1 &&",
      "return before[pair_index(m, product, buyer)] != 0 ||", "an event stops every delivery in transit, legal or not"),
    M("transit-never-cancelled", DELIVERIES, "if (sh.diverted || sh.to <= t || !stopped(sh.product, sh.buyer)) continue;",
      "continue;", "an event that makes a product illegal leaves last quarter's shipments arriving"),
    M("lagged-book-skips-earlier-segments", ORDER_BOOK, "if (!o.diverted) {",
      "if (!o.diverted && &o - m.orders.data() >= static_cast<std::ptrdiff_t>(segment_orders_begin(m))) {",
      "the book forgets earlier segments' orders still in transit"),
    M("lagged-book-ignores-lag", ORDER_BOOK, "fn(o.product, o.units, o.begin + l, window_end(o) + l);",
      "fn(o.product, o.units, o.begin, window_end(o));", "the book counts orders as due when they run, not when they arrive"),
    M("inventory-stock-ignored", DELIVERIES, "? m.p.inventory_cover_quarters * legal_cards",
      "? 0.0 * legal_cards", "China-specific finished stock is never held, so a ban strands none"),
    M("retire-per-year", "models/market/deliveries.cpp", "std::exp(-0.25 / m.p.accelerator_life_years);",
      "std::exp(-1.0 / m.p.accelerator_life_years);", "retirement applied per year each quarter"),
    M("capacity-no-growth", CAPACITY, "v.capacity *= 1.0 + v.spec->capacity_growth_per_quarter;",
      "v.capacity *= 1.0;", "capacity never grows when sold out"),
    M("vendor-rationing-dropped", CLEARING, "vendor_ratio[v] = supply.vendor_left[v] / want.vendor[v];", "vendor_ratio[v] = 1.0;",
      "vendor capacity never rations"),
    M("grey-orders-at-vendor-ratio", CLEARING, "ratio_of[2 * p + 1] = grey_ratio;", "ratio_of[2 * p + 1] = ratio;",
      "grey orders are rationed by the vendor's capacity, not the grey network's"),
    M("grey-price-unrouted", CLEARING, "if (grey_units <= 0) return;", "return;",
      "grey orders pay the cheapest route's mark-up, not the network's routing of their volume"),
    M("grey-kept-of-last-round", CLEARING, "  std::size_t kept = first;\n",
      "  std::size_t kept = first;\n  supply.grey_kept = 0;\n", "the network routes only the last round's grey orders"),
    M("pool-counts-earlier-rounds", CLEARING, "    for (std::size_t i = first; i < m.orders.size(); ++i)\n      if (!m.orders[i].diverted && pools",
      "    for (std::size_t i = 0; i < m.orders.size(); ++i)\n      if (!m.orders[i].diverted && pools",
      "a licence pool is charged in each round for the earlier rounds' sales again"),
    M("pool-counts-grey", CLEARING, "      if (!m.orders[i].diverted && pools.of_product", "      if (pools.of_product",
      "a grey order of a licensed product uses up the licence's volume cap"),
    M("grey-rationing-dropped", CLEARING, "want.grey > supply.grey_left ? supply.grey_left / want.grey : 1.0;",
      "want.grey > supply.grey_left ? 1.0 : 1.0;", "grey routes never ration"),
    M("launch-fraction-0", CHOICE, "cw.order_begin[pi] = std::max(launch_fraction(m, m.products[pi]), m.segment_start);",
      "cw.order_begin[pi] = m.segment_start;", "a product launched mid-quarter delivers all quarter"),
    M("grey-for-domestic", "models/market/legality.h", "return ps.origin == scenario::Origin::US && ps.spec.tpp() > 0",
      "return ps.origin == scenario::Origin::DOMESTIC && ps.spec.tpp() > 0", "grey routes carry domestic, not US, cards"),
    M("grey-never-made", "models/market/legality.h", "(!ps.spec.china_specific || ps.shipped_legally)",
      "(true || ps.shipped_legally)", "a China-only card never sold legally is smuggled (the B30A)"),
    M("family-ignored", "models/scenario/product.cpp", "return has(p.id) || (!p.family.empty() && has(p.family));",
      "return has(p.id);", "a measure naming a product misses its derivatives"),
    M("clone-by-name", "models/market/catalogue.cpp", "if (!policy::derated(m.products[i].spec, *derived)) {",
      "if (false) {", "a product banned by name gets an identical 'compliant' clone"),
    M("capacity-scale-ignored", CAPACITY, "ceiling *= v.spec->capacity_scale;", "ceiling *= 1.0;",
      "supply uncertainty of the ceilings does nothing"),
    M("ratio-is-mean", "models/calibration/target_evaluation.cpp", "num += shares[i] * denominators[i];",
      "num += shares[i];", "a share of period totals is not weighted by volume", [("test_calibration", "")]),
    M("vendor-share-of-own", "models/calibration/target_evaluation.cpp", "total.key = \"total\";",
      "total.source = MetricSource::VENDOR_REVENUE;", "a vendor's share of sales divides by its own sales",
      [("test_calibration", "")]),
    M("supply-control-ignored", CAPACITY, "return base * m.regime.vendor_capacity_multiplier(v.spec->id);",
      "return base;", "supply controls do not cut capacity"),
    M("launch-books-nothing", CAPACITY, "v.capacity = std::max(v.capacity, capacity_ceiling(m, v));",
      "v.capacity = v.capacity;", "a launch books no capacity"),
    M("knee-ignored", "models/market/market_state.cpp", "std::pow(ic / knee, params.interconnect_elasticity_below_knee);",
      "1.0;",
      "no training penalty below the interconnect knee"),
    M("redesign-price-linear", "models/market/catalogue.cpp", "rd.price_ratio * std::sqrt(kept);", "rd.price_ratio * kept;",
      "derivative priced by value kept, not its square root"),
    M("demand-shock-workload-swapped", "models/market/demand.cpp",
      "w == 0 ? scenario::Workload::TRAINING : scenario::Workload::INFERENCE",
      "w == 0 ? scenario::Workload::INFERENCE : scenario::Workload::TRAINING", "a training shock multiplies inference"),
    M("clearing-shock-workload-swapped", "models/market/demand.cpp", "x.by_kind[static_cast<int>(seg.kind)][w];",
      "x.by_kind[static_cast<int>(seg.kind)][1 - w];", "the clearing's looked-up shocks swap the workloads"),
    M("advance-flag-never-set", "models/market/anticipation.cpp", "m.any_advance = true;", "m.any_advance = false;",
      "what was bought ahead is never owed (the quarter's pass over advance orders skipped)"),
    M("log-readiness-frozen", "models/market/readiness.cpp", "if (r == taken[e]) continue;",
      "if (!std::isnan(taken[e])) continue;", "log readiness kept from the first quarter"),
    M("demand-drift-halfyear", "models/market/demand.cpp", "std::log1p(growth) / 4.0;", "std::log1p(growth) / 2.0;",
      "annual growth applied per half-year"),
    # ---- readiness ----
    M("readiness-moves-away", "models/market/readiness.cpp", "b.readiness[w][e] += rate * (target - b.readiness[w][e]);",
      "b.readiness[w][e] -= rate * (target - b.readiness[w][e]);", "readiness moves away from its target"),
    M("readiness-weight-swapped", "models/market/readiness.cpp", "p.readiness_purchase_weight * own +",
      "p.readiness_purchase_weight * dev_share[e] +", "own purchases ignored in readiness"),
    # ---- the policy regime (models/policy) ----
    M("subsidy-by-origin-dead", INSTRUMENTS + "subsidy.cpp",
      "selects(products, vendors, origins, p, origin) ? 1.0 - price_reduction",
      "selects(products, vendors, {}, p, origin) ? 1.0 - price_reduction", "a subsidy by origin does nothing (the old bug)"),
    M("discourage-origin-dead", INSTRUMENTS + "discourage.cpp",
      "selects(products, vendors, origins, p, origin) ? utility_penalty",
      "selects(products, vendors, {}, p, origin) ? utility_penalty", "a discourage by origin does nothing"),
    M("discourage-vendor-dead", INSTRUMENTS + "discourage.cpp",
      "selects(products, vendors, origins, p, origin) ? utility_penalty",
      "selects(products, {}, origins, p, origin) ? utility_penalty", "a discourage by vendor does nothing"),
    M("buyer-kinds-inverted", INSTRUMENTS + "instrument.cpp", "return kinds.empty() ||", "return !kinds.empty() ||",
      "buyer-kind filters inverted"),
    M("licence-earliest-wins", REGIME, "r.effective >= best->effective", "r.effective < best->effective",
      "the earliest licence requirement wins"),
    M("mandate-min", REGIME, "[](double a, double b) { return std::max(a, b); });",
      "[](double a, double b) { return std::min(a, b); });", "the weakest mandate wins (always 0)"),
    M("markup-subtracted", INSTRUMENTS + "enforcement.cpp", "return covers(route) ? markup_add : 0.0;",
      "return covers(route) ? -markup_add : 0.0;", "enforcement lowers mark-ups"),
    M("route-capacity-ignored", INSTRUMENTS + "enforcement.cpp", "return covers(route) ? capacity_multiplier : 1.0;",
      "return covers(route) ? 1.0 : 1.0;", "enforcement's route capacity multiplier ignored"),
    M("demand-shock-ignored", INSTRUMENTS + "demand_shock.cpp", "? demand_multiplier : 1.0;", "? 1.0 : 1.0;",
      "demand shocks ignored"),
    M("measure-change-uncounted", REGIME, "          ++changes_[static_cast<std::size_t>(k)];\n", "\n",
      "a measure put into force leaves its effect's change count as it was"),
    M("lifted-measure-uncounted", REGIME, " > 0) ++changes_[k];", " > 0) (void)k;",
      "a lifted measure leaves its effect's change count as it was"),
    M("entity-listing-not-lifted", REGIME, "for (const auto& b : listing->buyers) entity_listed_.erase(b);",
      "for (const auto& b : listing->buyers) (void)b;", "a lift does not end an entity listing"),
    M("risk-never-by-kind", REACTIONS, "const bool restrictive_us = scenario::restricts_us_supply(e.instrument);",
      "const bool restrictive_us = false;", "no kind raises perceived US risk by default"),
    M("announcement-ignored", REACTIONS, "if (scenario::anticipated(se.event->instrument) &&",
      "if (false &&", "buyers do not react to an announced restriction before it takes effect"),
    # ---- rules in force and the event timeline (models/scenario, models/policy) ----
    M("lift-ignored", RULES, "return i.ends(e.id);", "return false;", "a lift is ignored in rules_in_force",
      [("test_market", ""), ("test_scenario", NOT_FUZZ)]),
    M("licence-not-replaced", RULES, "return e.is<T>() && i.replaces(e.id);", "return false;",
      "a licence requirement does not replace the one it targets", [("test_market", ""), ("test_scenario", NOT_FUZZ)]),
    M("amendment-ignored", RULES, "r.restriction = amended;\n        r.predicate = &*amended->predicate;",
      "(void)amended;", "an amendment does not change the rule's predicate",
      [("test_market", ""), ("test_scenario", NOT_FUZZ)]),
    M("requires-probability-flipped", "models/policy/event_timeline.cpp", "return stream.uniform() < req.probability;",
      "return stream.uniform() > req.probability;", "a probable event happens with 1 - p",
      [("test_market", ""), ("test_scenario", NOT_FUZZ)]),
    M("lag-off-by-one", "models/scenario/event_resolution.cpp", "out.events[it->second]->effective.plus_days(lag);",
      "out.events[it->second]->effective.plus_days(lag + 1);", "a lagged event one day late",
      [("test_market", ""), ("test_scenario", NOT_FUZZ)]),
    M("origins-not-read", INSTRUMENTS + "registry.cpp",
      "instrument_of<T>(r.scenario(), index).*f.member = r.origin_list(v, path);", "(void)r.origin_list(v, path);",
      "the loader drops the origins of a subsidy, discourage or import approval",
      [("test_market", ""), ("test_scenario", NOT_FUZZ)]),
    M("one-of-unchecked", INSTRUMENTS + "registry.cpp", "r.error(map.loc, path, one_of_message(spec.one_of));",
      "(void)one_of_message(spec.one_of);", "an event that selects no product loads",
      [("test_scenario", NOT_FUZZ)]),
    # ---- metrics ----
    M("metric-members-chosen-once", "models/metrics/quarter_metrics.cpp", "  if (!changed) return;",
      "  if (!changed || !members_.empty()) return;",
      "each row sums the products of its first quarter only (a redesign is never counted)"),
    M("metric-members-never-renewed", "models/metrics/quarter_metrics.cpp", "if (!changed) return;", "return;",
      "rows never learn their products (every product series empty)"),
    M("nvidia-share-counts-domestic", "models/metrics/default_metrics.cpp",
      "products((nv + \"_share_units\").c_str(), headline, all,", "products((nv + \"_share_units\").c_str(), domestic, all,",
      "Nvidia's unit share reports the domestic one"),
    # ---- developers (models/ecosystem) ----
    M("switching-free", "models/ecosystem/developer_population.cpp",
      "exp_minus_switching_cost_ = std::exp(-p.dev_switching_cost);", "exp_minus_switching_cost_ = 1.0;",
      "switching ecosystems costs nothing", [("test_ecosystem", ""), ("test_market", "")]),
    M("maturity-no-learning", "models/ecosystem/developer_population.cpp",
      "std::clamp(maturity_learning_ * shares_[e] + vendor_investment_[e], 0.0, 1.0);",
      "std::clamp(vendor_investment_[e], 0.0, 1.0);", "tooling maturity does not learn from developers",
      [("test_ecosystem", "")]),
    M("entrants-never", "models/ecosystem/developer_population.cpp", "const bool entrant = u_revise < entry_;",
      "const bool entrant = false;", "no developer ever enters or leaves", [("test_ecosystem", "")]),
    M("entrants-keep-stack", "models/ecosystem/developer_population.cpp",
      "if (jobs_total > 0.0) next_state_[i] = inverse_cdf(jobs_, u_choice * jobs_total);",
      "if (false) next_state_[i] = inverse_cdf(jobs_, u_choice * jobs_total);",
      "an entrant keeps its predecessor's stack instead of its job's", [("test_ecosystem", "")]),
    M("growth-ignored", "models/ecosystem/developer_population.cpp", "developers_ *= 1.0 + growth_;",
      "developers_ *= 1.0;", "the developer count does not grow", [("test_ecosystem", "")]),
    M("milestone-no-gain", "models/ecosystem/developer_population.cpp", "m = std::min(1.0, m + gain * (1.0 - m));",
      "m = std::min(1.0, m);", "a milestone moves no maturity", [("test_ecosystem", "")]),
    M("revision-half-fixed", "models/ecosystem/developer_population.cpp",
      "const std::size_t half = 2 * static_cast<std::size_t>(quarters_ % 2);", "const std::size_t half = 0;",
      "odd quarters reuse the even quarter's draws", [("test_ecosystem", "")]),
    M("grey-reverse-never-credited", "models/market/diversion_network.cpp",
      "residual_[pred_[v] ^ 1] += push;", "(void)push;",
      "flow sent along a grey leg can never be rerouted", [("test_market", "[diversion]")]),
    M("captive-ignored", PROCUREMENT,
      "if (serves && !(*serves)[segment]) continue;",
      "if (serves && !(*serves)[segment] && false) continue;",
      "a captive vendor sells to every buyer of a segment where a buyer's draw decides legality"),
    M("captive-ignored-in-segment", PROCUREMENT, "if (serves && !(*serves)[si]) continue;",
      "if (serves && !(*serves)[si] && false) continue;", "a captive vendor sells to every segment"),
    M("licence-lag-ignored", LEGALITY, "if (m.sched.now() < licences_from(m, t)) return 0;",
      "if (false) return 0;", "a licence grants from its effective date whatever its processing lag"),
    M("legal-memo-never-reset", LEGALITY, "if (!keep) m.legal_cache.assign(", "if (false) m.legal_cache.assign(",
      "refresh_policy keeps the legality memo even when a ban or licence changed"),
    M("legal-memo-ignores-licences-opening", LEGALITY, " && open == ps.licence_open;", " && true;",
      "refresh_policy keeps the legality memo when a licence's processing lag ends"),
    M("closed-list-always-emptied", CLEARING,
      "if (!any) supply.closed.clear();",
      "supply.closed.clear();",
      "every round takes the first round's path: what sold out is offered again"),
    M("offered-count-stale", PROCUREMENT, "  c.n = n;\n", "  c.n = items;\n",
      "a later round's choice reads the whole menu's count: items closed since stay on offer with stale weights"),
    M("closed-list-never-read", PROCUREMENT,
      "const bool any_closed = !closed.empty();",
      "const bool any_closed = false;",
      "the choices never read what is closed: sold-out options are offered again"),
    M("sold-out-vendor-still-offered", CLEARING,
      "(v >= 0 && supply.vendor_full[static_cast<std::size_t>(v)]) || (!m.licence_full.empty()",
      "(v >= 0 && false) || (!m.licence_full.empty()",
      "a vendor that sold out is offered again in the next round"),
    M("full-grey-still-offered", CLEARING, "supply.closed[2 * p + 1] = supply.grey_full;",
      "supply.closed[2 * p + 1] = 0;", "the grey network is offered again after it is full"),
    M("menu-service-per-workload-swapped", CHOICE, "const double unit = w == 0 ? REF_TFLOPS / 1000.0 : REF_TBPS;",
      "const double unit = w == 1 ? REF_TFLOPS / 1000.0 : REF_TBPS;", "a menu item's service in the other workload's unit"),
    M("segment-book-misses-rounds", CLEARING, "      add_to_segment_book(m, o);\n", "\n",
      "the rationed orders never reach the order books' per-product sums"),
    M("segment-book-misses-advance", "models/market/anticipation.cpp", "add_to_segment_book(m, extra);", ";",
      "purchases ahead of a rule never reach the order books"),
    M("segment-book-kept-after-cut", "models/market/trading.cpp",
      "clear_segment_book(m);  // every order of the live segment was just cut at f", ";",
      "orders cut when the market re-opens stay on the books"),
    M("segment-book-window-ignored", "models/market/order_book.cpp", "fn(static_cast<int>(p), b.units, b.from, standing)",
      "fn(static_cast<int>(p), b.units, 0.0, standing)", "a segment's orders on the books from the quarter's start"),
    M("licence-cap-ignored", CLEARING, "pool_ratio[k] = supply.pools.left[k] / want.pool[k];",
      "pool_ratio[k] = std::numeric_limits<double>::infinity();", "a licence's volume cap rations nothing"),
    # ---- calibration ----
    M("band-exclusive", "models/calibration/target_band.cpp", "b.p50 >= t.band_low && b.p50 <= t.band_high;",
      "b.p50 > t.band_low && b.p50 < t.band_high;", "a median on the band's edge is outside",
      [("test_calibration", "")]),
    M("median-rank-off-by-one", "models/calibration/target_band.cpp", "    j = i + 1;", "    j = i + 2;",
      "the median's interval is one order statistic too narrow (under 95%)", [("test_calibration", "")]),
    M("edge-when-all-outside", "models/calibration/target_band.cpp",
      "b.near_edge = !all_inside && !all_outside;", "b.near_edge = !all_inside;",
      "a median settled outside its band is called near an edge", [("test_calibration", "")]),
    M("loss-linear", "models/calibration/calibration_loss.cpp", "loss += t.weight * d * d;",
      "loss += t.weight * d;", "the loss is linear in the distance", [("test_calibration", "")]),
    # ---- forking at divergence (models/market) ----
    M("fork-lookahead-dropped", "models/market/divergence.cpp",
      "first.at(p.launch.plus_days(-SCRIPTED_LAUNCH_LOOKAHEAD_DAYS), why);", "first.at(p.launch, why);",
      "a product removed with its event parts the runs only at its launch", [("test_market", "[fork]")]),
    M("fork-targets-ignored", "models/market/divergence.cpp", "if (ids.count(t)) return true;",
      "if (false) return true;", "an event that lifts or amends a removed one is not affected",
      [("test_market", "[fork]")]),
    M("fork-quarter-late", "models/market/divergence.cpp",
      "d.date < end ? engine::Quarter::of(d.date).first_day() : end;",
      "d.date < end ? engine::Quarter::of(d.date).next().first_day() : end;", "the fork comes a quarter late",
      [("test_market", "[fork]")]),
    M("fork-regime-not-rebuilt", "models/market/market_checkpoint.cpp", "regime.apply(*se->event, se->effective);",
      "(void)se;", "a forked run starts with no policy in force", [("test_market", "[fork]")]),
    M("fork-exists-copied", "models/market/market_checkpoint.cpp",
      "for (const auto& req : ps.spec.launch_requires) ps.exists = ps.exists && m.timeline.happens(req);",
      "ps.exists = from.products[i].exists;", "a forked product exists as in the run it forks from",
      [("test_market", "[fork]")]),
    M("fork-transit-dropped", "models/market/market_checkpoint.cpp", "in_transit(from.in_transit),", "in_transit(),",
      "a forked run loses the cards in transit at the fork", [("test_market", "[fork]")]),
    M("fork-advance-forgotten", "models/market/market_checkpoint.cpp", "any_advance(from.any_advance),",
      "any_advance(false),", "a run forked while advance purchases are on the books never owes them",
      [("test_market", "[fork]")]),
    # ---- the engine and experiment runner (sim/) ----
    M("queue-priority-flipped", "sim/engine/event_queue.cpp", "if (a.priority != b.priority) return a.priority > b.priority;",
      "if (a.priority != b.priority) return a.priority < b.priority;", "events at one instant run in reverse priority",
      [("test_engine", ""), ("test_market", "")]),
    M("queue-fifo-flipped", "sim/engine/event_queue.cpp", "return a.seq > b.seq;", "return a.seq < b.seq;",
      "same-time same-priority events run last-in first", [("test_engine", "")]),
    M("quantile-type6", "sim/experiment/quantile.cpp", "const double h = static_cast<double>(n - 1) * p;",
      "const double h = static_cast<double>(n) * p;", "quantiles not Hyndman-Fan type 7",
      [("test_experiment", ""), ("test_engine", "")]),
]


def run(cmd: List[str], **kw) -> subprocess.CompletedProcess:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, **kw)


def configure(build: Path) -> None:
    if not (build / "CMakeCache.txt").exists():
        r = run(["cmake", "-S", ".", "-B", str(build), "-DCMAKE_BUILD_TYPE=Release", "-DCMSIM_WERROR=OFF",
                 "-DCMSIM_WITH_MPI=OFF"])
        if r.returncode != 0:
            sys.exit("mutants: cmake failed:\n" + r.stderr[-2000:])


def exe(build: Path, name: str) -> Path:
    found = list(build.glob(f"tests/*/{name}"))
    if not found:
        sys.exit(f"mutants: no test executable {name} under {build}")
    return found[0]


def build_targets(build: Path, targets: List[str]) -> subprocess.CompletedProcess:
    return run(["cmake", "--build", str(build), "-j2", "--target", *targets])


def check_unique(m: Mutant) -> str:
    text = (ROOT / m.file).read_text(encoding="utf-8")
    count = text.count(m.old)
    if count != 1:
        return f"its text occurs {count} times in {m.file} (want exactly 1)"
    return ""


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--only", help="comma-separated mutant ids")
    ap.add_argument("--list", action="store_true", help="list the mutants and exit")
    ap.add_argument("--build-dir", default="build/mutants")
    args = ap.parse_args()
    mutants = MUTANTS
    if args.only:
        wanted = set(args.only.split(","))
        unknown = wanted - {m.id for m in MUTANTS}
        if unknown:
            print(f"mutants: unknown id(s): {', '.join(sorted(unknown))}", file=sys.stderr)
            return 2
        mutants = [m for m in MUTANTS if m.id in wanted]
    broken = [(m, why) for m in mutants if (why := check_unique(m))]
    for m, why in broken:
        print(f"BROKEN   {m.id}: {why}")
    if broken:
        return 2
    if args.list:
        for m in mutants:
            print(f"{m.id:32} {m.file}: {m.what}")
        print(f"{len(mutants)} mutants")
        return 0

    build = ROOT / args.build_dir
    configure(build)
    all_tests = sorted({t for m in mutants for t, _ in m.tests})
    r = build_targets(build, all_tests)
    if r.returncode != 0:
        sys.exit("mutants: the unmutated build fails:\n" + r.stdout[-3000:])
    for t in all_tests:  # the unmutated code must pass, or every verdict would be "killed"
        spec = next((s for m in mutants for n, s in m.tests if n == t), "")
        if run([str(exe(build, t))] + ([spec] if spec else [])).returncode != 0:
            sys.exit(f"mutants: {t} fails on the unmutated code")

    killed = 0
    start = time.time()
    for i, m in enumerate(mutants, 1):
        path = ROOT / m.file
        original = path.read_text(encoding="utf-8")
        t0 = time.time()
        try:
            path.write_text(original.replace(m.old, m.new), encoding="utf-8")
            r = build_targets(build, [t for t, _ in m.tests])
            if r.returncode != 0:
                print(f"BROKEN   {m.id}: does not compile\n{r.stdout[-1500:]}")
                return 2
            verdict, by = "SURVIVED", ""
            for t, spec in m.tests:
                if run([str(exe(build, t))] + ([spec] if spec else []), timeout=900).returncode != 0:
                    verdict, by = "KILLED", t
                    break
        finally:
            path.write_text(original, encoding="utf-8")
        killed += verdict == "KILLED"
        line = original[: original.index(m.old)].count("\n") + 1
        print(f"{verdict:8} {m.id:32} {m.file}:{line}  {m.what}{'  (by ' + by + ')' if by else ''}"
              f"  [{time.time() - t0:.0f} s]", flush=True)
    build_targets(build, all_tests)  # leave the build matching the sources
    print(f"({len(mutants)} mutants in {time.time() - start:.0f} s)")
    print(f"mutants: {killed} killed of {len(mutants)}")
    return 0 if killed >= 0.9 * len(mutants) else 1


if __name__ == "__main__":
    sys.exit(main())
