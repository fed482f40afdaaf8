// The market's processes one at a time, on a MarketState built from the small market of
// test_scenario_fixture.h (no scheduler run): capacity, legality, demand, clearing and
// rationing, deliveries, readiness.
#include <catch2/catch.hpp>
#include <cmath>
#include <map>

#include "models/market/capacity.h"
#include "models/market/clearing.h"
#include "models/market/deliveries.h"
#include "models/market/demand.h"
#include "models/market/legality.h"
#include "models/market/market_state.h"
#include "models/market/order_book.h"
#include "models/market/procurement.h"
#include "models/market/readiness.h"
#include "models/market/trading.h"
#include "models/scenario/scenario_loader.h"
#include "tests/market/test_scenario_fixture.h"

using namespace cmsim;
using namespace cmsim::market;
using engine::Date;
using engine::Quarter;

namespace {
/// Opens the first quarter as procurement does, up to the clearing.
DiversionFlow open_first_quarter(MarketState& m) {
  open_quarter(m, Quarter::of(m.s.start));
  refresh_policy(m);
  refresh_log_readiness(m);
  const auto grey = grey_supply(m);
  quote_products(m, grey);
  gather_options(m);
  return grey;
}
/// A policy event announced and in effect on the small market's first day.
scenario::PolicyEvent event(const std::string& id, scenario::Instrument instrument) {
  scenario::PolicyEvent e;
  e.id = id;
  e.instrument = std::move(instrument);
  e.announced = e.effective = Date(2022, 1, 1);
  return e;
}
}  // namespace

TEST_CASE("Process capacity: the ceiling is linear between its dated points", "[market][process]") {
  auto s = testing::small_market();
  // 2022-01-01 is 10 days after the first point and 10 before the second.
  s.vendors[1].capacity_ceiling = {{Date(2021, 12, 22), 10000}, {Date(2022, 1, 11), 30000}};
  s.vendors[1].capacity_units_per_quarter = 50000;
  MarketState m(s, 0);
  CHECK(capacity_ceiling(m, m.vendors[1]) == Approx(20000).epsilon(1e-12));
  CHECK(vendor_capacity(m, m.vendors[1]) == Approx(20000).epsilon(1e-12));  // min(capacity, ceiling)
  CHECK(std::isinf(vendor_capacity(m, m.vendors[0])));                      // no capacity, no ceiling
  m.vendors[1].capacity = 5000;
  CHECK(vendor_capacity(m, m.vendors[1]) == 5000);
  book_capacity_for_launch(m, 1);  // a launch books up to the ceiling
  CHECK(m.vendors[1].capacity == Approx(20000).epsilon(1e-12));
  m.vendors[1].filled = 0.9 * 20000;  // sold out (>= 90%): grows by its rate
  grow_sold_out_capacity(m);
  CHECK(m.vendors[1].capacity == Approx(20000 * 1.1).epsilon(1e-12));
  m.vendors[1].filled = 0.89 * 20000;  // not sold out: stays
  const double before = m.vendors[1].capacity;
  grow_sold_out_capacity(m);
  CHECK(m.vendors[1].capacity == before);
}

TEST_CASE("Process legality: listings, bans and licences as each buyer sees them", "[market][process]") {
  auto s = testing::small_market();
  auto ban = testing::tpp_rule("ban", Date(2022, 1, 1), 4800);
  s.events.push_back(ban);
  MarketState m(s, 0);
  open_quarter(m, Quarter(2022, 1));
  refresh_policy(m);
  CHECK(legal(m, 0, 0));  // nothing applied yet
  m.regime.apply(s.events[0], Date(2022, 1, 1));
  refresh_policy(m);  // the cache follows the regime only when refreshed
  CHECK_FALSE(legal(m, 0, 0));
  CHECK(legal(m, 1, 0));  // cn_sku is under the threshold
  CHECK(banned_for_all(m.products[0]));
  CHECK_FALSE(banned_for_all(m.products[1]));
  // The regime's answers are kept between events, but a product added since (a redesign)
  // is asked: a copy of the flagship is banned too.
  refresh_policy(m);
  CHECK(banned_for_all(m.products[0]));
  auto copy = s.products[0];
  copy.id = "flagship_copy";
  m.add_product(copy, true);
  refresh_policy(m);
  CHECK(banned_for_all(m.products.back()));
  CHECK_FALSE(legal(m, m.products.size() - 1, 0));
  // Launch timing: orderable in its launch quarter, deliveries from the launch day.
  m.products[2].launched = false;
  m.products[2].spec.launch = Date(2022, 2, 15);
  CHECK(orderable(m, m.products[2]));
  CHECK(launch_fraction(m, m.products[2]) == Approx(45.0 / 90.0).epsilon(1e-12));
  m.products[2].spec.launch = Date(2022, 4, 1);
  CHECK_FALSE(orderable(m, m.products[2]));
}

