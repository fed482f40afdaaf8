#include "sim/experiment/replication_file.h"

#include <fcntl.h>
#include <unistd.h>

#include <bit>
#include <cerrno>
#include <chrono>
#include <cstring>
#include <fstream>
#include <optional>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace cmsim::experiment {

namespace {

constexpr char MAGIC[8] = {'C', 'M', 'S', 'I', 'M', 'R', 'P', '1'};
static_assert(std::endian::native == std::endian::little, "replication files assume a little-endian machine");

std::uint64_t fnv1a(const char* data, std::size_t n) {
  std::uint64_t h = 14695981039346656037ull;
  for (std::size_t i = 0; i < n; ++i) {
    h ^= static_cast<unsigned char>(data[i]);
    h *= 1099511628211ull;
  }
  return h;
}

void put_u64(std::string& out, std::uint64_t v) {
  char b[8];
  std::memcpy(b, &v, 8);
  out.append(b, 8);
}

// Header values may hold anything the caller puts in an identity; escape the separators.
std::string escape(const std::string& s) {
  std::string out;
  for (char c : s) {
    if (c == '\\')
      out += "\\\\";
    else if (c == '\n')
      out += "\\n";
    else if (c == '\t')
      out += "\\t";
    else
      out += c;
  }
  return out;
}

std::string unescape(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '\\' && i + 1 < s.size()) {
      const char c = s[++i];
      out += c == 'n' ? '\n' : c == 't' ? '\t' : c;
    } else {
      out += s[i];
    }
  }
  return out;
}

std::string join_list(const std::vector<std::string>& v) {
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i) {
    if (i) out += '\t';
    out += escape(v[i]);
  }
  return out;
}

std::vector<std::string> split_list(const std::string& s) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::size_t start = 0;
  while (true) {
    const auto tab = s.find('\t', start);
    out.push_back(unescape(s.substr(start, tab - start)));
    if (tab == std::string::npos) break;
    start = tab + 1;
  }
  return out;
}

double now_seconds() {
  return std::chrono::duration<double>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

}  // namespace

std::string encode_replication_header(const SweepHeader& h) {
  if (!h.has_layout) throw std::logic_error("encode_replication_header: layout unknown");
  std::ostringstream text;
  text << "endian=little\n"
       << "arm=" << escape(h.arm) << "\n"
       << "identity=" << escape(h.identity) << "\n"
       << "seed=" << h.seed << "\n"
       << "runs=" << h.runs << "\n"
       << "design=" << escape(h.design) << "\n"
       << "parameters=" << join_list(h.parameters) << "\n"
       << "runs_output=" << escape(h.runs_output) << "\n"
       << "metrics=" << join_list(h.metrics) << "\n"
       << "first_quarter=" << h.first_quarter.label() << "\n"
       << "quarters=" << h.quarters << "\n";
  std::string out(MAGIC, 8);
  put_u64(out, text.str().size());
  return out + text.str();
}

std::string encode_replication_record(std::uint64_t replication, std::span<const double> parameters,
                                      std::span<const double> values) {
  std::string out;
  out.reserve(16 + 8 * (parameters.size() + values.size()));
  put_u64(out, replication);
  out.append(reinterpret_cast<const char*>(parameters.data()), parameters.size_bytes());
  out.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
  put_u64(out, fnv1a(out.data(), out.size()));
  return out;
}

