// Output that appears complete or not at all, and never replaces what cmsim did not write.
//
// Files are written into a temporary sibling `<final>.tmp-<pid>-<n>`; every write's result
// is checked, each file is flushed and fsync'ed, the directories too, and only then is the
// temporary renamed into place: swapped atomically with an earlier result where Linux
// allows it (renameat2 RENAME_EXCHANGE), so the final path never disappears. Any failure
// (disk full, permissions, a stop request) leaves the earlier result untouched and the
// temporary is removed. A temporary left by a killed process (its pid no longer alive) is
// removed the next time output is written to the same path. See docs/output.md.
//
// Test hooks (environment variables, read only in exactly this form; docs/output.md):
//   CMSIM_FAULT_WRITE_AFTER_BYTES=N      writes fail with "No space left on device" once N
//                                        bytes of output have been written in this process
//   CMSIM_FAULT_PAUSE_BEFORE_COMMIT_MS=M commit() waits M ms (stopping early on a stop
//                                        request) before moving output into place
//   CMSIM_FAULT_WAIT_AFTER_CHECK_FOR=PATH a directory's commit waits (up to 30 s) after its
//                                        last check until PATH exists
#pragma once

#include <filesystem>
#include <functional>
#include <memory>
#include <ostream>
#include <stdexcept>
#include <string>
#include <vector>

namespace cmsim::output {

/// A stop was requested (Ctrl-C, SIGTERM) while output was being written. Whatever was
/// being written has been (or, as the object unwinds, will be) removed.
class Interrupted : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// Whether an existing cmsim result at the output path may be replaced.
enum class Replace {
  NEVER,         ///< refused: "use --force to replace it"
  CMSIM_RESULT,  ///< replaced (--force, or the documented default location)
};

/// Returns true when stopping was requested; checked at every buffer flush and in commit().
using StopCheck = std::function<bool()>;

/// Whether `dir` holds a manifest.json written by cmsim (it has the keys cmsim writes).
bool is_cmsim_result(const std::filesystem::path& dir);

/// Checks that an output directory may be written at `final_path` under `replace`. Returns
/// true when an existing cmsim result would be replaced, false when nothing (or an empty
/// directory) is there. Throws engine::InputError for a file in the way, a non-empty
/// directory without cmsim's manifest.json (always refused), and a cmsim result under
/// Replace::NEVER.
bool check_output_dir(const std::filesystem::path& final_path, Replace replace);

/// The same for an output written as one file: a directory in the way is refused, and so
/// is a file whose text does not start with `signature` (the first bytes cmsim writes).
bool check_output_file(const std::filesystem::path& final_path, Replace replace, const std::string& signature);

namespace detail {
struct FileState;
}

/// One file being written: buffered, each write(2) checked. The first failure throws
/// engine::InputError (or Interrupted) from the writing call and is remembered, so the
/// owning OutputDir's commit() refuses to publish the file. The destructor flushes,
/// fsyncs and closes without throwing.
class OutputFile : public std::ostream {
 public:
  explicit OutputFile(std::shared_ptr<detail::FileState> state);
  ~OutputFile() override;
  OutputFile(const OutputFile&) = delete;
  OutputFile& operator=(const OutputFile&) = delete;

  /// Flushes, fsyncs and closes; throws on failure. Idempotent.
  void close();

 private:
  class Buffer;
  std::unique_ptr<Buffer> buffer_;
};

class OutputDir {
 public:
  /// Checks the final path (check_output_dir), removes stale temporaries of dead
  /// processes beside it and creates `<final>.tmp-<pid>-<n>` (creating parents as needed).
  /// Throws engine::InputError if the location cannot or may not be written.
  explicit OutputDir(std::filesystem::path final_path, Replace replace = Replace::NEVER, StopCheck stop = {});
  ~OutputDir();
  OutputDir(const OutputDir&) = delete;
  OutputDir& operator=(const OutputDir&) = delete;

  /// Opens a file inside the temporary directory for writing (binary, so bytes are exact).
  /// Subdirectories in `name` must exist (create them under temp_path()).
  OutputFile open(const std::string& name) const;
  /// Path of a file inside the temporary directory.
  std::filesystem::path temp_path(const std::string& name) const { return temp_ / name; }
  const std::filesystem::path& final_path() const { return final_; }
  /// Checks that every file opened was closed without error, fsyncs, and moves the
  /// temporary directory into place, replacing an earlier cmsim result only as allowed.
  /// Throws engine::InputError (nothing replaced) or Interrupted.
  void commit();
  /// After commit(): whether an earlier result was replaced.
  bool replaced() const { return replaced_; }

 private:
  std::filesystem::path final_, temp_;
  Replace replace_;
  StopCheck stop_;
  mutable std::vector<std::shared_ptr<detail::FileState>> files_;
  bool committed_ = false, replaced_ = false;
};

/// One output file written the same way: into `<final>.tmp-<pid>-<n>`, fsync'ed, renamed
/// over the final name (an atomic replacement) on commit(), removed otherwise.
class AtomicFile {
 public:
  /// `signature`: how a file cmsim wrote begins (check_output_file).
  AtomicFile(std::filesystem::path final_path, Replace replace, std::string signature, StopCheck stop = {});
  ~AtomicFile();
  AtomicFile(const AtomicFile&) = delete;
  AtomicFile& operator=(const AtomicFile&) = delete;

  /// The temporary file, opened for writing (once).
  OutputFile open();
  const std::filesystem::path& temp_path() const { return temp_; }
  const std::filesystem::path& final_path() const { return final_; }
  void commit();
  bool replaced() const { return replaced_; }

 private:
  std::filesystem::path final_, temp_;
  Replace replace_;
  std::string signature_;
  StopCheck stop_;
  std::shared_ptr<detail::FileState> file_;
  bool committed_ = false, replaced_ = false;
};

}  // namespace cmsim::output