TEST_CASE("Process policy: penalties and subsidies follow their own measures, their lifts and new products",
          "[market][process]") {
  // refresh_policy asks a product's penalties and subsidy again only when a measure with
  // that effect was put into force or lifted, or the product is new (a redesign): every
  // answer must still be the regime's.
  auto s = testing::small_market();
  scenario::Discourage discourage;  // every Nvidia product, for every kind of buyer
  discourage.vendors = {"nvidia"};
  discourage.utility_penalty = 0.7;
  scenario::Subsidy subsidy;  // every Huawei product
  subsidy.vendors = {"huawei"};
  subsidy.price_reduction = 0.25;
  scenario::Lift lift;
  lift.targets = {"discourage", "subsidy"};
  s.events = {event("discourage", discourage), event("subsidy", subsidy),
              testing::tpp_rule("ban", Date(2022, 1, 1), 4800), event("lift", lift)};
  MarketState m(s, 0);
  open_quarter(m, Quarter(2022, 1));
  // Each product's penalty by kind and subsidy, as stored, against the regime's answers.
  const auto matches_regime = [&m] {
    for (const auto& ps : m.products) {
      for (int k = 0; k < 4; ++k)
        if (ps.penalty[k] != m.regime.utility_penalty(ps.spec, ps.origin, static_cast<scenario::BuyerKind>(k)))
          return false;
      if (ps.subsidy != m.regime.price_reduction(ps.spec, ps.origin)) return false;
    }
    return true;
  };
  refresh_policy(m);
  CHECK(m.products[0].penalty[0] == 0);
  m.regime.apply(s.events[0], Date(2022, 1, 1));
  m.regime.apply(s.events[1], Date(2022, 1, 1));
  refresh_policy(m);
  CHECK(m.products[0].penalty[0] == 0.7);  // flagship (Nvidia)
  CHECK(m.products[2].subsidy == 0.25);    // dom (Huawei)
  CHECK(matches_regime());
  m.regime.apply(s.events[2], Date(2022, 1, 1));  // a rule: no penalty or subsidy changes
  refresh_policy(m);
  CHECK(matches_regime());
  // Products added after the measures (redesigns) take them at the next refresh.
  auto nv_copy = s.products[0], hw_copy = s.products[2];
  nv_copy.id = "flagship_copy";
  hw_copy.id = "dom_copy";
  m.add_product(nv_copy, true);
  m.add_product(hw_copy, true);
  refresh_policy(m);
  CHECK(m.products[m.products.size() - 2].penalty[3] == 0.7);
  CHECK(m.products.back().subsidy == 0.25);
  CHECK(matches_regime());
  // The lift ends both: every penalty and subsidy is 0 again.
  m.regime.apply(s.events[3], Date(2022, 1, 1));
  refresh_policy(m);
  CHECK(m.products[0].penalty[0] == 0);
  CHECK(m.products.back().subsidy == 0);
  CHECK(matches_regime());
}

