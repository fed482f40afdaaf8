// The table `cmsim discover` works on: one row per run, its sampled inputs and one outcome.
// Read from a sweep's output folder (params.csv for the inputs, runs.csv reduced by an
// outcome spec) or from a CSV file with a `run` column, input columns and the outcome's
// column (sensitivity_design.csv is one).
#pragma once

#include <string>
#include <vector>

namespace cmsim::cli {

struct RunTable {
  std::vector<std::string> inputs;  ///< input names, in file order
  std::vector<double> x;            ///< row-major: runs() * inputs.size()
  std::vector<double> outcome;
  std::vector<std::string> run_ids;
  std::size_t runs() const { return outcome.size(); }
};

/// `source` is a folder (a sweep: params.csv and runs.csv; `outcome` is METRIC:PERIOD:
/// REDUCTION) or a CSV file (`outcome` names a column; the inputs are every other column
/// except `run`, `group` and columns whose name holds ':' (other outcomes)). Throws
/// engine::InputError naming the file, line and column of the first problem, including a
/// NaN input or outcome. A non-empty `inputs` names the input columns (or parameters) to
/// use instead (each must exist).
RunTable read_run_table(const std::string& source, const std::string& outcome,
                        const std::vector<std::string>& inputs = {});

}  // namespace cmsim::cli
