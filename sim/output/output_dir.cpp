#include "sim/output/output_dir.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <thread>

#include "sim/engine/input_error.h"

namespace cmsim::output {
namespace fs = std::filesystem;

namespace detail {

struct FileState {
  fs::path path;      ///< the file being written (inside a temporary)
  std::string shown;  ///< its final name, for messages
  std::string where;  ///< the output location, for messages
  int fd = -1;
  int error = 0;  ///< errno of the first failure
  bool interrupted = false;
  bool closed = false;
  StopCheck stop;

  bool failed() const { return error != 0 || interrupted; }
  [[noreturn]] void raise() const {
    if (interrupted) throw Interrupted("interrupted while writing " + where + "; nothing was written there");
    throw engine::InputError(shown + ": cannot write output: " + std::strerror(error) + "; nothing was written to " +
                             where + " (an earlier result there is unchanged)");
  }
};

}  // namespace detail

namespace {

using detail::FileState;

// --- test hooks (docs/output.md) -------------------------------------------------------

long long env_number(const char* name) {
  const char* v = std::getenv(name);
  if (!v || !*v) return -1;
  long long n = 0;
  for (const char* p = v; *p; ++p) {
    if (*p < '0' || *p > '9' || n > 1'000'000'000'000LL) return -1;  // only plain digits count
    n = n * 10 + (*p - '0');
  }
  return n;
}

/// Bytes of output this process may still write before CMSIM_FAULT_WRITE_AFTER_BYTES
/// makes writes fail; -1 when the hook is off.
std::atomic<long long>& fault_budget() {
  static std::atomic<long long> budget{env_number("CMSIM_FAULT_WRITE_AFTER_BYTES")};
  return budget;
}

/// CMSIM_FAULT_WAIT_AFTER_CHECK_FOR=PATH: after commit's last check, wait (up to 30 s) until
/// PATH exists, so that a test can let another writer publish in that window.
void wait_after_check() {
  static const char* path = std::getenv("CMSIM_FAULT_WAIT_AFTER_CHECK_FOR");
  if (!path || !*path) return;
  std::error_code ec;
  for (int waited = 0; waited < 30000 && !fs::exists(fs::path(path), ec); waited += 10)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

void pause_before_commit(const StopCheck& stop) {
  static const long long ms = env_number("CMSIM_FAULT_PAUSE_BEFORE_COMMIT_MS");
  for (long long waited = 0; waited < ms && !(stop && stop()); waited += 10)
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

// --- system calls ------------------------------------------------------------------------

/// Writes all n bytes; false with errno set on failure.
bool write_all(int fd, const char* data, std::size_t n) {
  auto& budget = fault_budget();
  while (n > 0) {
    std::size_t chunk = n;
    const long long left = budget.load();
    if (left >= 0) {
      if (left == 0) {
        errno = ENOSPC;
        return false;
      }
      chunk = std::min<std::size_t>(chunk, static_cast<std::size_t>(left));
    }
    const ssize_t w = ::write(fd, data, chunk);
    if (w < 0) {
      if (errno == EINTR) continue;
      return false;
    }
    if (left >= 0) budget -= w;
    data += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

/// fsyncs a directory; 0 or the errno (filesystems that cannot sync directories pass).
int fsync_dir(const fs::path& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return errno;
  int err = ::fsync(fd) == 0 ? 0 : errno;
  ::close(fd);
  return err == EINVAL || err == ENOTSUP ? 0 : err;
}

constexpr unsigned RENAME_NOREPLACE_FLAG = 1u << 0;  // RENAME_NOREPLACE in <linux/fs.h>
constexpr unsigned RENAME_EXCHANGE_FLAG = 1u << 1;   // RENAME_EXCHANGE

/// renameat2 through syscall(2) (older glibc has no wrapper); 0 or the errno.
int rename2(const fs::path& from, const fs::path& to, unsigned flags) {
#if defined(__linux__) && defined(SYS_renameat2)
  if (::syscall(SYS_renameat2, AT_FDCWD, from.c_str(), AT_FDCWD, to.c_str(), flags) == 0) return 0;
  return errno;
#else
  (void)from, (void)to, (void)flags;
  return ENOSYS;
#endif
}

bool unsupported(int err) { return err == EINVAL || err == ENOSYS || err == ENOTSUP || err == EOPNOTSUPP; }

/// Moves `from` to an absent `to` without replacing anything that appeared there
/// meanwhile; 0, or EEXIST/ENOTEMPTY when something did, or another errno.
int rename_noreplace(const fs::path& from, const fs::path& to) {
  const int err = rename2(from, to, RENAME_NOREPLACE_FLAG);
  if (!unsupported(err)) return err;
  // rename(2) replaces only an empty directory or a file: acceptable as a fallback.
  return ::rename(from.c_str(), to.c_str()) == 0 ? 0 : errno;
}

bool pid_alive(long long pid) { return ::kill(static_cast<pid_t>(pid), 0) == 0 || errno != ESRCH; }

/// Removes `<name>.tmp-<pid>[-<n>]` and `<name>.old-<pid>[-<n>]` beside `final` whose
/// process is gone: what SIGKILL or a power cut left of an earlier write.
void remove_stale_temporaries(const fs::path& final) {
  const fs::path parent = final.has_parent_path() ? final.parent_path() : fs::path(".");
  const std::string name = final.filename().string();
  std::error_code ec;
  std::vector<fs::path> stale;
  for (const auto& e : fs::directory_iterator(parent, ec)) {
    const std::string entry = e.path().filename().string();
    for (const char* kind : {".tmp-", ".old-"}) {
      const std::string prefix = name + kind;
      if (!entry.starts_with(prefix)) continue;
      const std::string rest = entry.substr(prefix.size());
      const auto dash = rest.find('-');
      const std::string pid = rest.substr(0, dash), n = dash == std::string::npos ? "0" : rest.substr(dash + 1);
      const auto digits = [](const std::string& s) {
        return !s.empty() && s.size() < 12 && s.find_first_not_of("0123456789") == std::string::npos;
      };
      if (!digits(pid) || !digits(n)) continue;
      const long long p = std::stoll(pid);
      if (p > 0 && p != ::getpid() && !pid_alive(p)) stale.push_back(e.path());
    }
  }
  for (const auto& p : stale) fs::remove_all(p, ec);
}

/// "out/" -> "out"; "." and ".." -> their absolute form (they have no usable sibling name).
fs::path normalise(fs::path p) {
  if (p.empty()) throw engine::InputError("output path: expected a path, got \"\"");
  if (!p.has_filename()) p = p.parent_path();
  if (p.filename() == "." || p.filename() == ".." || p.empty()) p = fs::absolute(p).lexically_normal();
  if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
  if (p == p.root_path()) throw engine::InputError(p.string() + ": cannot write output in place of the root directory");
  return p;
}

fs::path temp_sibling(const fs::path& final, const char* kind) {
  static std::atomic<int> counter{0};
  fs::path t = final;
  t += std::string(kind) + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  return t;
}

void create_parents(const fs::path& final) {
  if (!final.has_parent_path()) return;
  std::error_code ec;
  fs::create_directories(final.parent_path(), ec);
  if (ec)
    throw engine::InputError(final.string() + ": cannot create the output location " + final.parent_path().string() +
                             ": " + ec.message());
}

std::shared_ptr<FileState> open_state(const fs::path& path, std::string shown, std::string where, StopCheck stop) {
  auto st = std::make_shared<FileState>();
  st->path = path;
  st->shown = std::move(shown);
  st->where = std::move(where);
  st->stop = std::move(stop);
  st->fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0666);
  if (st->fd < 0)
    throw engine::InputError(st->shown + ": cannot open for writing: " + std::strerror(errno) +
                             "; nothing was written to " + st->where);
  return st;
}

/// Replaces the result at `final` (which a check allowed) by `temp`: an atomic swap, or where
/// the file system has none, the old result moved aside, the new one in, the old deleted.
void swap_into_place(const fs::path& temp, const fs::path& final, const std::string& where) {
  std::error_code ec;
  const int err = rename2(temp, final, RENAME_EXCHANGE_FLAG);
  if (err == 0) {
    fs::remove_all(temp, ec);  // now the earlier result; a leftover is removed as stale later
    return;
  }
  if (!unsupported(err)) throw engine::InputError(where + ": cannot move the result into place: " + std::strerror(err));
  const fs::path old = temp_sibling(final, ".old-");
  if (::rename(final.c_str(), old.c_str()) != 0)
    throw engine::InputError(where + ": cannot replace the earlier result: " + std::strerror(errno));
  if (::rename(temp.c_str(), final.c_str()) != 0) {
    const int e = errno;
    ::rename(old.c_str(), final.c_str());
    throw engine::InputError(where + ": cannot move the result into place: " + std::strerror(e));
  }
  fs::remove_all(old, ec);
}

}  // namespace

// --- what may be replaced ----------------------------------------------------------------

bool is_cmsim_result(const fs::path& dir) {
  std::ifstream in(dir / "manifest.json", std::ios::binary);
  if (!in) return false;
  std::string head(4096, '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  head.resize(static_cast<std::size_t>(in.gcount()));
  return head.starts_with("{") && head.find("\"schema_version\":") != std::string::npos &&
         head.find("\"cmsim_version\":") != std::string::npos;
}

bool check_output_dir(const fs::path& final_path, Replace replace) {
  std::error_code ec;
  const auto st = fs::symlink_status(final_path, ec);
  if (ec && st.type() != fs::file_type::not_found)
    throw engine::InputError(final_path.string() + ": cannot use as the output directory: " + ec.message());
  if (!fs::exists(st)) return false;
  if (fs::is_symlink(st))
    throw engine::InputError(final_path.string() +
                             ": is a symbolic link; cmsim will not replace it (give the directory it points to, or "
                             "another -o)");
  if (!fs::is_directory(st))
    throw engine::InputError(final_path.string() +
                             ": exists and is not a directory; cmsim will not replace it (choose another -o)");
  if (fs::is_empty(final_path, ec) && !ec) return false;  // an empty directory may be used
  if (!is_cmsim_result(final_path))
    throw engine::InputError(final_path.string() +
                             ": exists, is not empty and holds no manifest.json written by cmsim; cmsim never "
                             "replaces a directory it did not write (choose another -o, or a new or empty directory)");
  if (replace == Replace::NEVER)
    throw engine::InputError(final_path.string() +
                             ": holds an earlier cmsim result; use --force to replace it (or choose another -o)");
  return true;
}

bool check_output_file(const fs::path& final_path, Replace replace, const std::string& signature) {
  std::error_code ec;
  const auto st = fs::symlink_status(final_path, ec);
  if (ec && st.type() != fs::file_type::not_found)
    throw engine::InputError(final_path.string() + ": cannot use as the output file: " + ec.message());
  if (!fs::exists(st)) return false;
  if (fs::is_directory(st))
    throw engine::InputError(final_path.string() + ": is a directory; expected the name of a file to write");
  if (!fs::is_regular_file(st))
    throw engine::InputError(final_path.string() + ": exists and is not a regular file; cmsim will not replace it");
  std::ifstream in(final_path, std::ios::binary);
  std::string head(signature.size(), '\0');
  in.read(head.data(), static_cast<std::streamsize>(head.size()));
  if (!in || head != signature)
    throw engine::InputError(final_path.string() +
                             ": exists and was not written by cmsim; cmsim will not replace it (choose another -o)");
  if (replace == Replace::NEVER)
    throw engine::InputError(final_path.string() +
                             ": holds an earlier cmsim result; use --force to replace it (or choose another -o)");
  return true;
}

// --- OutputFile ----------------------------------------------------------------------------

class OutputFile::Buffer : public std::streambuf {
 public:
  explicit Buffer(std::shared_ptr<FileState> state) : state_(std::move(state)), data_(1 << 16) {
    setp(data_.data(), data_.data() + data_.size());
  }
  const FileState& state() const { return *state_; }

  /// Writes what is buffered; false (the failure recorded in the state) when it cannot.
  bool drain() noexcept {
    FileState& s = *state_;
    if (s.failed() || s.closed) return false;
    if (s.stop && s.stop()) {
      s.interrupted = true;
      return false;
    }
    const auto n = static_cast<std::size_t>(pptr() - pbase());
    if (n > 0 && !write_all(s.fd, pbase(), n)) {
      s.error = errno ? errno : EIO;
      return false;
    }
    setp(data_.data(), data_.data() + data_.size());
    return true;
  }

  /// Drains, fsyncs and closes the file; failures are recorded, never thrown.
  void finish() noexcept {
    FileState& s = *state_;
    if (s.closed) return;
    if (drain() && ::fsync(s.fd) != 0 && errno != EINVAL) s.error = errno;
    if (::close(s.fd) != 0 && !s.failed()) s.error = errno;
    s.fd = -1;
    s.closed = true;
    setp(data_.data(), data_.data());
  }

 protected:
  int_type overflow(int_type ch) override {
    if (!drain()) state_->raise();
    if (!traits_type::eq_int_type(ch, traits_type::eof())) {
      *pptr() = traits_type::to_char_type(ch);
      pbump(1);
    }
    return traits_type::not_eof(ch);
  }
  int sync() override {
    if (!drain()) state_->raise();
    return 0;
  }

 private:
  std::shared_ptr<FileState> state_;
  std::vector<char> data_;
};

OutputFile::OutputFile(std::shared_ptr<FileState> state)
    : std::ostream(nullptr), buffer_(std::make_unique<Buffer>(std::move(state))) {
  rdbuf(buffer_.get());
  // A failing write throws the buffer's own exception (InputError or Interrupted).
  exceptions(std::ios::badbit);
}

OutputFile::~OutputFile() { buffer_->finish(); }

void OutputFile::close() {
  buffer_->finish();
  if (buffer_->state().failed()) {
    setstate(std::ios::failbit);  // not badbit: that would throw ios_base::failure instead
    buffer_->state().raise();
  }
}

// --- OutputDir -----------------------------------------------------------------------------

OutputDir::OutputDir(fs::path final_path, Replace replace, StopCheck stop)
    : final_(normalise(std::move(final_path))), replace_(replace), stop_(std::move(stop)) {
  check_output_dir(final_, replace_);
  create_parents(final_);
  remove_stale_temporaries(final_);
  temp_ = temp_sibling(final_, ".tmp-");
  if (::mkdir(temp_.c_str(), 0777) != 0)
    throw engine::InputError(final_.string() + ": cannot write the output directory here: " + std::strerror(errno));
}

OutputDir::~OutputDir() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

OutputFile OutputDir::open(const std::string& name) const {
  auto st = open_state(temp_ / name, (final_ / name).string(), final_.string() + "/", stop_);
  files_.push_back(st);
  return OutputFile(std::move(st));
}

void OutputDir::commit() {
  if (committed_) throw std::logic_error("OutputDir::commit called twice");
  const std::string where = final_.string() + "/";
  const auto stopped = [&] { return stop_ && stop_(); };
  pause_before_commit(stop_);
  if (stopped()) throw Interrupted("interrupted before " + where + " was written; nothing was written there");
  for (const auto& f : files_) {
    if (!f->closed) throw std::logic_error("OutputDir::commit: " + f->shown + " is still open");
    if (f->failed()) f->raise();
  }
  // Every directory of the result is on disk before the result is published.
  std::error_code ec;
  std::vector<fs::path> dirs{temp_};
  for (const auto& e : fs::recursive_directory_iterator(temp_, ec))
    if (e.is_directory()) dirs.push_back(e.path());
  for (auto it = dirs.rbegin(); it != dirs.rend(); ++it)
    if (const int err = fsync_dir(*it))
      throw engine::InputError(where + ": cannot write output: " + std::strerror(err) + "; nothing was written there");
  if (stopped()) throw Interrupted("interrupted before " + where + " was written; nothing was written there");

  // Check again: another process may have written the path meanwhile. Only a replacement
  // the check allowed (--force) is ever swapped in; anything else goes in by a rename that
  // fails if the path appeared since the check, and is then checked again.
  bool replacing = false;
  for (int attempt = 0;; ++attempt) {
    replacing = check_output_dir(final_, replace_);  // throws when what is there may not be replaced
    if (attempt == 0) wait_after_check();
    if (replacing) {
      swap_into_place(temp_, final_, where);
      break;
    }
    // Absent, or an empty directory (removed first; rmdir fails if anything appeared in it).
    if (fs::exists(fs::symlink_status(final_, ec)) && ::rmdir(final_.c_str()) != 0 && errno != ENOENT &&
        errno != ENOTEMPTY && errno != EEXIST)
      throw engine::InputError(where + ": cannot move the result into place: " + std::strerror(errno));
    const int err = rename_noreplace(temp_, final_);
    if (err == 0) break;
    if ((err != EEXIST && err != ENOTEMPTY) || attempt >= 8)
      throw engine::InputError(where + ": cannot move the result into place: " + std::strerror(err));
  }
  committed_ = true;
  replaced_ = replacing;
  fsync_dir(final_.has_parent_path() ? final_.parent_path() : fs::path("."));
}

// --- AtomicFile ----------------------------------------------------------------------------

AtomicFile::AtomicFile(fs::path final_path, Replace replace, std::string signature, StopCheck stop)
    : final_(normalise(std::move(final_path))),
      replace_(replace),
      signature_(std::move(signature)),
      stop_(std::move(stop)) {
  check_output_file(final_, replace_, signature_);
  create_parents(final_);
  remove_stale_temporaries(final_);
  temp_ = temp_sibling(final_, ".tmp-");
}

AtomicFile::~AtomicFile() {
  if (file_ && !committed_) {
    std::error_code ec;
    fs::remove(temp_, ec);
  }
}

OutputFile AtomicFile::open() {
  if (file_) throw std::logic_error("AtomicFile::open called twice");
  file_ = open_state(temp_, final_.string(), final_.string(), stop_);
  return OutputFile(file_);
}

void AtomicFile::commit() {
  if (!file_ || committed_) throw std::logic_error("AtomicFile::commit without open, or twice");
  pause_before_commit(stop_);
  if (stop_ && stop_())
    throw Interrupted("interrupted before " + final_.string() + " was written; nothing was written there");
  if (!file_->closed) throw std::logic_error("AtomicFile::commit: " + file_->shown + " is still open");
  if (file_->failed()) file_->raise();
  bool replacing = check_output_file(final_, replace_, signature_);
  if (!replacing) {
    const int err = rename_noreplace(temp_, final_);
    if (err == EEXIST)
      replacing = check_output_file(final_, replace_, signature_);  // written meanwhile: throws if refused
    else if (err != 0)
      throw engine::InputError(final_.string() + ": cannot move the file into place: " + std::strerror(err));
  }
  // rename(2) replaces a file atomically.
  if (replacing && ::rename(temp_.c_str(), final_.c_str()) != 0)
    throw engine::InputError(final_.string() + ": cannot move the file into place: " + std::strerror(errno));
  committed_ = true;
  replaced_ = replacing;
  fsync_dir(final_.has_parent_path() ? final_.parent_path() : fs::path("."));
}

}  // namespace cmsim::output
