#include "sim/experiment/sweep_files.h"

// GCC 12 reports a false -Wrestrict inside libstdc++'s string code as Boost's gzip filter
// instantiates it (GCC bug 105329); nothing in this file is affected. (Clang has no such
// warning, and warns of an unknown one.)
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wrestrict"
#endif
#include <boost/iostreams/filter/gzip.hpp>
#include <boost/iostreams/filtering_stream.hpp>

#include <filesystem>
#include <stdexcept>

#include "sim/output/csv_writer.h"

namespace cmsim::experiment {

namespace {

std::string join_path(const std::string& subdir, const std::string& name) {
  if (subdir.empty()) return name;
  std::string path = subdir;
  path += '/';
  path += name;
  return path;
}

void check(const std::ostream& out, const std::string& what) {
  if (!out) throw std::runtime_error(what + ": write failed");
}

}  // namespace

void write_runs_csv(std::ostream& out, const RunStore& store) {
  const auto& h = store.header();
  out << "run,quarter,metric,value\n";
  std::vector<std::string> quarters, metrics;
  for (std::size_t q = 0; q < h.quarters; ++q) {
    quarters.push_back(engine::Quarter::from_index(h.first_quarter.index() + static_cast<std::int32_t>(q)).label());
    quarters.back() += ',';
  }
  for (const auto& m : h.metrics) {
    metrics.push_back(output::csv_escape(m));
    metrics.back() += ',';
  }
  // One buffered string per replication: runs.csv is by far the largest file.
  std::string buf;
  for (std::size_t s = 0; s < store.replications().size(); ++s) {
    std::string run = std::to_string(store.replications()[s]);
    run += ',';
    const auto v = store.values(s);
    buf.clear();
    for (std::size_t q = 0; q < h.quarters; ++q)
      for (std::size_t m = 0; m < h.metrics.size(); ++m) {
        buf += run;
        buf += quarters[q];
        buf += metrics[m];
        buf += output::format_number(v[q * h.metrics.size() + m]);
        buf += '\n';
      }
    out.write(buf.data(), static_cast<std::streamsize>(buf.size()));
  }
}

void write_params_csv(std::ostream& out, const RunStore& store) {
  const auto& h = store.header();
  output::CsvWriter w(out, {"run", "parameter", "value"});
  for (std::size_t s = 0; s < store.replications().size(); ++s) {
    const auto p = store.parameters(s);
    for (std::size_t k = 0; k < h.parameters.size(); ++k)
      w.field(static_cast<std::int64_t>(store.replications()[s])).field(h.parameters[k]).field(p[k]).end_row();
  }
}

void write_summary_csv(std::ostream& out, const std::vector<SummaryRow>& rows) {
  output::CsvWriter w(out, {"quarter", "metric", "mean", "sd", "p05", "p25", "p50", "p75", "p95"});
  for (const auto& r : rows) {
    w.field(r.quarter.label()).field(r.metric).field(r.mean).field(r.sd);
    w.field(r.p05).field(r.p25).field(r.p50).field(r.p75).field(r.p95).end_row();
  }
}

void write_compare_csv(std::ostream& out, const std::vector<CompareRow>& rows) {
  output::CsvWriter w(out, {"quarter", "metric", "base_p50", "alt_p50", "diff_mean", "diff_p05", "diff_p95",
                            "unpaired_diff_p05", "unpaired_diff_p95"});
  for (const auto& r : rows) {
    w.field(r.quarter.label()).field(r.metric).field(r.base_p50).field(r.alt_p50).field(r.diff_mean);
    w.field(r.diff_p05).field(r.diff_p95).field(r.unpaired_diff_p05).field(r.unpaired_diff_p95).end_row();
  }
}

void write_sweep_files(const output::OutputDir& dir, const std::string& subdir, const RunStore& store,
                       RunsFormat format) {
  if (!store.complete()) throw std::logic_error("write_sweep_files: the sweep is incomplete");
  if (!subdir.empty()) std::filesystem::create_directories(dir.temp_path(subdir));
  if (format == RunsFormat::CSV) {
    auto out = dir.open(join_path(subdir, "runs.csv"));
    write_runs_csv(out, store);
    check(out, "runs.csv");
  } else if (format == RunsFormat::GZ) {
    auto file = dir.open(join_path(subdir, "runs.csv.gz"));
    {
      // gzip_params' defaults leave the header's mtime and file name empty: stable bytes.
      boost::iostreams::filtering_ostream gz;
      gz.push(boost::iostreams::gzip_compressor(boost::iostreams::gzip_params(6)));
      gz.push(file);
      write_runs_csv(gz, store);
      gz.reset();  // flushes the compressor and writes the gzip trailer
    }
    check(file, "runs.csv.gz");
  }
  {
    auto out = dir.open(join_path(subdir, "params.csv"));
    write_params_csv(out, store);
    check(out, "params.csv");
  }
  auto out = dir.open(join_path(subdir, "summary.csv"));
  write_summary_csv(out, summarize(store));
  check(out, "summary.csv");
}

void write_compare_files(const output::OutputDir& dir, const RunStore& base, const RunStore& alt, RunsFormat format) {
  {
    auto out = dir.open("compare.csv");
    write_compare_csv(out, compare_arms(base, alt, base.header().seed));
    check(out, "compare.csv");
  }
  write_sweep_files(dir, "base", base, format);
  write_sweep_files(dir, "alt", alt, format);
}

}  // namespace cmsim::experiment