TEST_CASE("Process legality: a segment's verdict is each of its buyers' answer, or left to their draws",
          "[market][process]") {
  auto s = testing::small_market();
  s.buyers[0].count = 40;  // enough buyers that a draw at 0.5 or 0.4 grants some and refuses some
  s.buyers[1].count = 40;
  scenario::LicenceRequirement drawn;  // flagship: granted to about half the buyers
  drawn.products = {"flagship"};
  drawn.grant_probability = 0.5;
  scenario::LicenceRequirement processing = drawn;  // cn_sku: nobody before the lag runs out
  processing.products = {"cn_sku"};
  processing.processing_lag_days = 5000;
  scenario::ImportApproval gate;  // dom: state buyers need an approval, about 40% get one
  gate.products = {"dom"};
  gate.buyer_kinds = {scenario::BuyerKind::STATE};
  gate.approval_probability = 0.4;
  s.events = {event("drawn", drawn), event("processing", processing), event("gate", gate)};
  for (const bool listed : {false, true}) {
    s.buyers[1].entity_listed = listed;  // a listed segment may buy no US product
    MarketState m(s, 0);
    open_quarter(m, Quarter(2022, 1));
    for (const auto& e : s.events) m.regime.apply(e, Date(2022, 1, 1));
    refresh_policy(m);
    std::map<std::pair<std::size_t, std::size_t>, int> verdict;  // (product, segment)
    for (std::size_t pi = 0; pi < m.products.size(); ++pi)
      for (std::size_t si = 0; si < s.buyers.size(); ++si) {
        const signed char v = segment_legality(m, pi, si);
        verdict[{pi, si}] = v;
        int granted = 0, buyers = 0;
        for (std::size_t bi = 0; bi < m.buyers.size(); ++bi) {
          if (static_cast<std::size_t>(m.buyers[bi].segment) != si) continue;
          ++buyers;
          const bool answer = legal(m, pi, bi);
          granted += answer;
          if (v >= 0) CHECK(answer == (v == 1));
          // legal_in_segment answers as legal() whatever the cache holds, and memoises it.
          m.legal_cache[pi * m.buyers.size() + bi] = -1;
          CHECK(legal_in_segment(m, pi, bi, v) == answer);
          CHECK(m.legal_cache[pi * m.buyers.size() + bi] == static_cast<signed char>(answer));
        }
        // Left to the draws only where they differ between buyers.
        if (v < 0) CHECK((granted > 0 && granted < buyers));
      }
    // clouds: flagship drawn, cn_sku still processing, dom needs no approval.
    CHECK(verdict[{0, 0}] == -1);
    CHECK(verdict[{1, 0}] == 0);
    CHECK(verdict[{2, 0}] == 1);
    // state: dom drawn (its gate names state buyers); US products decided by the listing first.
    CHECK(verdict[{2, 1}] == -1);
    CHECK(verdict[{0, 1}] == (listed ? 0 : -1));
    CHECK(verdict[{1, 1}] == 0);
  }
}

TEST_CASE("Process demand: growth by the annual rate a quarter at a time", "[market][process]") {
  auto s = testing::small_market();
  for (auto& b : s.buyers) b.demand_growth_sd = 0;  // no shock: the drift alone
  MarketState m(s, 0);
  const double d0 = m.buyers[0].demand[0];
  grow_demand(m, Quarter(2022, 1));  // the first quarter does not grow
  CHECK(m.buyers[0].demand[0] == d0);
  grow_demand(m, Quarter(2022, 2));
  CHECK(m.buyers[0].demand[0] == Approx(d0 * std::pow(1.5, 0.25)).epsilon(1e-12));
  CHECK(demand_now(m, 0, 0, demand_multipliers(m)) == m.buyers[0].demand[0]);
}

TEST_CASE("Process clearing: a sold-out vendor serves every order in the same proportion", "[market][process]") {
  auto s = testing::small_market();
  s.products[2].price_usd = 500;  // the domestic card is wanted far beyond its capacity
  s.vendors[1].capacity_units_per_quarter = 20000;
  s.parameters.clearing_rounds = 1;  // one round: no re-offer, the rationing alone
  MarketState m(s, 0);
  const auto grey = open_first_quarter(m);
  ChoiceScratch scratch;
  const auto one = clear_market(m, grey, scratch);
  double dom = 0;
  for (const auto& o : m.orders)
    if (o.product == 2) dom += o.units;
  CHECK(dom == Approx(20000).epsilon(1e-12));
  CHECK(one.unmet_rate > 0);  // the rationed part is unmet (one round)
  CHECK(one.vendor_left[1] == Approx(0).margin(1e-6));
  // With more rounds the rationed demand is offered again elsewhere: less is unmet.
  s.parameters.clearing_rounds = 3;
  MarketState m3(s, 0);
  const auto grey3 = open_first_quarter(m3);
  const auto three = clear_market(m3, grey3, scratch);
  CHECK(three.unmet_rate < one.unmet_rate);
}

TEST_CASE("Process clearing: a vendor sold out in one round is not offered in the next", "[market][process]") {
  // The domestic card, cheap, sells out in round 0; Nvidia has no capacity limit, so round 1
  // (its cards and deferring only) rations nothing and nothing is left unmet. Offered again,
  // the domestic card would take most of the re-offered demand and ration all of it away.
  auto s = testing::small_market();
  s.products[2].price_usd = 500;
  s.parameters.clearing_rounds = 2;
  MarketState m(s, 0);
  const auto grey = open_first_quarter(m);
  ChoiceScratch scratch;
  const auto two = clear_market(m, grey, scratch);
  REQUIRE(two.vendor_left[1] == Approx(0).margin(1e-6));  // sold out in round 0
  double nvidia = 0;
  for (const auto& o : m.orders)
    if (o.product != 2) nvidia += o.units;
  CHECK(nvidia > 0);
  CHECK(two.unmet_rate == 0);
}

