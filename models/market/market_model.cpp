// The market model: buyers choose products each quarter under the policy in force,
// vendors supply them, policy events stop deliveries and strand inventory, developers
// migrate. Everything that happens is an event on the engine's scheduler:
//   policy events (their effective dates), product launches and ends of sale, redesign
//   launches (scheduled by the ban that caused them), quarterly procurement (first day,
//   scheduling the next), and the quarter's close (last day: deliveries booked,
//   developers, readiness, risk, metrics).
// Equations and parameters: docs/model.md.
#include "models/market/market_model.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <span>

#include "models/ecosystem/developer_population.h"
#include "models/market/diversion_network.h"
#include "models/market/logit.h"
#include "models/metrics/quarter_metrics.h"
#include "models/policy/event_timeline.h"
#include "models/policy/policy_regime.h"
#include "models/policy/redesign.h"
#include "models/policy/stable_hash.h"
#include "models/policy/stream_purpose.h"
#include "sim/engine/random_stream.h"
#include "sim/engine/scheduler.h"

namespace cmsim::market {
namespace {

using engine::Date;
using engine::Quarter;
using engine::RandomStream;
using scenario::BuyerKind;
using scenario::EventKind;
using scenario::Origin;
using scenario::Workload;

constexpr double NEG_INF = -std::numeric_limits<double>::infinity();
constexpr int WORKLOADS = 2;  // 0 training, 1 inference

/// What happens first on one day: policy before launches before procurement; the
/// quarter's close runs at the last second of its last day.
enum Phase : int { POLICY = 0, LAUNCH = 1, PROCUREMENT = 2, CLOSE = 3 };

// Reference cards for normalising performance (H100 SXM, facts.md §2.1): training in
// dense BF16 TFLOPS, inference in TB/s; they only set units, not shares.
constexpr double REF_TFLOPS = 989.0;
constexpr double REF_TBPS = 3.35;
constexpr double REF_PRICE_USD = 25000.0;
// Readiness reaches its ecosystem's maturity once a buyer's exposure (own installed
// compute, developer share) reaches this share.
constexpr double EXPOSURE_SATURATION = 0.25;

struct ProductState {
  scenario::Product spec;
  int vendor = -1;
  int eco = -1;
  Origin origin = Origin::US;
  bool exists = true;  // launch_requires satisfied (or a redesign that was launched)
  bool launched = false;
  bool retired = false;
  double unit_cost = 0;
  double pipeline = 0;        // china-specific cards built for this quarter (inventory + commitments)
  double delivered_last = 0;  // cards delivered last quarter
  bool written_down = false;
  // Performance per card relative to an H100, by workload (eq. 3 without readiness), and its log.
  double x[WORKLOADS] = {0, 0};
  double ln_x[WORKLOADS] = {0, 0};
  // The policy in force for this product, refreshed whenever policy or the catalogue changes.
  const scenario::PolicyEvent* licence = nullptr;  // licence requirement in force, if any
  bool export_banned = false;
  double subsidy = 0;
  double penalty[4] = {0, 0, 0, 0};  // by BuyerKind
  // This quarter.
  metrics::ProductOutcome out;
  bool legal_any = false;
};

struct VendorState {
  const scenario::Vendor* spec = nullptr;
  double capacity = 0;  // cards per quarter before ceiling and policy multipliers; 0 = unbounded
  double delivered = 0;
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
  std::unique_ptr<RandomStream> demand_stream;
};

/// One buyer's order for one product and workload. Prices are not stored: they are the
/// product's quote for the quarter (legal or grey), the same for every buyer (kept small:
/// a quarter places thousands of orders).
struct Order {
  int buyer = 0;
  int product = 0;
  int workload = 0;
  bool diverted = false;
  double units = 0;
  double service_per_card = 0;
  // Deliveries flow evenly over the quarter between these fractions of it: `begin` > 0 for a
  // product launched mid-quarter, `end` < 1 when a ban cuts the order.
  double begin = 0.0;
  double end = 1.0;
  double delivered_share() const { return std::max(0.0, end - begin); }
};

class MarketModel {
 public:
  MarketModel(const scenario::Scenario& s, std::uint64_t replication)
      : s_(s),
        p_(s.parameters),
        rep_(replication),
        sched_(s.start.start()),
        timeline_(s, replication),
        regime_(s),
        diversion_(s.routes),
        developers_(s, replication),
        result_{engine::Recorder(Quarter::of(s.start), Quarter::of(s.end)), {}, {}, {}, 0} {
    std::vector<std::string> eco_ids;
    for (const auto& e : s.ecosystems) eco_ids.push_back(e.id);
    metrics_ = std::make_unique<metrics::QuarterMetrics>(result_.timeseries, eco_ids);
    build_vendors();
    build_products();
    build_buyers();
    segment_listed_.assign(s_.buyers.size(), 0);
    refresh_policy();
  }

  RunResult run() {
    schedule_policy();
    for (std::size_t i = 0; i < products_.size(); ++i) schedule_product(static_cast<int>(i));
    schedule_quarter(Quarter::of(s_.start));
    sched_.run_until(s_.end.start() + (engine::Time::SECONDS_PER_DAY - 1));
    for (const auto& e : timeline_.skipped())
      log(s_.start, e.first, "skipped", "does not happen in this scenario: " + e.second);
    std::stable_sort(result_.events.begin(), result_.events.end(),
                     [](const EventLogEntry& a, const EventLogEntry& b) { return a.date < b.date; });
    return std::move(result_);
  }

