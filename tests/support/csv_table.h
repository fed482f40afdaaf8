// Reads a CSV file with a header row into rows keyed by column name. For the project's
// numeric outputs (timeseries.csv, compare.csv, summary.csv), which have no quoted fields.
#pragma once

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

namespace cmsim::testing {

using CsvRow = std::map<std::string, std::string>;

inline std::vector<CsvRow> read_csv_table(const std::filesystem::path& p) {
  std::ifstream in(p);
  std::string line;
  std::vector<std::string> header;
  std::vector<CsvRow> rows;
  const auto split = [](const std::string& s) {
    std::vector<std::string> cells;
    std::stringstream ss(s);
    std::string cell;
    while (std::getline(ss, cell, ',')) cells.push_back(cell);
    return cells;
  };
  if (std::getline(in, line)) header = split(line);
  while (std::getline(in, line)) {
    const auto cells = split(line);
    CsvRow row;
    for (std::size_t i = 0; i < header.size() && i < cells.size(); ++i) row[header[i]] = cells[i];
    rows.push_back(std::move(row));
  }
  return rows;
}

/// Mean of a numeric column over the rows whose `quarter` starts with one of the years.
inline double mean_over_years(const std::vector<CsvRow>& rows, const std::string& column, int first, int last) {
  double sum = 0;
  int n = 0;
  for (const auto& r : rows) {
    const int year = std::stoi(r.at("quarter").substr(0, 4));
    if (year >= first && year <= last) sum += std::stod(r.at(column)), ++n;
  }
  return n ? sum / n : 0.0;
}

}  // namespace cmsim::testing