TEST_CASE("Process deliveries: an order delivers the share of the quarter it ran for", "[market][process]") {
  auto s = testing::small_market();
  MarketState m(s, 0);
  open_first_quarter(m);
  m.orders.clear();
  Order o;
  o.buyer = 0;
  o.product = 0;  // flagship, 989 TFLOPS
  o.workload = 0;
  o.units = 1000;
  o.service_per_card = 0.989;
  o.begin = 0.25;
  o.end = 0.75;
  m.orders.push_back(o);
  const auto new_by_eco = deliver_orders(m);
  CHECK(m.products[0].out.units == Approx(500).epsilon(1e-12));
  CHECK(m.products[0].out.pflops == Approx(500 * 0.989).epsilon(1e-12));
  CHECK(m.products[0].out.vendor_revenue_usd == Approx(500 * 25000.0).epsilon(1e-12));
  CHECK(new_by_eco[0] == Approx(500 * 0.989).epsilon(1e-12));
  // Placed at the quarter's start, delivering from a quarter in (a launch): that quarter is
  // unmet; what a re-opening cut is chosen again, not unmet.
  CHECK(m.unmet == Approx(250 * 0.989).epsilon(1e-12));
  CHECK(m.installed_us == Approx(500 * 0.989).epsilon(1e-12));
}

TEST_CASE("Process deliveries: a quarter's orders sum by product, route and workload before they are priced",
          "[market][process]") {
  // Orders are priced at the quarter's quote of their product and route, summed first: two
  // training orders and an inference order of the flagship, legal, and one grey order.
  auto s = testing::small_market();
  MarketState m(s, 0);
  open_first_quarter(m);
  m.quotes[0].grey = m.quotes[0].legal;
  m.quotes[0].grey.diverted = true;
  m.quotes[0].grey.price_paid = 40000;
  m.quotes[0].grey.vendor_net = m.quotes[0].grey.fee = 0;
  m.orders.clear();
  const auto order = [&m](int buyer, int workload, bool grey, double units) {
    Order o;
    o.buyer = buyer;
    o.product = 0;  // flagship, 989 TFLOPS, $25,000
    o.workload = workload;
    o.diverted = grey;
    o.units = units;
    o.service_per_card = 0.989;
    m.orders.push_back(o);
  };
  order(0, 0, false, 100);
  order(1, 0, false, 300);
  order(0, 1, false, 50);
  order(1, 0, true, 10);
  deliver_orders(m);
  const auto& out = m.products[0].out;
  CHECK(out.units == Approx(460).epsilon(1e-12));
  CHECK(out.diverted_units == Approx(10).epsilon(1e-12));
  CHECK(out.training_pflops == Approx(410 * 0.989).epsilon(1e-12));
  CHECK(out.legal_training_pflops == Approx(400 * 0.989).epsilon(1e-12));
  CHECK(out.spend_usd == Approx(450 * 25000.0 + 10 * 40000.0).epsilon(1e-12));
  CHECK(out.legal_spend_usd == Approx(450 * 25000.0).epsilon(1e-12));
  CHECK(out.vendor_revenue_usd == Approx(450 * 25000.0).epsilon(1e-12));
  // Installed compute is still each buyer's own.
  CHECK(m.buyers[0].installed[0] == Approx(150 * 0.989).epsilon(1e-12));
  CHECK(m.buyers[1].installed[0] == Approx(310 * 0.989).epsilon(1e-12));
}