 private:
  // ---- set-up ----------------------------------------------------------------------
  void build_vendors() {
    for (const auto& v : s_.vendors) vendors_.push_back({&v, v.capacity_units_per_quarter, 0});
  }

  int vendor_index(const std::string& id) const {
    for (std::size_t i = 0; i < vendors_.size(); ++i)
      if (vendors_[i].spec->id == id) return static_cast<int>(i);
    return -1;
  }

  void add_product(const scenario::Product& spec, bool exists) {
    ProductState ps;
    ps.spec = spec;
    ps.vendor = vendor_index(spec.vendor);
    ps.eco = s_.ecosystem_index(spec.ecosystem);
    ps.origin = ps.vendor >= 0 ? vendors_[ps.vendor].spec->origin : Origin::OTHER;
    ps.exists = exists;
    const double margin = ps.vendor >= 0 ? vendors_[ps.vendor].spec->gross_margin : 0.5;
    ps.unit_cost = spec.unit_cost_usd.value_or(spec.price_usd * (1.0 - margin));
    ps.out.id = spec.id;
    ps.out.vendor = spec.vendor;
    ps.out.origin = ps.origin;
    ps.out.tpp = spec.tpp();
    for (int w = 0; w < WORKLOADS; ++w) {
      ps.x[w] = raw_performance(spec, w);
      ps.ln_x[w] = ps.x[w] > 0 ? std::log(ps.x[w]) : NEG_INF;
    }
    products_.push_back(std::move(ps));
  }

  void build_products() {
    for (const auto& p : s_.products) {
      bool exists = true;
      for (const auto& req : p.launch_requires) exists = exists && timeline_.happens(req);
      add_product(p, exists);
    }
  }

  void build_buyers() {
    const std::size_t n_eco = s_.ecosystems.size();
    for (std::size_t si = 0; si < s_.buyers.size(); ++si) {
      const auto& seg = s_.buyers[si];
      for (int k = 0; k < seg.count; ++k) {
        BuyerAgent b;
        b.segment = static_cast<int>(si);
        b.id = seg.id + "#" + std::to_string(k);
        b.demand[0] = seg.training_pflops_per_quarter / seg.count;
        b.demand[1] = seg.inference_tbps_per_quarter / seg.count;
        b.installed.assign(n_eco, 0.0);
        for (int w = 0; w < WORKLOADS; ++w) {
          const auto& src = w == 0 ? seg.readiness_training : seg.readiness_inference;
          b.readiness[w].assign(n_eco, 0.0);
          for (std::size_t e = 0; e < n_eco; ++e) {
            auto it = src.find(s_.ecosystems[e].id);
            b.readiness[w][e] = it != src.end() ? it->second : 0.0;
          }
          b.initial_readiness[w] = b.readiness[w];
        }
        b.risk = seg.initial_us_risk;
        b.id_hash = policy::stable_hash(b.id);
        b.demand_stream =
            std::make_unique<RandomStream>(engine::StreamKey{s_.seed, rep_, policy::DEMAND, policy::stable_hash(b.id)});
        buyers_.push_back(std::move(b));
      }
    }
  }

  // ---- scheduling ------------------------------------------------------------------
  void schedule_policy() {
    for (const auto& se : timeline_.happening()) {
      if (se.effective > s_.end) continue;
      const Date when = std::max(se.effective, s_.start);
      sched_.at(when, POLICY, [this, se] { on_policy(se); });
    }
  }

  void schedule_product(int i) {
    const auto& ps = products_[i];
    if (!ps.exists) return;
    if (ps.spec.launch <= s_.end)
      sched_.at(std::max(ps.spec.launch, s_.start), LAUNCH, [this, i] {
        products_[i].launched = true;
        if (products_[i].spec.launch > s_.start) book_capacity_for_launch(products_[i].vendor);
        if (products_[i].spec.launch >= s_.start)
          log(sched_.today(), products_[i].spec.id, "launch", products_[i].spec.name + " on sale");
      });
    if (ps.spec.end_of_sale && *ps.spec.end_of_sale <= s_.end && *ps.spec.end_of_sale >= s_.start)
      sched_.at(ps.spec.end_of_sale->plus_days(1), LAUNCH, [this, i] { products_[i].retired = true; });
  }

  void schedule_quarter(Quarter q) {
    const Date first = std::max(q.first_day(), s_.start);
    if (first > s_.end) return;
    sched_.at(first, PROCUREMENT, [this, q] { procure(q); });
    const Date last = std::min(q.last_day(), s_.end);
    sched_.at(last.start() + (engine::Time::SECONDS_PER_DAY - 1), CLOSE, [this, q] {
      close(q);
      schedule_quarter(q.next());
    });
  }

  // ---- legality --------------------------------------------------------------------
  bool available(const ProductState& ps) const { return ps.exists && ps.launched && !ps.retired; }
  /// On sale now, or launching later this quarter: buyers order it at the quarter's start
  /// and deliveries begin at launch (eq. in docs/model.md §5.3).
  bool orderable(const ProductState& ps) const {
    return available(ps) || (ps.exists && !ps.launched && !ps.retired && ps.spec.launch <= quarter_last_day_);
  }
  /// Fraction of the current quarter that has passed when the product's deliveries can start.
  double launch_fraction(const ProductState& ps) const {
    if (ps.launched) return 0.0;
    return std::clamp(days_between(quarter_first_day_, ps.spec.launch) / quarter_days_, 0.0, 1.0);
  }

