// The market's shared state for one replication: products, vendors, buyer agents, this
// quarter's orders and quotes, the policy in force, and the quarter's running totals. The
// market's processes (demand.h, catalogue.h, policy_reactions.h, procurement.h, clearing.h,
// deliveries.h, capacity.h, readiness.h) read and change it; market_model.cpp wires them to
// the engine's scheduler. Equations and parameters: docs/model.md.
#pragma once

#include <algorithm>
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "models/ecosystem/developer_population.h"
#include "models/market/choice_weights.h"
#include "models/market/diversion_network.h"
#include "models/market/market_model.h"
#include "models/metrics/quarter_metrics.h"
#include "models/metrics/quarter_outcome.h"
#include "models/policy/event_timeline.h"
#include "models/policy/policy_regime.h"
#include "sim/engine/random_stream.h"
#include "sim/engine/scheduler.h"

namespace cmsim::market {

constexpr double NEG_INF = -std::numeric_limits<double>::infinity();
constexpr int WORKLOADS = 2;  // 0 training, 1 inference

/// What happens first on one day: policy before launches, then the day's re-clearing (once
/// however many measures re-opened the market that day), then procurement; the quarter's
/// close runs at the last second of its last day.
enum Phase : int { POLICY = 0, LAUNCH = 1, RECLEAR = 2, PROCUREMENT = 3, CLOSE = 4 };

// Reference cards for normalising performance (H100 SXM, docs/data-sources.md): training in
// dense BF16 TFLOPS, inference in TB/s; they only set units, not shares.
constexpr double REF_TFLOPS = 989.0;
constexpr double REF_TBPS = 3.35;
constexpr double REF_PRICE_USD = 25000.0;

// Lead times and delivery lags in days become fractions of a mean quarter, so a standing
// order's book and an order's lag do not change with the length of a quarter.
constexpr double MEAN_QUARTER_DAYS = 365.25 / 4.0;

/// A product's order book over the run, in legal cards (order_book.h): ordered = delivered +
/// cancelled + pending, delivered being its legal deliveries (products.csv, deliveries.h).
struct BookLedger {
  double ordered = 0;
  double cancelled = 0;
};

struct ProductState {
  scenario::Product spec;
  int vendor = -1;
  int eco = -1;
  scenario::Origin origin = scenario::Origin::US;
  bool exists = true;  // launch_requires satisfied (or a redesign that was launched)
  bool launched = false;
  bool retired = false;
  double unit_cost = 0;
  double inventory = 0;       // China-specific finished cards held beyond the order book (what a ban strands)
  double delivered_last = 0;  // cards delivered last quarter
  bool written_down = false;  // its inventory was written down (once per ban)
  BookLedger book;
  BookLedger book_reported;      // `book` at the last quarter's report (products.csv has the flows)
  bool shipped_legally = false;  // some cards were ever sold legally here (made at volume)
  // Performance per card relative to an H100, by workload (eq. 3 without readiness), and its log.
  double x[WORKLOADS] = {0, 0};
  double ln_x[WORKLOADS] = {0, 0};
  // The policy in force for this product, refreshed whenever policy or the catalogue changes.
  const scenario::PolicyEvent* licence = nullptr;   // licence requirement in force, if any
  std::vector<const scenario::PolicyEvent*> gates;  // China's import approvals in force
  bool export_banned = false;
  bool licence_open = false;  // its licence's processing lag is over (at the last refresh_policy)
  double subsidy = 0;
  double penalty[4] = {0, 0, 0, 0};  // by BuyerKind
  // This quarter.
  metrics::ProductOutcome out;
  bool legal_any = false;
};

struct VendorState {
  const scenario::Vendor* spec = nullptr;
  double capacity = 0;       // cards per quarter before ceiling and policy multipliers; 0 = unbounded
  double filled = 0;         // legal cards made for this quarter's orders (delivered now or in transit)
  std::vector<char> serves;  // by buyer segment: may it buy from this vendor? (empty = all)
};

struct BuyerAgent {
  int segment = 0;
  std::string id;  // "<segment>#k"
  std::uint64_t id_hash = 0;
  std::vector<double> ln_readiness[WORKLOADS];  // log readiness by ecosystem, refreshed each quarter
  double demand[WORKLOADS] = {0, 0};            // training PFLOPS-eff / inference TB/s-eff per quarter
  std::vector<double> readiness[WORKLOADS];     // by ecosystem
  std::vector<double> initial_readiness[WORKLOADS];
  std::vector<double> installed;  // PFLOPS by ecosystem
  double risk = 0;
  /// Last quarter's allocation by workload: each product's share of the service the buyer
  /// chose in its latest decision (before rationing; legal and grey apart) and its utility
  /// then, for contract inertia. `chosen` is this quarter's, kept at the close.
  struct Allocation {
    int product;
    bool diverted;
    double share;
    double weight;  // the option's exp U when chosen
  };
  std::vector<Allocation> last_allocation[WORKLOADS];
  std::vector<Allocation> chosen[WORKLOADS];
  double owed[WORKLOADS] = {0, 0};  // service bought ahead last quarter: this quarter's demand is that much less
  std::optional<engine::RandomStream> demand_stream;  // a value: a forked run copies it
};

/// One buyer's order for one product and workload. Prices are not stored: they are the
/// product's quote for the quarter (legal or grey), the same for every buyer (kept small:
/// a quarter places thousands of orders).
struct Order {
  int buyer = 0;
  int product = 0;
  int workload = 0;
  bool diverted = false;
  bool advance = false;  // bought ahead of an announced restriction (anticipation.h)
  double units = 0;
  double service_per_card = 0;
  // The order runs evenly over the quarter between these fractions of it: `begin` > 0 for a
  // product launched mid-quarter, `end` < 1 when the market re-opens or a ban cuts it. Its
  // cards arrive the vendor's delivery lag later (deliveries.h).
  double begin = 0.0;
  double end = 1.0;
  double placed = 0.0;  // when in the quarter it was placed (a re-opened market places orders later)
  double ordered_share() const { return std::max(0.0, end - begin); }
};

/// The live trading segment's legal orders of one product, summed: the order books read
/// these instead of the orders when no vendor has a delivery lag (order_book.h). They share
/// one window, from `from` to the quarter's end: placed in one clearing (rounds and
/// anticipation), and cut together when the market re-opens.
struct SegmentBook {
  double units = 0;  // cards per quarter
  double from = 0;   // fraction of the quarter
};

/// Cards ordered in an earlier quarter that have not arrived (a delivery lag carried them
/// over), with the prices of the quarter they were ordered in.
struct Shipment {
  int buyer = 0;
  int product = 0;
  int workload = 0;
  bool diverted = false;
  double units = 0;  // cards per quarter, as ordered
  double service_per_card = 0;
  double from = 0, to = 0;  // they arrive evenly over [from, to), fractions of the current quarter
  double price_paid = 0, vendor_net = 0, fee = 0;
};

/// A product as one buyer may buy it this quarter: legally, or through grey routes.
struct Option {
  int product;
  bool diverted;
  double price_paid;
  double vendor_net;
  double fee;
  double ln_price;  // log(price_paid / P0)
};

/// One of a buyer's options this quarter: which quote of a product it may take (m.quotes:
/// the legal one, or the grey one for a banned US product). Prices are the quote's.
struct OptionKey {
  int product;
  bool diverted;
};

/// Buffers reused across a clearing's choices and rationing (no allocation in the hot loop).
struct ChoiceScratch {
  const MenuItem* menu = nullptr;                 // the buyer's menu (choice_weights.h) in the choice at hand
  std::size_t n = 0;                              // how many items of it are offered this round
  std::vector<std::uint32_t> offered;             // the items offered, [0, n) (the buffers only grow)
  std::vector<double> weights, shares, kept;      // by item offered, [0, n] (then deferring); weights: exp U
  std::vector<signed char> segment_verdict;       // gather_options: orderable product × segment (segment_legality)
  std::vector<char> segment_uniform;              // gather_options: by segment, no verdict left to a buyer's draw
  std::vector<OptionKey> segment_options;         // gather_options: each uniform segment's options, in turn
  std::vector<std::size_t> segment_options_from;  // by segment: where its options begin (+ the end)
  std::vector<double> ratio_of;                   // a round's rationing: what an order of product · 2 + grey keeps
};

/// A product's prices this quarter, the same for every buyer.
struct Quote {
  bool orderable = false;
  bool grey_possible = false;
  Option legal{}, grey{};
};

/// What the market has scheduled on the engine, as data (kind and arguments), so that a
/// replication's pending events can be copied onto a forked run (market_checkpoint.h): the
/// engine's closures only say "run task k of this state" (schedule() below).
struct Task {
  enum class Kind : std::uint8_t {
    POLICY,
    ANNOUNCEMENT,
    LICENCES_OPEN,
    LAUNCH,
    RETIRE,
    REDESIGN,
    MILESTONE,
    PROCURE,
    CLOSE,
    RECLEAR
  };
  Kind kind = Kind::POLICY;
  int index =
      -1;  ///< POLICY/ANNOUNCEMENT: in timeline.happening(); LAUNCH/RETIRE/REDESIGN: product; MILESTONE: ecosystem
  int item = -1;              ///< MILESTONE: in the ecosystem's milestones
  engine::Quarter quarter{};  ///< PROCURE/CLOSE
  std::string event_id;       ///< REDESIGN: the ban it answers
  scenario::Redesign redesign{};
  engine::Time time{};
  Phase phase = POLICY;
  engine::EventHandle handle{};