namespace {

// The header's text, after the magic and its length; nullopt when the stream ends before
// the header does (no byte of the file is good).
std::optional<std::string> read_header_text(std::istream& in, const std::string& what) {
  char magic[8];
  if (!in.read(magic, 8)) return std::nullopt;
  if (std::memcmp(magic, MAGIC, 8) != 0) throw std::runtime_error(what + ": not a cmsim replication file");
  std::uint64_t length = 0;
  if (!in.read(reinterpret_cast<char*>(&length), 8) || length > (1u << 30)) return std::nullopt;
  std::string text(length, '\0');
  if (!in.read(text.data(), static_cast<std::streamsize>(length))) return std::nullopt;
  return text;
}

// One key=value line of the header (encode_replication_header); other keys are ignored.
void read_header_field(const std::string& key, const std::string& value, const std::string& what, SweepHeader& h) {
  if (key == "endian" && value != "little")
    throw std::runtime_error(what + ": written on a big-endian machine");
  else if (key == "arm")
    h.arm = unescape(value);
  else if (key == "identity")
    h.identity = unescape(value);
  else if (key == "seed")
    h.seed = std::stoull(value);
  else if (key == "runs")
    h.runs = std::stoull(value);
  else if (key == "design")
    h.design = unescape(value);
  else if (key == "parameters")
    h.parameters = split_list(value);
  else if (key == "runs_output")
    h.runs_output = unescape(value);
  else if (key == "metrics")
    h.metrics = split_list(value);
  else if (key == "first_quarter") {
    const auto q = engine::Quarter::parse(value);
    if (!q) throw std::runtime_error(what + ": bad first_quarter \"" + value + "\"");
    h.first_quarter = *q;
  } else if (key == "quarters")
    h.quarters = std::stoull(value);
}

SweepHeader parse_header(const std::string& text, const std::string& what) {
  SweepHeader h;
  h.has_layout = true;
  std::istringstream lines(text);
  std::string line;
  while (std::getline(lines, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) throw std::runtime_error(what + ": malformed header line \"" + line + "\"");
    read_header_field(line.substr(0, eq), line.substr(eq + 1), what, h);
  }
  return h;
}

// The records up to the first short or corrupt one (a write cut off); returns their bytes.
std::uint64_t read_records(std::istream& in, const SweepHeader& h, const RecordVisitor& on_record) {
  std::uint64_t good = 0;
  const std::size_t k = h.parameters.size(), v = h.values_per_run();
  const std::size_t record_bytes = 16 + 8 * (k + v);
  std::vector<char> buf(record_bytes);
  std::vector<double> params(k), values(v);
  while (in.read(buf.data(), static_cast<std::streamsize>(record_bytes))) {
    std::uint64_t sum = 0, replication = 0;
    std::memcpy(&sum, buf.data() + record_bytes - 8, 8);
    if (sum != fnv1a(buf.data(), record_bytes - 8)) break;
    std::memcpy(&replication, buf.data(), 8);
    // No memcpy into an empty vector: its data() may be null (a study's arm samples no parameter).
    if (k > 0) std::memcpy(params.data(), buf.data() + 8, 8 * k);
    if (v > 0) std::memcpy(values.data(), buf.data() + 8 + 8 * k, 8 * v);
    on_record(replication, params, values);
    good += record_bytes;
  }
  return good;
}

}  // namespace

std::uint64_t read_replications(std::istream& in, const std::string& what,
                                const std::function<void(const SweepHeader&)>& on_header,
                                const RecordVisitor& on_record) {
  const auto text = read_header_text(in, what);
  if (!text) return 0;
  const SweepHeader h = parse_header(*text, what);
  on_header(h);
  return 16 + text->size() + read_records(in, h, on_record);
}

std::uint64_t read_replication_file(const std::filesystem::path& path,
                                    const std::function<void(const SweepHeader&)>& on_header,
                                    const RecordVisitor& on_record) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error(path.string() + ": cannot open");
  return read_replications(in, path.string(), on_header, on_record);
}

void write_replications(std::ostream& out, const RunStore& store) {
  const std::string header = encode_replication_header(store.header());
  out.write(header.data(), static_cast<std::streamsize>(header.size()));
  for (std::size_t s = 0; s < store.replications().size(); ++s) {
    if (!store.stored(s)) continue;
    const std::string rec = encode_replication_record(store.replications()[s], store.parameters(s), store.values(s));
    out.write(rec.data(), static_cast<std::streamsize>(rec.size()));
  }
}

ReplicationFileWriter::ReplicationFileWriter(std::filesystem::path path, std::uint64_t keep_bytes)
    : path_(std::move(path)), has_header_(keep_bytes > 0) {
  fd_ = ::open(path_.c_str(), O_WRONLY | O_CREAT, 0644);
  if (fd_ < 0) throw std::runtime_error(path_.string() + ": cannot open for writing: " + std::strerror(errno));
  if (::ftruncate(fd_, static_cast<off_t>(keep_bytes)) != 0 ||
      ::lseek(fd_, static_cast<off_t>(keep_bytes), SEEK_SET) < 0) {
    ::close(fd_);
    throw std::runtime_error(path_.string() + ": cannot truncate: " + std::strerror(errno));
  }
  last_sync_ = now_seconds();
}

ReplicationFileWriter::~ReplicationFileWriter() {
  if (fd_ >= 0) {
    ::fsync(fd_);
    ::close(fd_);
  }
}

void ReplicationFileWriter::write_all(const std::string& bytes) {
  std::size_t done = 0;
  while (done < bytes.size()) {
    const auto n = ::write(fd_, bytes.data() + done, bytes.size() - done);
    if (n < 0 && errno == EINTR) continue;  // SIGINT lands here while a record is written
    if (n < 0) throw std::runtime_error(path_.string() + ": write failed: " + std::strerror(errno));
    done += static_cast<std::size_t>(n);
  }
}

void ReplicationFileWriter::write_header(const SweepHeader& header) {
  write_all(encode_replication_header(header));
  has_header_ = true;
}

void ReplicationFileWriter::append(std::uint64_t replication, std::span<const double> parameters,
                                   std::span<const double> values) {
  write_all(encode_replication_record(replication, parameters, values));
  if (now_seconds() - last_sync_ >= 1.0) sync();
}

void ReplicationFileWriter::sync() {
  ::fsync(fd_);
  last_sync_ = now_seconds();
}

}  // namespace cmsim::experiment