  /// Licence draw for (licence, buyer, quarter): a counter-based stream keyed by names,
  /// so it is the same in every scenario where that licence and buyer exist.
  bool licence_granted(const scenario::PolicyEvent& t, const BuyerAgent& b) const {
    if (t.grant_probability >= 1.0) return true;
    if (t.grant_probability <= 0.0) return false;
    const std::uint64_t key = policy::stable_hash(
        t.id, b.id_hash ^ (static_cast<std::uint64_t>(current_quarter_.index()) * 0x9E3779B97F4A7C15ULL));
    RandomStream draw({s_.seed, rep_, policy::LICENCE_GRANT, key});
    return draw.uniform() < t.grant_probability;
  }

  /// Refreshes each product's cached view of the policy in force (call after any change
  /// to the regime or the catalogue): the hot loops then never search the rules.
  void refresh_policy() {
    for (auto& ps : products_) {
      ps.licence = regime_.licence_for(ps.spec, ps.origin);
      ps.export_banned = regime_.export_banned(ps.spec, ps.origin);
      ps.subsidy = regime_.price_reduction(ps.spec, ps.origin);
      for (int k = 0; k < 4; ++k)
        ps.penalty[k] = regime_.utility_penalty(ps.spec, ps.origin, static_cast<BuyerKind>(k));
    }
    for (std::size_t si = 0; si < s_.buyers.size(); ++si) segment_listed_[si] = regime_.entity_listed(s_.buyers[si].id);
    legal_cache_.assign(products_.size() * buyers_.size(), -1);
  }

  /// legal_uncached, memoised for the current quarter and policy (refresh_policy clears it;
  /// the licence draws are keyed by quarter, and every quarter begins with a refresh).
  bool legal(std::size_t pi, std::size_t bi) {
    auto& c = legal_cache_[pi * buyers_.size() + bi];
    if (c < 0) c = legal_uncached(products_[pi], buyers_[bi]) ? 1 : 0;
    return c != 0;
  }

  bool legal_uncached(const ProductState& ps, const BuyerAgent& b) const {
    if (ps.origin == Origin::US && segment_listed_[b.segment]) return false;
    if (ps.licence) return licence_granted(*ps.licence, b);
    return !ps.export_banned;
  }

  bool banned_for_all(const ProductState& ps) const {
    if (ps.licence) return ps.licence->grant_probability <= 0.0;
    return ps.export_banned;
  }

  // ---- performance and price -------------------------------------------------------
  double raw_performance(const scenario::Product& p, int w) const {
    if (w == 0) {
      // Mild above the knee (scale-up fabrics), steep below it (PCIe only): eq. 3 in docs/model.md.
      const double ref = p_.interconnect_reference_gbps;
      const double knee = std::min(p_.interconnect_knee_gbps, ref);
      const double ic = std::max(std::min(p.interconnect_gbps, ref), 0.05 * knee);
      const double ic_factor = ic >= knee ? std::pow(ic / ref, p_.interconnect_elasticity)
                                          : std::pow(knee / ref, p_.interconnect_elasticity) *
                                                std::pow(ic / knee, p_.interconnect_elasticity_below_knee);
      return p.tflops_bf16 / REF_TFLOPS * ic_factor;
    }
    return p.memory_bandwidth_tbps / REF_TBPS *
           std::pow(std::max(p.memory_gb, 1.0) / 80.0, p_.inference_memory_elasticity);
  }

  // ---- policy events ---------------------------------------------------------------
  void on_policy(const policy::ScheduledEvent& se) {
    const auto& e = *se.event;
    // Which products were legal for someone before, so we can see what this event stops.
    std::vector<char> was_banned(products_.size());
    for (std::size_t i = 0; i < products_.size(); ++i) was_banned[i] = banned_for_all(products_[i]);
    regime_.apply(e, se.effective);
    refresh_policy();
    log(sched_.today(), e.id, scenario::to_string(e.kind), e.description);

    apply_risk_shock(e);
    cut_orders_now_illegal();
    for (std::size_t i = 0; i < products_.size(); ++i) {
      auto& ps = products_[i];
      if (!ps.exists || was_banned[i] || !banned_for_all(ps)) continue;
      if (!available(ps)) continue;  // not on sale yet (or any more): nothing to strand or redesign
      write_down(ps, e.id);
      maybe_redesign(static_cast<int>(i), e);
    }
  }

  void apply_risk_shock(const scenario::PolicyEvent& e) {
    const bool restrictive_us = e.kind == EventKind::EXPORT_RULE || e.kind == EventKind::ENTITY_LIST ||
                                e.kind == EventKind::AMEND_RULE ||
                                (e.kind == EventKind::LICENCE_REQUIREMENT && e.grant_probability < 1.0);
    const double shock = e.risk_shock >= 0 ? e.risk_shock : (restrictive_us ? p_.risk_shock : 0.0);
    if (shock <= 0) return;
    for (auto& b : buyers_) {
      const bool listed_now = e.kind == EventKind::ENTITY_LIST &&
                              std::find(e.buyers.begin(), e.buyers.end(), s_.buyers[b.segment].id) != e.buyers.end();
      const double jump = listed_now ? 1.0 : shock;
      b.risk += jump * (1.0 - b.risk);
    }
  }

