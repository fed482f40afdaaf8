#include "sim/cli/inspect_table.h"

#include <algorithm>

#include "sim/output/csv_writer.h"

namespace cmsim::cli {

void InspectTable::print(std::ostream& out, bool csv) const {
  if (csv) {
    output::CsvWriter w(out, header);
    for (const auto& row : rows) {
      for (const auto& cell : row) w.field(cell);
      w.end_row();
    }
    return;
  }
  std::vector<std::size_t> width(header.size(), 0);
  const auto widen = [&](const std::vector<std::string>& row) {
    for (std::size_t i = 0; i < row.size() && i < width.size(); ++i) width[i] = std::max(width[i], row[i].size());
  };
  widen(header);
  for (const auto& row : rows) widen(row);
  const auto line = [&](const std::vector<std::string>& row) {
    std::string text;
    for (std::size_t i = 0; i < row.size(); ++i) {
      std::string cell = row[i];
      if (i + 1 < row.size()) cell.resize(width[i] + 2, ' ');
      text += cell;
    }
    while (!text.empty() && text.back() == ' ') text.pop_back();
    out << text << "\n";
  };
  line(header);
  for (const auto& row : rows) line(row);
}

std::vector<scenario::Override> parse_overrides(const std::vector<std::string>& sets) {
  std::vector<scenario::Override> out;
  for (const auto& s : sets) out.push_back(scenario::parse_override(s));
  return out;
}

}  // namespace cmsim::cli
