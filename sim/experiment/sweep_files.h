// Writes a sweep's and a comparison's CSV files (docs/output.md) into an output directory,
// rows in replication order, then quarter, then metric in declaration order.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "sim/experiment/comparison.h"
#include "sim/experiment/run_store.h"
#include "sim/experiment/runs_format.h"
#include "sim/experiment/summary_statistics.h"
#include "sim/output/output_dir.h"

namespace cmsim::experiment {

/// runs.csv[.gz] (per `format`), params.csv and summary.csv of a complete store, under
/// `subdir` of the output directory ("" for its top level).
void write_sweep_files(const output::OutputDir& dir, const std::string& subdir, const RunStore& store,
                       RunsFormat format);
/// compare.csv, then base/ and alt/ each with the files of write_sweep_files.
void write_compare_files(const output::OutputDir& dir, const RunStore& base, const RunStore& alt, RunsFormat format);

void write_runs_csv(std::ostream& out, const RunStore& store);
void write_params_csv(std::ostream& out, const RunStore& store);
void write_summary_csv(std::ostream& out, const std::vector<SummaryRow>& rows);
void write_compare_csv(std::ostream& out, const std::vector<CompareRow>& rows);

}  // namespace cmsim::experiment