  double quarter_elapsed_fraction() const {
    const Date today = sched_.today();
    const double elapsed = std::max(0, days_between(std::max(quarter_first_day_, s_.start), today));
    return std::clamp(elapsed / quarter_days_, 0.0, 1.0);
  }

  /// Deliveries flow evenly over the quarter: an order that becomes illegal on day d keeps
  /// what was delivered before d and loses the rest (counted as unmet demand).
  void cut_orders_now_illegal() {
    if (!quarter_open_) return;
    const double f = quarter_elapsed_fraction();
    for (auto& o : orders_) {
      if (o.diverted || o.end < 1.0) continue;
      if (legal(static_cast<std::size_t>(o.product), static_cast<std::size_t>(o.buyer))) continue;
      o.end = std::max(o.begin, f);
    }
  }

  /// China-specific cards built for this quarter and not yet delivered are stranded.
  void write_down(ProductState& ps, const std::string& event_id) {
    if (!ps.spec.china_specific || ps.written_down) return;
    double delivered = 0;
    if (quarter_open_) {
      const double f = quarter_elapsed_fraction();
      for (const auto& o : orders_)
        if (&products_[o.product] == &ps && !o.diverted)
          delivered += o.units * std::max(0.0, std::min(f, o.end) - o.begin);
    }
    const double stranded = std::max(0.0, ps.pipeline - delivered);
    const double amount = stranded * ps.unit_cost;
    ps.pipeline = 0;
    ps.written_down = true;
    pending_writedown_ += amount;
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s deliveries stopped; %.0f units written down, $%.2fB", ps.spec.name.c_str(),
                  stranded, amount / 1e9);
    log(sched_.today(), event_id, "writedown", buf);
  }

  void maybe_redesign(int i, const scenario::PolicyEvent& e) {
    const auto& ps = products_[i];
    if (ps.vendor < 0 || !vendors_[ps.vendor].spec->redesign) return;
    // History is scripted: when the vendor has a scripted answer (a product whose launch
    // requires policy events) going on sale within a year of this ban, or one that
    // requires this very event, there is no endogenous redesign.
    const Date today = sched_.today();
    for (const auto& q : products_) {
      if (q.spec.vendor != ps.spec.vendor || !q.exists || q.spec.launch_requires.empty()) continue;
      const bool answers_this =
          std::find(q.spec.launch_requires.begin(), q.spec.launch_requires.end(), e.id) != q.spec.launch_requires.end();
      const int gap = days_between(today, q.spec.launch);
      if (answers_this || (gap >= -90 && gap <= 365)) return;
    }
    if (ps.spec.id.find("-redesign-") != std::string::npos) return;
    const auto& rd = *vendors_[ps.vendor].spec->redesign;
    RandomStream draw({s_.seed, rep_, policy::REDESIGN, policy::stable_hash_of(ps.spec.vendor, e.id, ps.spec.id)});
    if (!(draw.uniform() < rd.probability)) return;
    const Date launch = sched_.today().plus_days(static_cast<std::int32_t>(std::lround(rd.lag_days)));
    if (launch > s_.end) return;
    log(sched_.today(), e.id, "redesign", ps.spec.name + ": vendor starts a compliant derivative, due " + launch.iso());
    sched_.at(launch, LAUNCH, [this, i, e_id = e.id, rd] { launch_redesign(i, e_id, rd); });
  }

  void launch_redesign(int i, const std::string& event_id, const scenario::Redesign& rd) {
    // A derivative is the same silicon: it ends with its product line.
    const auto line_ends = products_[i].spec.end_of_sale;
    if (line_ends && *line_ends < sched_.today()) {
      log(sched_.today(), event_id, "redesign",
          products_[i].spec.name + ": product line ended " + line_ends->iso() + ", derivative dropped");
      return;
    }
    const auto preds = regime_.restrictive_predicates(products_[i].origin);
    auto derived = policy::derate_to_comply(products_[i].spec, preds, rd.margin);
    if (!derived) {
      log(sched_.today(), event_id, "redesign", products_[i].spec.name + ": no compliant derivative possible");
      return;
    }
    derived->id = products_[i].spec.id + "-redesign-" + event_id;
    derived->name = products_[i].spec.name + " (compliant derivative)";
    // Priced by the value it keeps: the geometric mean of the training and inference
    // performance retained (eq. 3) times price_ratio (docs/model.md §5.6).
    double kept = 1.0;
    for (int w = 0; w < WORKLOADS; ++w)
      if (products_[i].x[w] > 0) kept *= std::min(1.0, raw_performance(*derived, w) / products_[i].x[w]);
    derived->price_usd = products_[i].spec.price_usd * rd.price_ratio * std::sqrt(kept);
    derived->unit_cost_usd.reset();
    derived->china_specific = true;
    derived->launch = sched_.today();
    derived->end_of_sale = line_ends;
    derived->launch_requires.clear();
    add_product(*derived, true);
    auto& added = products_.back();
    added.launched = true;
    if (line_ends && *line_ends <= s_.end) {
      const int k = static_cast<int>(products_.size()) - 1;
      sched_.at(line_ends->plus_days(1), LAUNCH, [this, k] { products_[k].retired = true; });
    }
    refresh_policy();
    char buf[256];
    std::snprintf(buf, sizeof buf, "%s launched: %.0f TFLOPS, TPP %.0f, PD %.2f, %.0f GB/s, %.2f TB/s, $%.0f",
                  derived->name.c_str(), derived->tflops_bf16, derived->tpp(), derived->performance_density(),
                  derived->interconnect_gbps, derived->memory_bandwidth_tbps, derived->price_usd);
    log(sched_.today(), derived->id, "launch", buf);
  }

