#include "sim/output/manifest.h"

#include <array>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "cmsim_version.h"
#include "sim/engine/input_error.h"

namespace cmsim::output {
namespace {

// SHA-256 (FIPS 180-4), small and dependency-free: the manifest only hashes scenario files.
class Sha256 {
 public:
  void update(const unsigned char* data, std::size_t n) {
    for (std::size_t i = 0; i < n; ++i) {
      block_[fill_++] = data[i];
      if (fill_ == 64) {
        compress();
        fill_ = 0;
      }
    }
    bits_ += static_cast<std::uint64_t>(n) * 8;
  }
  std::string hex() {
    const std::uint64_t bits = bits_;
    const unsigned char pad = 0x80;
    update(&pad, 1);
    const unsigned char zero = 0;
    while (fill_ != 56) update(&zero, 1);
    for (int i = 7; i >= 0; --i) {
      const unsigned char b = static_cast<unsigned char>(bits >> (i * 8));
      update(&b, 1);
    }
    std::string out;
    char buf[9];
    for (std::uint32_t v : h_) {
      std::snprintf(buf, sizeof buf, "%08x", v);
      out += buf;
    }
    return out;
  }

 private:
  static std::uint32_t rotr(std::uint32_t x, int n) { return (x >> n) | (x << (32 - n)); }
  void compress() {
    static constexpr std::uint32_t k[64] = {
        0x428a2f98, 0x71374491, 0xb5c0fbcf, 0xe9b5dba5, 0x3956c25b, 0x59f111f1, 0x923f82a4, 0xab1c5ed5,
        0xd807aa98, 0x12835b01, 0x243185be, 0x550c7dc3, 0x72be5d74, 0x80deb1fe, 0x9bdc06a7, 0xc19bf174,
        0xe49b69c1, 0xefbe4786, 0x0fc19dc6, 0x240ca1cc, 0x2de92c6f, 0x4a7484aa, 0x5cb0a9dc, 0x76f988da,
        0x983e5152, 0xa831c66d, 0xb00327c8, 0xbf597fc7, 0xc6e00bf3, 0xd5a79147, 0x06ca6351, 0x14292967,
        0x27b70a85, 0x2e1b2138, 0x4d2c6dfc, 0x53380d13, 0x650a7354, 0x766a0abb, 0x81c2c92e, 0x92722c85,
        0xa2bfe8a1, 0xa81a664b, 0xc24b8b70, 0xc76c51a3, 0xd192e819, 0xd6990624, 0xf40e3585, 0x106aa070,
        0x19a4c116, 0x1e376c08, 0x2748774c, 0x34b0bcb5, 0x391c0cb3, 0x4ed8aa4a, 0x5b9cca4f, 0x682e6ff3,
        0x748f82ee, 0x78a5636f, 0x84c87814, 0x8cc70208, 0x90befffa, 0xa4506ceb, 0xbef9a3f7, 0xc67178f2};
    std::uint32_t w[64];
    for (int i = 0; i < 16; ++i)
      w[i] = std::uint32_t{block_[4 * i]} << 24 | std::uint32_t{block_[4 * i + 1]} << 16 |
             std::uint32_t{block_[4 * i + 2]} << 8 | block_[4 * i + 3];
    for (int i = 16; i < 64; ++i) {
      const std::uint32_t s0 = rotr(w[i - 15], 7) ^ rotr(w[i - 15], 18) ^ (w[i - 15] >> 3);
      const std::uint32_t s1 = rotr(w[i - 2], 17) ^ rotr(w[i - 2], 19) ^ (w[i - 2] >> 10);
      w[i] = w[i - 16] + s0 + w[i - 7] + s1;
    }
    auto v = h_;
    for (int i = 0; i < 64; ++i) {
      const std::uint32_t s1 = rotr(v[4], 6) ^ rotr(v[4], 11) ^ rotr(v[4], 25);
      const std::uint32_t ch = (v[4] & v[5]) ^ (~v[4] & v[6]);
      const std::uint32_t t1 = v[7] + s1 + ch + k[i] + w[i];
      const std::uint32_t s0 = rotr(v[0], 2) ^ rotr(v[0], 13) ^ rotr(v[0], 22);
      const std::uint32_t maj = (v[0] & v[1]) ^ (v[0] & v[2]) ^ (v[1] & v[2]);
      const std::uint32_t t2 = s0 + maj;
      v = {t1 + t2, v[0], v[1], v[2], v[3] + t1, v[4], v[5], v[6]};
    }
    for (int i = 0; i < 8; ++i) h_[i] += v[i];
  }
  std::array<std::uint32_t, 8> h_ = {0x6a09e667, 0xbb67ae85, 0x3c6ef372, 0xa54ff53a,
                                     0x510e527f, 0x9b05688c, 0x1f83d9ab, 0x5be0cd19};
  unsigned char block_[64] = {};
  std::size_t fill_ = 0;
  std::uint64_t bits_ = 0;
};

void string_array(std::ostringstream& o, const std::vector<std::string>& v) {
  o << "[";
  for (std::size_t i = 0; i < v.size(); ++i) o << (i ? ", " : "") << '"' << json_escape(v[i]) << '"';
  o << "]";
}

}  // namespace

namespace {
/// JSON string escaping of bytes already known to be UTF-8.
std::string json_escape_bytes(const std::string& s) {
  std::string out;
  for (unsigned char c : s) {
    switch (c) {
      case '"':
        out += "\\\"";
        break;
      case '\\':
        out += "\\\\";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20) {
          char buf[8];
          std::snprintf(buf, sizeof buf, "\\u%04x", c);
          out += buf;
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

}  // namespace

std::string json_escape(const std::string& s) {
  // Valid JSON is valid UTF-8: bytes that are not become the text \xNN (JSON "\\xNN").
  std::string utf8;
  for (std::size_t i = 0; i < s.size();) {
    const std::size_t n = engine::utf8_sequence_length(s, i);
    if (n == 0) {
      char buf[8];
      std::snprintf(buf, sizeof buf, "\\x%02x", static_cast<unsigned>(static_cast<unsigned char>(s[i])));
      utf8 += buf;
      ++i;
    } else {
      utf8.append(s, i, n);
      i += n;
    }
  }
  return json_escape_bytes(utf8);
}

std::string utc_now() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

std::string sha256_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return "";
  Sha256 h;
  char buf[65536];
  while (in.read(buf, sizeof buf) || in.gcount() > 0)
    h.update(reinterpret_cast<const unsigned char*>(buf), static_cast<std::size_t>(in.gcount()));
  return h.hex();
}

std::string sha256_text(const std::string& text) {
  Sha256 h;
  h.update(reinterpret_cast<const unsigned char*>(text.data()), text.size());
  return h.hex();
}

std::vector<std::pair<std::string, std::string>> hash_files(const std::vector<std::string>& paths) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& p : paths) out.emplace_back(p, sha256_file(p));
  return out;
}

std::string Manifest::to_json() const {
  std::ostringstream o;
  o << "{\n";
  o << "  \"schema_version\": " << SCHEMA_VERSION << ",\n";
  o << "  \"cmsim_version\": \"" << CMSIM_VERSION << "\",\n";
  o << "  \"command\": \"" << json_escape(command) << "\",\n";
  o << "  \"scenario_paths\": ";
  string_array(o, scenario_paths);
  o << ",\n  \"scenario_sha256\": ";
  string_array(o, scenario_sha256);
  o << ",\n  \"inputs\": [";
  for (std::size_t i = 0; i < inputs.size(); ++i)
    o << (i ? ", " : "") << "{\"path\": \"" << json_escape(inputs[i].first) << "\", \"sha256\": \""
      << json_escape(inputs[i].second) << "\"}";
  o << "]";
  o << ",\n  \"seed\": " << seed << ",\n";
  o << "  \"runs\": " << runs << ",\n";
  o << "  \"threads\": " << threads << ",\n";
  o << "  \"command_line\": ";
  string_array(o, argv);
  o << ",\n  \"started_utc\": \"" << started_utc << "\",\n";
  o << "  \"finished_utc\": \"" << finished_utc << "\"";
  for (const auto& [k, v] : extra) o << ",\n  \"" << json_escape(k) << "\": \"" << json_escape(v) << "\"";
  for (const auto& [k, v] : numbers) o << ",\n  \"" << json_escape(k) << "\": " << v;
  // Where relative paths in command_line are resolved (cmsim rerun runs from here).
  std::error_code ec;
  const auto cwd = std::filesystem::current_path(ec);
  if (!ec) o << ",\n  \"working_directory\": \"" << json_escape(cwd.string()) << "\"";
  if (!series.empty()) {
    o << ",\n  \"series\": [";
    for (std::size_t i = 0; i < series.size(); ++i)
      o << (i ? ",\n    " : "\n    ") << "{\"name\": \"" << json_escape(series[i].name) << "\", \"unit\": \""
        << json_escape(series[i].unit) << "\", \"definition\": \"" << json_escape(series[i].definition) << "\"}";
    o << "\n  ]";
  }
  o << "\n}\n";
  return o.str();
}

}  // namespace cmsim::output
