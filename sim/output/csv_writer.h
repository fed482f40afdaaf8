// Writes RFC 4180 CSV with a fixed number format (shortest round-trip decimal via
// std::to_chars), so equal values always give equal bytes on every platform and thread count.
#pragma once

#include <cstdint>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace cmsim::output {

/// Shortest decimal text that reads back to exactly x; "" for NaN; "inf"/"-inf".
std::string format_number(double x);
/// Quotes a field if it holds a comma, quote or newline; bytes that are not UTF-8 and
/// control characters other than \n, \r, \t become the text \xNN.
std::string csv_escape(std::string_view field);

class CsvWriter {
 public:
  /// Writes the header line immediately.
  CsvWriter(std::ostream& out, const std::vector<std::string>& header);

  CsvWriter& field(std::string_view text);
  CsvWriter& field(double value);
  CsvWriter& field(std::int64_t value);
  CsvWriter& field(bool value);  ///< true / false
  /// Ends the row; throws std::logic_error if the row has the wrong number of fields.
  void end_row();

 private:
  void separator();
  std::ostream& out_;
  std::size_t columns_;
  std::size_t in_row_ = 0;
};

}  // namespace cmsim::output