  // ---- procurement -----------------------------------------------------------------
  /// A new product comes with the foundry capacity booked for it (tape-out to volume takes
  /// the better part of a year): at a launch the vendor's capacity rises to its ceiling, so
  /// a new generation does not start from what the last one happened to sell.
  void book_capacity_for_launch(int vendor) {
    if (vendor < 0) return;
    auto& v = vendors_[vendor];
    if (v.capacity > 0 && !v.spec->capacity_ceiling.empty()) v.capacity = std::max(v.capacity, capacity_ceiling(v));
  }

  /// The vendor's ceiling today (linear between its dated points), before policy multipliers.
  double capacity_ceiling(const VendorState& v) const {
    double ceiling = std::numeric_limits<double>::infinity();
    const auto& pts = v.spec->capacity_ceiling;
    if (!pts.empty()) {
      const Date d = sched_.today();
      if (d <= pts.front().date)
        ceiling = pts.front().units_per_quarter;
      else if (d >= pts.back().date)
        ceiling = pts.back().units_per_quarter;
      else
        for (std::size_t k = 1; k < pts.size(); ++k)
          if (d <= pts[k].date) {
            const double t = static_cast<double>(days_between(pts[k - 1].date, d)) /
                             std::max(1, days_between(pts[k - 1].date, pts[k].date));
            ceiling = pts[k - 1].units_per_quarter + t * (pts[k].units_per_quarter - pts[k - 1].units_per_quarter);
            break;
          }
    }
    return ceiling;
  }

  double vendor_capacity(const VendorState& v) const {
    const double ceiling = capacity_ceiling(v);
    const double base = v.capacity > 0 ? std::min(v.capacity, ceiling)
                                       : (std::isfinite(ceiling) ? ceiling : std::numeric_limits<double>::infinity());
    return base * regime_.vendor_capacity_multiplier(v.spec->id);
  }

  struct Option {
    int product;
    bool diverted;
    double price_paid;
    double vendor_net;
    double fee;
    double ln_price;  // log(price_paid / P0)
  };

  void grow_demand(Quarter q) {
    if (q == Quarter::of(s_.start)) return;
    for (auto& b : buyers_) {
      const auto& seg = s_.buyers[b.segment];
      // Log demand follows a random walk with drift: a stochastic trend.
      // Growth converges from the segment's rate to a common long-run rate (eq. 1a).
      double growth = seg.demand_growth_annual;
      if (p_.demand_growth_convergence_years > 0) {
        const double years = quarters_between(Quarter::of(s_.start), q) / 4.0;
        growth = p_.demand_growth_long_run +
                 (growth - p_.demand_growth_long_run) * std::exp(-years / p_.demand_growth_convergence_years);
      }
      const double drift = std::log1p(growth) / 4.0;
      const double shock = b.demand_stream->normal(0.0, seg.demand_growth_sd / 2.0);
      const double g = std::exp(drift + shock);
      b.demand[0] *= g;
      b.demand[1] *= g;
    }
  }

