// The binary file of completed replications: a sweep's checkpoint (for --resume), a
// shard's output (for `cmsim merge`) and the message an MPI rank sends to rank 0 all use it.
//
// Layout: "CMSIMRP1", u64 header length, header text (key=value lines), then one record
// per replication: u64 replication, K parameter doubles, Q×M value doubles (quarter-major),
// u64 FNV-1a checksum of the record's preceding bytes. Numbers are the machine's native
// little-endian bytes (the header says "endian=little"); doubles are stored exactly.
// A record cut short by a crash, or one whose checksum fails, ends the readable part.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <istream>
#include <span>
#include <string>

#include "sim/experiment/run_store.h"
#include "sim/experiment/sweep_header.h"

namespace cmsim::experiment {

/// Header bytes (magic, length, text); requires a known layout.
std::string encode_replication_header(const SweepHeader& header);
/// One record's bytes.
std::string encode_replication_record(std::uint64_t replication, std::span<const double> parameters,
                                      std::span<const double> values);

using RecordVisitor =
    std::function<void(std::uint64_t replication, std::span<const double> parameters, std::span<const double> values)>;

/// Writes a store's header and stored records in replication order (shard output, MPI).
void write_replications(std::ostream& out, const RunStore& store);

/// Reads a replication stream; calls `on_header` once, then `on_record` for each intact
/// record. Returns the number of bytes that were intact (0 if there was no complete
/// header). Throws std::runtime_error if the stream is not a replication file at all.
std::uint64_t read_replications(std::istream& in, const std::string& what,
                                const std::function<void(const SweepHeader&)>& on_header,
                                const RecordVisitor& on_record);
/// The same for a file.
std::uint64_t read_replication_file(const std::filesystem::path& path,
                                    const std::function<void(const SweepHeader&)>& on_header,
                                    const RecordVisitor& on_record);

/// Appends records to a replication file. Each record is handed to the kernel with one
/// write(2), so a killed process loses nothing it reported done; fsync runs at most once a
/// second and at close, bounding what a power loss can cost (those replications are redone).
class ReplicationFileWriter {
 public:
  /// Opens `path`, keeping its first `keep_bytes` bytes (0 = start afresh).
  ReplicationFileWriter(std::filesystem::path path, std::uint64_t keep_bytes);
  ~ReplicationFileWriter();
  ReplicationFileWriter(const ReplicationFileWriter&) = delete;
  ReplicationFileWriter& operator=(const ReplicationFileWriter&) = delete;

  bool has_header() const { return has_header_; }
  void write_header(const SweepHeader& header);
  void append(std::uint64_t replication, std::span<const double> parameters, std::span<const double> values);
  /// fsync now.
  void sync();

 private:
  void write_all(const std::string& bytes);
  std::filesystem::path path_;
  int fd_ = -1;
  bool has_header_ = false;
  double last_sync_ = 0;
};

}  // namespace cmsim::experiment
