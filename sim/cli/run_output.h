// Writes one replication's tables (timeseries.csv, products.csv, ecosystems.csv,
// events.csv) in the documented format (docs/output.md).
#pragma once

#include <ostream>

#include "models/market/market_model.h"
#include "sim/output/manifest.h"

namespace cmsim::cli {

/// Throws InputError (exit 2) naming the table, row and column of the first infinite
/// value in products.csv or ecosystems.csv.
void check_finite_rows(const market::RunResult& res);

void write_timeseries(std::ostream& out, const engine::Recorder& r);
void write_products(std::ostream& out, const std::vector<market::ProductQuarter>& rows);
void write_ecosystems(std::ostream& out, const std::vector<market::EcosystemQuarter>& rows);
void write_events(std::ostream& out, const std::vector<market::EventLogEntry>& rows);
/// The run's event log followed by one row per event the scenario's composition removed
/// (kind "removed", dated at its own effective date or else the scenario's start, the
/// reason as detail), read again from `path`: events.csv shows what a counterfactual left out.
std::vector<market::EventLogEntry> with_removed_events(std::vector<market::EventLogEntry> log,
                                                       const scenario::Scenario& s, const std::string& path);
/// The scenario's metric table (defaults, then its `metrics:`) for the manifest's "series".
std::vector<output::Manifest::Series> manifest_series(const scenario::Scenario& s);

}  // namespace cmsim::cli