  void procure(Quarter q) {
    current_quarter_ = q;
    quarter_first_day_ = q.first_day();
    quarter_last_day_ = q.last_day();
    quarter_days_ = days_between(quarter_first_day_, quarter_last_day_) + 1;
    quarter_open_ = true;
    grow_demand(q);
    refresh_policy();
    for (auto& b : buyers_)
      for (int w = 0; w < WORKLOADS; ++w) {
        b.ln_readiness[w].resize(b.readiness[w].size());
        for (std::size_t e = 0; e < b.readiness[w].size(); ++e)
          b.ln_readiness[w][e] = b.readiness[w][e] > 0 ? std::log(b.readiness[w][e]) : NEG_INF;
      }
    orders_.clear();
    for (auto& ps : products_) {
      ps.out = metrics::ProductOutcome{ps.spec.id, ps.spec.vendor, ps.origin, ps.spec.tpp()};
    }

    // Grey-market supply this quarter.
    auto cap_mult = [this](const std::string& r) { return regime_.route_capacity_multiplier(r); };
    auto markup = [this](const std::string& r) { return regime_.route_markup_add(r); };
    const DiversionFlow grey = diversion_.solve(0, cap_mult, markup);

    // Options per buyer: legal products, and banned US products through grey routes. The
    // quotes (prices and their logs) are the same for every buyer: computed once a product.
    const std::size_t np = products_.size();
    const std::size_t nb = buyers_.size();
    quotes_.resize(np);
    for (std::size_t pi = 0; pi < np; ++pi) {
      const auto& ps = products_[pi];
      auto& qt = quotes_[pi];
      qt.orderable = orderable(ps);
      if (!qt.orderable) continue;
      const double fee_share = ps.licence ? ps.licence->fee_share : 0.0;
      const double price = ps.spec.price_usd * (1.0 + p_.fee_pass_through * fee_share) * (1.0 - ps.subsidy);
      qt.legal = {static_cast<int>(pi),           false, price, price * (1.0 - fee_share), price * fee_share,
                  std::log(price / REF_PRICE_USD)};
      qt.grey_possible = ps.origin == Origin::US && grey.capacity > 0 && ps.spec.tpp() > 0;
      if (qt.grey_possible) {
        const double grey_price = ps.spec.price_usd * (1.0 + grey.cheapest_markup);
        qt.grey = {static_cast<int>(pi), true, grey_price, 0.0, 0.0, std::log(grey_price / REF_PRICE_USD)};
      }
    }
    auto& options = options_;
    options.resize(nb);
    for (std::size_t bi = 0; bi < nb; ++bi) {
      options[bi].clear();
      for (std::size_t pi = 0; pi < np; ++pi) {
        const auto& qt = quotes_[pi];
        if (!qt.orderable) continue;
        if (legal(pi, bi))
          options[bi].push_back(qt.legal);
        else if (qt.grey_possible)
          options[bi].push_back(qt.grey);
      }
    }

    // Remaining service demand per buyer and workload; rounds of choice and rationing.
    std::vector<std::array<double, WORKLOADS>> remaining(nb);
    for (std::size_t bi = 0; bi < nb; ++bi) {
      const auto& seg = s_.buyers[buyers_[bi].segment];
      for (int w = 0; w < WORKLOADS; ++w)
        remaining[bi][w] = buyers_[bi].demand[w] *
                           regime_.demand_multiplier(seg.kind, w == 0 ? Workload::TRAINING : Workload::INFERENCE);
    }
    std::vector<double> vendor_left(vendors_.size());
    for (std::size_t v = 0; v < vendors_.size(); ++v) vendor_left[v] = vendor_capacity(vendors_[v]);
    double grey_left = grey.capacity;
    double deferred = 0;
    std::vector<char> vendor_full(vendors_.size(), 0);
    bool grey_full = false;

    for (int round = 0; round < std::max(1, p_.clearing_rounds); ++round) {
      // This round's tentative orders are appended to orders_, rationed in place, and those
      // left with nothing are dropped.
      const std::size_t first = orders_.size();
      for (std::size_t bi = 0; bi < nb; ++bi)
        for (int w = 0; w < WORKLOADS; ++w)
          if (remaining[bi][w] > 0)
            choose(bi, w, options[bi], vendor_full, grey_full, remaining[bi][w], orders_, deferred);
      const std::span<Order> tentative(orders_.data() + first, orders_.size() - first);
      // Ration each vendor (and the grey network) pro rata.
      std::vector<double> want(vendors_.size(), 0.0);
      double grey_want = 0;
      for (const auto& o : tentative) {
        if (o.diverted)
          grey_want += o.units;
        else if (products_[o.product].vendor >= 0)
          want[products_[o.product].vendor] += o.units;
      }
      for (std::size_t bi = 0; bi < nb; ++bi) remaining[bi] = {0, 0};
      bool any_short = false;
      std::size_t kept = first;
      for (auto& o : tentative) {
        double ratio = 1.0;
        if (o.diverted) {
          if (grey_want > grey_left) ratio = grey_left / grey_want;
        } else if (const int v = products_[o.product].vendor; v >= 0 && want[v] > vendor_left[v]) {
          ratio = vendor_left[v] / want[v];
        }
        const double served = o.units * ratio;
        if (ratio < 1.0) {
          any_short = true;
          remaining[o.buyer][o.workload] += (o.units - served) * o.service_per_card;
        }
        o.units = served;
        if (served > 0) orders_[kept++] = o;
      }
      orders_.resize(kept);
      for (std::size_t v = 0; v < vendors_.size(); ++v) {
        const double used = std::min(want[v], vendor_left[v]);
        vendor_left[v] -= used;
        if (want[v] >= vendor_left[v] + used && want[v] > 0 && vendor_left[v] <= 1e-9) vendor_full[v] = 1;
      }
      grey_left -= std::min(grey_want, grey_left);
      if (grey_left <= 1e-9 && grey_want > 0) grey_full = true;
      if (!any_short) break;
    }
    double unmet = 0;
    for (std::size_t bi = 0; bi < nb; ++bi) unmet += to_pflops(remaining[bi][0], 0) + to_pflops(remaining[bi][1], 1);
    unmet_ += unmet;
    deferred_ += deferred;

    // Grey flows: the network's min-cost routing sets what buyers actually pay.
    double grey_units = 0;
    for (const auto& o : orders_)
      if (o.diverted) grey_units += o.units;
    if (grey_units > 0) {
      const DiversionFlow flow = diversion_.solve(grey_units, cap_mult, markup);
      for (auto& qt : quotes_)
        if (qt.grey_possible)
          qt.grey.price_paid = products_[qt.grey.product].spec.price_usd * (1.0 + flow.average_markup);
    }
  }

  double to_pflops(double service, int w) const {
    // Express inference service (TB/s) in PFLOPS at the reference card's ratio.
    return w == 0 ? service * REF_TFLOPS / 1000.0 : service * REF_TFLOPS / REF_TBPS / 1000.0;
  }