  static Task of(Kind kind, int index) {
    Task t;
    t.kind = kind;
    t.index = index;
    return t;
  }
  static Task of(Kind kind, engine::Quarter q) {
    Task t;
    t.kind = kind;
    t.quarter = q;
    return t;
  }
  static Task redesign_of(int product, std::string ban, const scenario::Redesign& rd) {
    Task t = of(Kind::REDESIGN, product);
    t.event_id = std::move(ban);
    t.redesign = rd;
    return t;
  }
};

struct MarketState {
  MarketState(const scenario::Scenario& s, std::uint64_t replication);
  /// A copy of `from`'s state continuing under `to`, without its scheduled tasks
  /// (market_checkpoint.cpp; fork_state() is the whole fork). A new member is copied there.
  MarketState(const MarketState& from, const scenario::Scenario& to);

  const scenario::Scenario& s;
  const scenario::ModelParameters& p;
  std::uint64_t rep;
  engine::Scheduler sched;
  policy::EventTimeline timeline;
  policy::PolicyRegime regime;
  DiversionNetwork diversion;
  ecosystem::DeveloperPopulation developers;
  RunResult result;
  bool keep_rows = true;  // build result's products, ecosystems and events rows (RunRows)
  std::unique_ptr<metrics::QuarterMetrics> metrics;
  std::vector<VendorState> vendors;
  std::vector<ProductState> products;
  std::vector<BuyerAgent> buyers;
  std::vector<char> segment_listed;  // entity-listed, by segment (cached from the regime)
  std::vector<char> licence_full;    // by product: its licence's volume cap is used up (clearing)
  std::vector<Order> orders;
  bool any_advance = false;          // some of `orders` was bought ahead (anticipation.h): the next quarter owes it
  std::vector<Shipment> in_transit;  // earlier quarters' orders still arriving (deliveries.h)
  engine::Quarter current_quarter;
  engine::Date quarter_first_day, quarter_last_day;  // of current_quarter (cached: hot paths ask often)
  double quarter_days = 1;
  // The readiness each buyer's ln_readiness was taken of, by (buyer · WORKLOADS + w) · ecosystems + e.
  std::vector<double> ln_taken_of;
  std::vector<signed char> legal_cache;  // products × buyers: -1 unknown, 0 illegal, 1 legal
  std::int32_t legal_quarter = -1;       // the quarter legal_cache was kept for (refresh_policy)
  // What refresh_policy last asked the regime after: how many products there were (the
  // answers are kept in ProductState; a product added since is asked everything).
  std::size_t policy_seen_products = 0;
  // The regime's rules_changed() and measures_changed(IMPORT_GATE, PENALTY, PRICE) at that
  // time: a product's licence and ban, gates, penalties and subsidy are asked again only
  // when the count they hang on changes (or the product is new).
  std::size_t policy_seen_rules = static_cast<std::size_t>(-1), policy_seen_gates = static_cast<std::size_t>(-1),
              policy_seen_penalties = static_cast<std::size_t>(-1), policy_seen_prices = static_cast<std::size_t>(-1);
  bool quarter_open = false;
  double pending_writedown = 0, unmet = 0, deferred = 0, installed_us = 0, installed_domestic = 0;
  // The market re-opens within a quarter when something changes buyers' options: each
  // trading segment runs from `segment_start` (a fraction of the quarter) to the quarter's end
  // until the next re-opening; its unmet and deferred demand are rates over the segment.
  double segment_start = 0;
  std::size_t segment_first = 0;          // where the segment's orders begin in `orders` (segment_orders_begin)
  std::vector<SegmentBook> segment_book;  // by product: the segment's legal orders, summed as they are placed
  double book_time = 0;                   // the order books hold what is due up to book_time + lead time (order_book.h)
  double segment_unmet_rate = 0, segment_deferred_rate = 0;
  // A day's re-opening (trading.h): the first measure of the day cuts the orders and
  // schedules one clearing after the day's last; until it runs, what the books held before
  // the day and the first measure's id (the cause its cancellations are logged under).
  bool clearing_due = false;
  std::vector<double> day_book_before;
  std::string day_cause;
  ChoiceScratch scratch;
  ChoiceWeights weights;                        // exp U's factors for this trading segment (choice_weights.h)
  std::vector<Quote> quotes;                    // by product, this quarter
  std::vector<std::vector<OptionKey>> options;  // by buyer, this quarter
  // Forking (market_checkpoint.h): every task scheduled (slot = its position), how many of
  // them the construction scheduled, tasks before `schedule_from` are dropped (a fork
  // re-schedules only what is still ahead), and the policy events applied so far, in order.
  std::vector<Task> tasks;
  std::size_t construction_tasks = 0;
  engine::Time schedule_from{std::numeric_limits<std::int64_t>::min()};
  std::vector<std::string> applied_events;

