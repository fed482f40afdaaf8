#include "sim/output/csv_writer.h"

#include <charconv>
#include <cmath>
#include <stdexcept>

#include "sim/engine/input_error.h"

namespace cmsim::output {

std::string format_number(double x) {
  if (std::isnan(x)) return "";
  if (std::isinf(x)) return x > 0 ? "inf" : "-inf";
  if (x == 0) return "0";  // also folds -0 into 0
  char buf[64];
  auto [ptr, ec] = std::to_chars(buf, buf + sizeof buf, x);
  (void)ec;
  return std::string(buf, ptr);
}

std::string csv_escape(std::string_view field) {
  // Output is always UTF-8 without control characters other than line breaks and tabs
  // (which quoting keeps): anything else from the input is written as the text \xNN.
  const std::string safe = engine::printable_text(field, "\n\r\t");
  const std::string_view f = safe;
  if (f.find_first_of(",\"\n\r") == std::string_view::npos) return std::string(f);
  std::string out = "\"";
  for (char c : f) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

CsvWriter::CsvWriter(std::ostream& out, const std::vector<std::string>& header) : out_(out), columns_(header.size()) {
  for (const auto& h : header) field(h);
  end_row();
}

void CsvWriter::separator() {
  if (in_row_ > 0) out_ << ',';
  ++in_row_;
}
CsvWriter& CsvWriter::field(std::string_view text) {
  separator();
  out_ << csv_escape(text);
  return *this;
}
CsvWriter& CsvWriter::field(double value) {
  separator();
  out_ << format_number(value);
  return *this;
}
CsvWriter& CsvWriter::field(std::int64_t value) {
  separator();
  out_ << value;
  return *this;
}
CsvWriter& CsvWriter::field(bool value) {
  separator();
  out_ << (value ? "true" : "false");
  return *this;
}
void CsvWriter::end_row() {
  if (in_row_ != columns_)
    throw std::logic_error("CSV row has " + std::to_string(in_row_) + " fields, header has " +
                           std::to_string(columns_));
  out_ << '\n';
  in_row_ = 0;
}

}  // namespace cmsim::output