TEST_CASE("Process readiness: one step toward max(initial, maturity x reach), and risk decays", "[market][process]") {
  auto s = testing::small_market();
  s.buyers[0].initial_us_risk = 0.5;
  MarketState m(s, 0);
  auto& b = m.buyers[0];
  b.installed = {0.0, 0.0};  // no compute: exposure is the developers' share alone
  const double dev_share[] = {0.9, 0.1}, maturity[] = {1.0, 0.8};
  const double r0 = b.readiness[0][1];  // CANN training, 0.3
  update_readiness_and_risk(m, dev_share, maturity);
  // exposure = (1 - w) × 0.1 with w = 0.5; reach = exposure / 0.25 = 0.2; target = max(0.3, 0.8 × 0.2) = 0.3.
  CHECK(b.readiness[0][1] == Approx(r0).epsilon(1e-12));
  const double dev_share2[] = {0.0, 1.0};  // everyone on CANN: reach 1 (capped), target 0.8
  update_readiness_and_risk(m, dev_share2, maturity);
  CHECK(b.readiness[0][1] == Approx(r0 + s.parameters.readiness_rate_training * (0.8 - r0)).epsilon(1e-12));
  CHECK(b.risk == Approx(0.5 * std::pow(1 - s.parameters.risk_decay_per_quarter, 2)).epsilon(1e-12));
}

TEST_CASE("Process clearing: demand re-offered after rationing is chosen by the logit alone, without inertia",
          "[market][process][inertia]") {
  // Clouds buying training only; the domestic card is sold out at once (capacity 100), so
  // the demand it could not serve is offered again in a second round.
  auto s = testing::clouds_training(100);
  s.parameters.clearing_rounds = 2;
  const auto totals = [](const MarketState& m) {
    std::map<int, double> units;
    for (const auto& o : m.orders) units[o.product] += o.units;
    return units;
  };
  // Without inertia both rounds are the logit: flagship over China SKU units, the reference.
  s.parameters.contract_inertia = 0;
  MarketState ref(s, 0);
  const auto ref_grey = open_first_quarter(ref);
  ChoiceScratch scratch;
  clear_market(ref, ref_grey, scratch);
  const double logit_ratio = totals(ref)[0] / totals(ref)[1];
  // With full inertia and a last decision of half domestic, half China SKU (its weight exp U
  // then far below today's, so all of it is kept), the first round repeats that decision;
  // the rationed domestic half is re-offered and split by the logit alone. (A decision lists
  // its products in ascending order, as a choice records it: keep_contracts relies on that.)
  s.parameters.contract_inertia = 1;
  MarketState m(s, 0);
  const auto grey = open_first_quarter(m);
  double demand = 0;
  for (std::size_t bi = 0; bi < m.buyers.size(); ++bi) {
    m.buyers[bi].last_allocation[0] = {{1, false, 0.5, 1e-300}, {2, false, 0.5, 1e-300}};
    demand += demand_now(m, bi, 0, demand_multipliers(m));
  }
  clear_market(m, grey, scratch);
  double service_cn = 0;
  for (const auto& o : m.orders)
    if (o.product == 1) service_cn = o.service_per_card;
  REQUIRE(service_cn > 0);
  const auto u = totals(m);
  const double reoffered_cn = u.at(1) - 0.5 * demand / service_cn;
  REQUIRE(reoffered_cn > 0);
  CHECK(u.at(0) / reoffered_cn == Approx(logit_ratio).epsilon(1e-9));
}

TEST_CASE("Process choice: inertia keeps a contract on its own route only, legal or grey",
          "[market][process][inertia]") {
  // Clouds buying training, no capacity limit: with full inertia a buyer whose whole last
  // decision was the flagship keeps it, unless that decision was the flagship's grey route
  // and the flagship is now on offer legally: then nothing is kept and the logit decides.
  auto s = testing::clouds_training(0);
  const auto units_of = [&s](const std::vector<BuyerAgent::Allocation>& last) {
    MarketState m(s, 0);
    const auto grey = open_first_quarter(m);
    for (auto& b : m.buyers) b.last_allocation[0] = last;
    ChoiceScratch scratch;
    clear_market(m, grey, scratch);
    std::map<int, double> units;
    for (const auto& o : m.orders) units[o.product] += o.units;
    return units;
  };
  s.parameters.contract_inertia = 0;
  const auto logit = units_of({});
  REQUIRE(logit.at(2) > 0);
  s.parameters.contract_inertia = 1;
  const auto kept = units_of({{0, false, 1.0, 1e-300}});
  CHECK(kept.count(2) == 0);  // the whole decision kept: nothing left for the domestic card
  const auto other_route = units_of({{0, true, 1.0, 1e-300}});
  for (const auto& [product, u] : logit) CHECK(other_route.at(product) == Approx(u).epsilon(1e-12));
}