  /// One buyer's logit choice for one workload over its options; appends tentative orders.
  void choose(std::size_t bi, int w, const std::vector<Option>& opts, const std::vector<char>& vendor_full,
              bool grey_full, double demand, std::vector<Order>& out, double& deferred) {
    const auto& b = buyers_[bi];
    const auto& seg = s_.buyers[b.segment];
    const std::size_t n = opts.size();
    // Options plus the outside option (defer), last.
    utilities_.assign(n + 1, NEG_INF);
    domestic_only_.assign(n + 1, NEG_INF);
    service_.assign(n, 0.0);
    for (std::size_t k = 0; k < n; ++k) {
      const auto& o = opts[k];
      const auto& ps = products_[o.product];
      if (o.diverted ? grey_full : (ps.vendor >= 0 && vendor_full[ps.vendor])) continue;
      const double ready = ps.eco >= 0 ? b.readiness[w][ps.eco] : 0.0;
      const double perf = ps.x[w] * ready;
      if (!(perf > 0)) continue;
      service_[k] = perf * (w == 0 ? REF_TFLOPS / 1000.0 : REF_TBPS);
      const double ln_perf = ps.ln_x[w] + b.ln_readiness[w][ps.eco];  // eq. 2, in logs
      double u = p_.beta_value * (ln_perf - o.ln_price) + p_.beta_performance * ln_perf;
      if (ps.origin == Origin::US) u -= p_.beta_risk * b.risk;
      if (ps.origin == Origin::DOMESTIC && seg.state_owned) u += p_.beta_state_domestic;
      u -= ps.penalty[static_cast<int>(seg.kind)];
      if (o.diverted) u -= p_.diversion_penalty;
      utilities_[k] = u;
      if (ps.origin == Origin::DOMESTIC) domestic_only_[k] = u;
    }
    // Deferring is always an option: rationed demand re-offered in later rounds may also be
    // deferred rather than forced onto products the buyer would not otherwise take.
    utilities_[n] = p_.outside_utility;
    domestic_only_[n] = utilities_[n];
    shares_.assign(n + 1, 0.0);
    logit_probabilities(utilities_, shares_);
    const double mandate = regime_.domestic_share_min(seg.kind);
    if (mandate > 0) {
      dom_shares_.assign(n + 1, 0.0);
      logit_probabilities(domestic_only_, dom_shares_);
      double dom_total = 0;
      for (double x : dom_shares_) dom_total += x;
      if (dom_total > 0)
        for (std::size_t k = 0; k <= n; ++k) shares_[k] = mandate * dom_shares_[k] + (1.0 - mandate) * shares_[k];
    }
    for (std::size_t k = 0; k < n; ++k) {
      if (shares_[k] <= 0 || service_[k] <= 0) continue;
      const auto& o = opts[k];
      Order& ord = out.emplace_back();  // filled in place: no temporary to copy
      ord.buyer = static_cast<int>(bi);
      ord.product = o.product;
      ord.workload = w;
      ord.service_per_card = service_[k];
      ord.units = demand * shares_[k] / service_[k];
      ord.diverted = o.diverted;
      ord.begin = launch_fraction(products_[o.product]);
    }
    deferred += to_pflops(demand * shares_[n], w);
  }

  // ---- close of quarter --------------------------------------------------------------
  void close(Quarter q) {
    quarter_open_ = false;
    const std::size_t n_eco = s_.ecosystems.size();
    // Installed compute retires exponentially with mean life accelerator_life_years.
    const double keep = std::exp(-0.25 / p_.accelerator_life_years);
    for (auto& b : buyers_)
      for (double& x : b.installed) x *= keep;
    installed_us_ *= keep;
    installed_domestic_ *= keep;
    std::vector<double> new_by_eco(n_eco, 0.0);
    for (auto& v : vendors_) v.delivered = 0;
    for (const auto& o : orders_) {
      auto& ps = products_[o.product];
      const double cards = o.units * o.delivered_share();
      unmet_ += to_pflops(o.units * (1.0 - o.delivered_share()) * o.service_per_card, o.workload);
      const double pflops = cards * ps.spec.tflops_bf16 / 1000.0;
      ps.out.units += cards;
      ps.out.pflops += pflops;
      if (o.workload == 0) ps.out.training_pflops += pflops;
      if (o.workload == 0 && !o.diverted) ps.out.legal_training_pflops += pflops;
      const Option& quote = o.diverted ? quotes_[o.product].grey : quotes_[o.product].legal;
      ps.out.spend_usd += cards * quote.price_paid;
      if (!o.diverted) ps.out.legal_spend_usd += cards * quote.price_paid;
      ps.out.vendor_revenue_usd += cards * quote.vendor_net;
      ps.out.fee_usd += cards * quote.fee;
      if (o.diverted) ps.out.diverted_units += cards;
      if (!o.diverted && ps.vendor >= 0) vendors_[ps.vendor].delivered += cards;
      if (ps.eco >= 0) {
        buyers_[o.buyer].installed[ps.eco] += pflops;
        new_by_eco[ps.eco] += pflops;
      }
      if (ps.origin == Origin::US) installed_us_ += pflops;
      if (ps.origin == Origin::DOMESTIC) installed_domestic_ += pflops;
    }

    // Vendors: capacity expands when sold out; China SKUs built a quarter ahead.
    for (auto& v : vendors_) {
      const double cap = vendor_capacity(v);
      if (v.capacity > 0 && std::isfinite(cap) && v.delivered >= 0.9 * cap)
        v.capacity *= 1.0 + v.spec->capacity_growth_per_quarter;
    }
    for (auto& ps : products_) {
      const double legal_cards = ps.out.units - ps.out.diverted_units;
      ps.pipeline = (ps.spec.china_specific && available(ps) && !banned_for_all(ps))
                        ? p_.inventory_cover_quarters * legal_cards
                        : 0.0;
      if (ps.pipeline > 0) ps.written_down = false;
    }

    // Developers follow the compute; buyers' readiness follows purchases and developers.
    std::vector<double> installed_by_eco(n_eco, 0.0);
    for (const auto& b : buyers_)
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
      developers_.step(new_share, installed_share);
    const auto dev_share = developers_.shares();
    const auto maturity = developers_.maturity();
    update_buyers(dev_share, maturity);

    // Metrics.
    metrics::QuarterOutcome out;
    for (std::size_t pi = 0; pi < products_.size(); ++pi) {
      auto& ps = products_[pi];
      // Legal at the close: on sale and some buyer may buy it (licences as drawn this quarter).
      ps.legal_any = false;
      if (available(ps))
        for (std::size_t bi = 0; bi < buyers_.size() && !ps.legal_any; ++bi) ps.legal_any = legal(pi, bi);
      out.products.push_back(ps.out);
      result_.products.push_back({q, ps.spec.id, ps.spec.vendor, scenario::to_string(ps.origin), ps.out.units,
                                  ps.out.vendor_revenue_usd, ps.out.pflops, ps.legal_any, ps.spec.price_usd});
    }
    for (std::size_t e = 0; e < n_eco; ++e) {
      metrics::EcosystemOutcome eo{s_.ecosystems[e].id, developers_.developers_in(static_cast<int>(e)), dev_share[e],
                                   maturity[e], installed_by_eco[e]};
      out.ecosystems.push_back(eo);
      result_.ecosystems.push_back({q, eo.id, eo.developers, eo.share, eo.maturity, eo.installed_pflops});
    }
    out.writedown_usd = pending_writedown_;
    out.unmet_pflops = unmet_;
    out.deferred_pflops = deferred_;
    out.installed_pflops_us = installed_us_;
    out.installed_pflops_domestic = installed_domestic_;
    out.dev_left_cuda = developers_.left_cuda_this_quarter();
    out.dev_left_cuda_cumulative = developers_.left_cuda_cumulative();
    double risk = 0;
    for (const auto& b : buyers_) risk += b.risk;
    out.mean_us_risk = buyers_.empty() ? 0 : risk / static_cast<double>(buyers_.size());
    metrics_->record(q, out);
    pending_writedown_ = 0;
    unmet_ = 0;
    deferred_ = 0;
    result_.agent_quarters += buyers_.size() + developers_.agent_count();
  }