  int vendor_index(const std::string& id) const;
  /// Adds a product to the catalogue (a scenario product, or a redesign at its launch).
  void add_product(const scenario::Product& spec, bool exists);
  /// Appends a line to events.csv.
  void log(engine::Date d, const std::string& id, const std::string& kind, const std::string& detail);
  /// Service in PFLOPS: training service is PFLOPS already (performance × REF_TFLOPS / 1000);
  /// inference service (TB/s) converts at the reference card's ratio of TFLOPS to TB/s.
  static double to_pflops(double service, int w) { return w == 0 ? service : service * REF_TFLOPS / REF_TBPS / 1000.0; }
};

/// Schedules a task at `when` (a no-op before m.schedule_from); dispatch() runs it.
void schedule(MarketState& m, engine::Time when, Phase phase, Task task);
inline void schedule(MarketState& m, engine::Date day, Phase phase, Task task) {
  schedule(m, day.start(), phase, std::move(task));
}
/// Runs task `slot` of m.tasks (market_model.cpp: the wiring).
void dispatch(MarketState& m, std::size_t slot);

/// Where the orders placed at m.segment_start begin in m.orders: orders are appended as they
/// are placed and segments only move forward, so they are a suffix. Kept by trading.cpp (a
/// re-opening at the same fraction as the last keeps it: those orders were placed then too)
/// instead of found by a scan back from the end, which cost ~5% of a replication.
inline std::size_t segment_orders_begin(const MarketState& m) { return std::min(m.segment_first, m.orders.size()); }

/// Length of [a, b) ∩ [lo, hi), 0 when they do not meet (order windows, books, arrivals).
inline double overlap(double a, double b, double lo, double hi) {
  return std::max(0.0, std::min(b, hi) - std::max(a, lo));
}

/// `of` for every product, by index: a per-product table made once per pass.
std::vector<double> per_product(const MarketState& m, double (*of)(const MarketState&, const ProductState&));

/// Performance per card relative to an H100 for a workload (eq. 3 in docs/model.md, before
/// the buyer's readiness): training by TFLOPS and interconnect, inference by bandwidth and memory.
double raw_performance(const scenario::Product& p, const scenario::ModelParameters& params, int w);

}  // namespace cmsim::market