TEST_CASE(
    "Process choice: the decision remembered for inertia is the last clearing's alone, as shares of what was placed",
    "[market][process][inertia]") {
  // Two clearings in one quarter (the quarter's opening and a re-opening the same day): each
  // buyer's remembered decision per workload must hold the second clearing's first-round
  // choice only, one entry per option, its shares summing to 1 (deferred demand left out),
  // in ascending product order (next quarter's inertia walks it beside the menu).
  const auto s = testing::small_market();
  MarketState m(s, 0);
  begin_trading(m, Quarter::of(m.s.start));
  reopen_trading(m, "same-day");
  clear_day(m);
  std::size_t decisions = 0;
  for (const auto& b : m.buyers)
    for (int w = 0; w < WORKLOADS; ++w) {
      if (b.chosen[w].empty()) continue;
      ++decisions;
      double total = 0;
      int previous = -1;
      for (const auto& a : b.chosen[w]) {  // strictly ascending: also one entry per product
        total += a.share;
        CHECK(a.product > previous);
        previous = a.product;
      }
      CHECK(total == Approx(1.0).epsilon(1e-12));
    }
  CHECK(decisions > 0);
}

TEST_CASE("Process clearing: a licence's volume cap counts each round's legal sales once, not its grey ones",
          "[market][process][licence]") {
  // Clouds buying training; the domestic card sells out at once (capacity 10), so a second
  // round re-offers its demand, some of it to the licensed cards. The licence is granted to
  // about half the buyers; the others buy the flagship grey. A cap just above what the
  // licensed cards sell legally over the rounds must not close them, whatever the grey
  // sales and however many rounds.
  auto s = testing::clouds_training(10);
  s.buyers[0].count = 40;
  s.routes = {{"us-hub", "us", "hub", 1e9, 0.2, "test"}, {"hub-cn", "hub", "china", 1e9, 0.1, "test"}};
  scenario::LicenceRequirement licence;
  licence.products = {"flagship", "cn_sku"};
  licence.grant_probability = 0.5;
  s.events = {event("licence", licence)};
  struct Sold {
    double legal = 0, grey = 0;
    std::vector<char> full;
  };
  const auto clear = [&s](int rounds, double cap) {
    s.parameters.clearing_rounds = rounds;
    s.events[0].as<scenario::LicenceRequirement>().volume_cap_units_per_quarter = cap;
    MarketState m(s, 0);
    m.regime.apply(m.s.events[0], Date(2022, 1, 1));
    const auto grey = open_first_quarter(m);
    ChoiceScratch scratch;
    clear_market(m, grey, scratch);
    Sold sold;
    for (const auto& o : m.orders)
      if (o.product == 0 || o.product == 1) (o.diverted ? sold.grey : sold.legal) += o.units;
    sold.full = m.licence_full;
    return sold;
  };
  const Sold first_round = clear(1, 0), both_rounds = clear(3, 0);
  REQUIRE(first_round.legal > 0);
  REQUIRE(both_rounds.legal > first_round.legal);  // the second round sold licensed cards too
  REQUIRE(both_rounds.grey > 0);
  const double cap = both_rounds.legal + 0.5 * std::min(first_round.legal, both_rounds.grey);
  const Sold capped = clear(3, cap);
  CHECK(capped.legal == Approx(both_rounds.legal).epsilon(1e-12));  // the cap never bound
  REQUIRE(capped.full.size() == s.products.size());
  for (const char f : capped.full) CHECK(f == 0);
}

TEST_CASE("Process trading: the live segment's first order is kept as a scan back from the end would find it",
          "[market][process][trading]") {
  // segment_orders_begin() is an index kept by trading.cpp instead of a scan back over the
  // orders placed at m.segment_start. Re-opening at the same fraction as the segment began
  // (here: twice on the quarter's first day) adds a segment whose orders were placed then
  // too, so the live orders run from the first segment's first one.
  const auto s = testing::small_market();  // MarketState keeps a reference: the scenario must outlive it
  MarketState m(s, 0);
  const auto scanned = [&m] {
    std::size_t i = m.orders.size();
    while (i > 0 && m.orders[i - 1].placed == m.segment_start) --i;
    return i;
  };
  begin_trading(m, Quarter::of(m.s.start));
  REQUIRE(!m.orders.empty());
  CHECK(segment_orders_begin(m) == scanned());
  const std::size_t first_segment = m.orders.size();
  reopen_trading(m, "same-day");
  clear_day(m);
  REQUIRE(m.orders.size() > first_segment);
  CHECK(m.segment_start == 0.0);
  CHECK(segment_orders_begin(m) == 0);
  CHECK(segment_orders_begin(m) == scanned());
}

