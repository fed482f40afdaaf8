#include "sim/cli/run_output.h"

#include <algorithm>
#include <cmath>

#include "models/metrics/metric_table.h"
#include "models/scenario/scenario_contents.h"
#include "sim/engine/input_error.h"
#include "sim/output/csv_writer.h"

namespace cmsim::cli {

using output::CsvWriter;

void check_finite_rows(const market::RunResult& res) {
  const auto check = [](double v, const char* table, const std::string& row, const char* column, engine::Quarter q) {
    if (std::isinf(v))
      throw engine::InputError("cmsim: the run produced a non-finite value (inf) in " + std::string(table) + " (" +
                               row + ", " + column + ") at " + q.label() +
                               "; nothing was written. The scenario's values let it grow without bound");
  };
  for (const auto& r : res.products) {
    check(r.units, "products.csv", r.product, "units", r.quarter);
    check(r.revenue_usd, "products.csv", r.product, "revenue_usd", r.quarter);
    check(r.pflops, "products.csv", r.product, "pflops", r.quarter);
    check(r.price_usd, "products.csv", r.product, "price_usd", r.quarter);
  }
  for (const auto& r : res.ecosystems) {
    check(r.developers, "ecosystems.csv", r.ecosystem, "developers", r.quarter);
    check(r.share, "ecosystems.csv", r.ecosystem, "share", r.quarter);
    check(r.maturity, "ecosystems.csv", r.ecosystem, "maturity", r.quarter);
    check(r.installed_pflops, "ecosystems.csv", r.ecosystem, "installed_pflops", r.quarter);
  }
}

void write_timeseries(std::ostream& out, const engine::Recorder& r) {
  std::vector<std::string> header{"quarter", "date"};
  header.insert(header.end(), r.names().begin(), r.names().end());
  CsvWriter csv(out, header);
  for (std::size_t qi = 0; qi < r.quarter_count(); ++qi) {
    const auto q = engine::Quarter::from_index(r.first().index() + static_cast<std::int32_t>(qi));
    csv.field(q.label()).field(q.first_day().iso());
    for (std::size_t s = 0; s < r.names().size(); ++s) csv.field(r.series(s)[qi]);
    csv.end_row();
  }
}

void write_products(std::ostream& out, const std::vector<market::ProductQuarter>& rows) {
  CsvWriter csv(out, {"quarter", "product", "vendor", "origin", "units", "revenue_usd", "pflops", "legal", "price_usd",
                      "ordered_units", "cancelled_units", "backlog_units"});
  for (const auto& r : rows) {
    csv.field(r.quarter.label()).field(r.product).field(r.vendor).field(r.origin);
    csv.field(r.units).field(r.revenue_usd).field(r.pflops).field(r.legal).field(r.price_usd);
    csv.field(r.ordered_units).field(r.cancelled_units).field(r.backlog_units);
    csv.end_row();
  }
}

void write_ecosystems(std::ostream& out, const std::vector<market::EcosystemQuarter>& rows) {
  CsvWriter csv(out, {"quarter", "ecosystem", "developers", "share", "maturity", "installed_pflops"});
  for (const auto& r : rows) {
    csv.field(r.quarter.label()).field(r.ecosystem).field(r.developers).field(r.share).field(r.maturity);
    csv.field(r.installed_pflops).end_row();
  }
}

void write_events(std::ostream& out, const std::vector<market::EventLogEntry>& rows) {
  CsvWriter csv(out, {"date", "quarter", "event", "kind", "detail"});
  for (const auto& r : rows) {
    csv.field(r.date.iso()).field(engine::Quarter::of(r.date).label()).field(r.event).field(r.kind);
    csv.field(r.detail).end_row();
  }
}

std::vector<market::EventLogEntry> with_removed_events(std::vector<market::EventLogEntry> log,
                                                       const scenario::Scenario& s, const std::string& path) {
  for (const auto& r : scenario::scenario_contents(path).removed) {
    if (r.kind != "event") continue;
    const auto date = engine::Date::parse(r.date);
    log.push_back({date.value_or(s.start), r.id, "removed", r.reason});
  }
  // The log is in date order; a stable sort keeps its order and puts each removed event
  // after the rows of its date.
  std::stable_sort(log.begin(), log.end(), [](const auto& a, const auto& b) { return a.date < b.date; });
  return log;
}

std::vector<output::Manifest::Series> manifest_series(const scenario::Scenario& s) {
  std::vector<output::Manifest::Series> out;
  for (const auto& row : metrics::series_table(s)) out.push_back({row.name, row.unit, row.definition()});
  return out;
}

}  // namespace cmsim::cli