  void update_buyers(std::span<const double> dev_share, std::span<const double> maturity) {
    const std::size_t n_eco = s_.ecosystems.size();
    for (auto& b : buyers_) {
      double total = 0;
      for (double x : b.installed) total += x;
      for (std::size_t e = 0; e < n_eco; ++e) {
        const double own = total > 0 ? b.installed[e] / total : 0.0;
        const double exposure =
            p_.readiness_purchase_weight * own + (1.0 - p_.readiness_purchase_weight) * dev_share[e];
        const double reach = std::min(1.0, exposure / EXPOSURE_SATURATION);
        for (int w = 0; w < WORKLOADS; ++w) {
          const double target = std::max(b.initial_readiness[w][e], maturity[e] * reach);
          const double rate = w == 0 ? p_.readiness_rate_training : p_.readiness_rate_inference;
          b.readiness[w][e] += rate * (target - b.readiness[w][e]);
        }
      }
      b.risk *= 1.0 - p_.risk_decay_per_quarter;
    }
  }

  void log(Date d, const std::string& id, const std::string& kind, const std::string& detail) {
    result_.events.push_back({d, id, kind, detail});
  }

  const scenario::Scenario& s_;
  const scenario::ModelParameters& p_;
  std::uint64_t rep_;
  engine::Scheduler sched_;
  policy::EventTimeline timeline_;
  policy::PolicyRegime regime_;
  DiversionNetwork diversion_;
  ecosystem::DeveloperPopulation developers_;
  RunResult result_;
  std::unique_ptr<metrics::QuarterMetrics> metrics_;
  std::vector<VendorState> vendors_;
  std::vector<ProductState> products_;
  std::vector<BuyerAgent> buyers_;
  std::vector<char> segment_listed_;  // entity-listed, by segment (cached from the regime)
  std::vector<Order> orders_;
  Quarter current_quarter_;
  Date quarter_first_day_, quarter_last_day_;  // of current_quarter_ (cached: hot paths ask often)
  double quarter_days_ = 1;
  std::vector<signed char> legal_cache_;  // products × buyers: -1 unknown, 0 illegal, 1 legal
  bool quarter_open_ = false;
  double pending_writedown_ = 0, unmet_ = 0, deferred_ = 0, installed_us_ = 0, installed_domestic_ = 0;
  // Scratch buffers reused across choices (no allocation in the hot loop).
  std::vector<double> utilities_, domestic_only_, shares_, dom_shares_, service_;
  struct Quote {
    bool orderable = false;
    bool grey_possible = false;
    Option legal{}, grey{};
  };
  std::vector<Quote> quotes_;                 // by product, this quarter
  std::vector<std::vector<Option>> options_;  // by buyer, this quarter
};

}  // namespace

RunResult run_market(const scenario::Scenario& scenario, std::uint64_t replication) {
  return MarketModel(scenario, replication).run();
}

}  // namespace cmsim::market