TEST_CASE("Process trading: a day's measures re-open the market once, after the last of them",
          "[market][process][trading]") {
  // Three measures on one day cut the live orders once and clear once: one new segment of
  // orders (as many as the quarter's opening placed, nothing having changed), not one per
  // measure whose orders the next measure cancels the same day.
  const auto s = testing::small_market();
  MarketState m(s, 0);
  begin_trading(m, Quarter::of(m.s.start));
  const std::size_t opening = m.orders.size();
  REQUIRE(opening > 0);
  const engine::Date day30 = m.quarter_first_day.plus_days(30);
  m.sched.at(day30, POLICY, [] {});  // the clock on day 30 (the scheduler's time is its last event's)
  m.sched.run_until(day30.start());
  for (const char* cause : {"first", "second", "third"}) {
    reopen_trading(m, cause);
    CHECK(m.orders.size() == opening);  // cut, not cleared yet
    CHECK(m.clearing_due);
  }
  CHECK(m.day_cause == "first");
  for (std::size_t i = 0; i < opening; ++i) CHECK(m.orders[i].end == Approx(30.0 / m.quarter_days));
  clear_day(m);
  CHECK_FALSE(m.clearing_due);
  CHECK(m.orders.size() == 2 * opening);
  CHECK(segment_orders_begin(m) == opening);
  clear_day(m);  // nothing due: no second clearing
  CHECK(m.orders.size() == 2 * opening);
}

TEST_CASE("Process trading: a re-opening that changes nothing changes no quarter's outcome, before a launch too",
          "[market][process][trading]") {
  // The China SKU launches on day 60 of the quarter: buyers order it at the quarter's start
  // for delivery from then, its demand unmet until the launch. Re-opening on day 30 with
  // nothing changed re-places the same orders for the rest of the quarter; the demand of
  // days 30–60 is the new order's to leave unmet, not the cut one's as well.
  auto s = testing::small_market();
  s.products[1].launch = Date(2022, 3, 2);  // day 60 of 2022Q1
  const auto quarter = [&s](bool reopen) {
    MarketState m(s, 0);
    begin_trading(m, Quarter::of(m.s.start));
    bool pre_launch = false;
    for (const auto& o : m.orders) pre_launch = pre_launch || (o.product == 1 && o.begin > 0.6);
    REQUIRE(pre_launch);
    if (reopen) {
      const engine::Date day30 = m.quarter_first_day.plus_days(30);
      m.sched.at(day30, POLICY, [] {});
      m.sched.run_until(day30.start());
      reopen_trading(m, "nothing");
      clear_day(m);
    }
    end_trading(m);
    deliver_orders(m);
    return std::array<double, 4>{m.unmet, m.products[0].out.units, m.products[1].out.units, m.products[2].out.units};
  };
  const auto once = quarter(false), twice = quarter(true);
  REQUIRE(once[0] > 0);
  for (std::size_t k = 0; k < once.size(); ++k) CHECK(twice[k] == Approx(once[k]).epsilon(1e-12));
}

TEST_CASE("Process order book: the books' per-product sums are the live segment's standing orders",
          "[market][process][book]") {
  // Without a delivery lag the books read m.segment_book, kept as orders are placed (every
  // rationing round, buying ahead) and emptied when the market re-opens, not the orders. At
  // each step it must equal the live segment's uncut legal orders summed, and every book the
  // per-order sum. 2022Q4 of the baseline: the A800 launches on 1 November (its orders start
  // then, not when placed), and on 20 October the rules announced on the 7th were not yet in
  // force, so buyers also buy ahead (anticipation.h).
  const auto s = scenario::load_scenario(std::string(CMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml");
  MarketState m(s, 1);
  REQUIRE_FALSE(any_delivery_lag(m));
  const auto set_clock = [&m](engine::Date d) {
    m.sched.at(d, POLICY, [] {});
    m.sched.run_until(d.start());
  };
  const auto check_books = [&m](const char* when) {
    INFO(when);
    const std::size_t np = m.products.size();
    std::vector<double> units(np, 0.0), from(np, -1.0);
    const double t = trading_now(m);
    std::vector<double> pending(np, 0.0);
    const std::vector<double> lead = per_product(m, lead_quarters);
    for (std::size_t i = segment_orders_begin(m); i < m.orders.size(); ++i) {
      const Order& o = m.orders[i];
      if (o.diverted) continue;
      const double to = o.end >= 1.0 ? std::numeric_limits<double>::infinity() : o.end;
      pending[o.product] += o.units * overlap(t, t + lead[o.product], o.begin, to);
      if (o.end < 1.0) continue;                                     // cut: no longer standing
      REQUIRE((from[o.product] < 0 || from[o.product] == o.begin));  // one window per product
      from[o.product] = o.begin;
      units[o.product] += o.units;
    }
    REQUIRE(m.segment_book.size() == np);
    const std::vector<double> book = book_pending(m, t);
    for (std::size_t p = 0; p < np; ++p) {
      CHECK(m.segment_book[p].units == Approx(units[p]).epsilon(1e-12).margin(1e-9));
      if (units[p] > 0) CHECK(m.segment_book[p].from == from[p]);
      CHECK(book[p] == Approx(pending[p]).epsilon(1e-12).margin(1e-9));
    }
  };
  const Quarter q(2022, 4);
  set_clock(q.first_day());
  begin_trading(m, q);
  REQUIRE_FALSE(m.orders.empty());
  const auto launches_later = [&m] {
    for (std::size_t i = segment_orders_begin(m); i < m.orders.size(); ++i)
      if (!m.orders[i].diverted && m.orders[i].begin > m.segment_start) return true;
    return false;
  };
  REQUIRE(launches_later());  // the A800's orders wait for its launch
  check_books("the quarter's opening");
  set_clock(Date(2022, 10, 20));
  reopen_trading(m, "a measure");
  check_books("cut by a re-opening");
  const auto sum_units = [&m] {
    double u = 0;
    for (const auto& b : m.segment_book) u += b.units;
    return u;
  };
  CHECK(sum_units() == 0);
  clear_day(m);
  bool ahead = false;
  for (std::size_t i = segment_orders_begin(m); i < m.orders.size(); ++i) ahead = ahead || m.orders[i].advance;
  REQUIRE(ahead);  // some bought ahead of the announced rules
  REQUIRE(launches_later());
  CHECK(sum_units() > 0);
  check_books("re-cleared, with purchases ahead");
  end_trading(m);
  check_books("the quarter's end");
}

TEST_CASE("Process order book: with a delivery lag every order of the quarter is on the books, standing ones past it",
          "[market][process][book]") {
  // A delivery lag carries an order's cards past its cut and past the quarter's end, so the
  // books read every order of the quarter, not the live segment's sums: each book must be the
  // orders' cards due within the lead time, a standing order's running on after the quarter.
  auto s = scenario::load_scenario(std::string(CMSIM_SOURCE_DIR) + "/scenarios/baseline.yaml");
  for (auto& v : s.vendors) v.delivery_lag_days = 30;
  MarketState m(s, 1);
  REQUIRE(any_delivery_lag(m));
  const auto set_clock = [&m](engine::Date d) {
    m.sched.at(d, POLICY, [] {});
    m.sched.run_until(d.start());
  };
  const auto check_books = [&m](const char* when, double t) {
    INFO(when);
    const std::size_t np = m.products.size();
    std::vector<double> pending(np, 0.0);
    const std::vector<double> lead = per_product(m, lead_quarters), lag = per_product(m, delivery_lag);
    bool standing_past = false;  // some order's cards still due after the quarter
    for (const Order& o : m.orders) {
      if (o.diverted) continue;
      const double to = o.end >= 1.0 ? std::numeric_limits<double>::infinity() : o.end;
      pending[o.product] += o.units * overlap(t, t + lead[o.product], o.begin + lag[o.product], to + lag[o.product]);
      standing_past = standing_past || (o.end >= 1.0 && o.units > 0 && t + lead[o.product] > 1.0 + lag[o.product]);
    }
    REQUIRE(m.in_transit.empty());  // the run's first quarter: nothing carried in
    REQUIRE(standing_past);
    const std::vector<double> book = book_pending(m, t);
    for (std::size_t p = 0; p < np; ++p) CHECK(book[p] == Approx(pending[p]).epsilon(1e-12).margin(1e-9));
  };
  const Quarter q(2022, 4);
  set_clock(q.first_day());
  begin_trading(m, q);
  check_books("the quarter's opening", trading_now(m));
  set_clock(Date(2022, 10, 20));
  reopen_trading(m, "a measure");
  clear_day(m);
  check_books("re-cleared", trading_now(m));
  end_trading(m);
  check_books("the quarter's end", 1.0);
}
