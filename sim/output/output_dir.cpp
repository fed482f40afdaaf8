#include "sim/output/output_dir.h"

#include <unistd.h>

#include <atomic>

#include "sim/engine/input_error.h"

namespace cmsim::output {
namespace fs = std::filesystem;

OutputDir::OutputDir(fs::path final_path) : final_(std::move(final_path)) {
  static std::atomic<int> counter{0};
  std::error_code ec;
  if (final_.has_parent_path()) fs::create_directories(final_.parent_path(), ec);
  if (ec) throw engine::InputError(final_.string() + ": cannot create the output location: " + ec.message());
  if (fs::exists(final_) && !fs::is_directory(final_))
    throw engine::InputError(final_.string() + ": exists and is not a directory");
  temp_ = final_;
  temp_ += ".tmp-" + std::to_string(::getpid()) + "-" + std::to_string(counter++);
  fs::remove_all(temp_, ec);
  fs::create_directory(temp_, ec);
  if (ec) throw engine::InputError(temp_.string() + ": cannot create the output directory: " + ec.message());
}

OutputDir::~OutputDir() {
  if (!committed_) {
    std::error_code ec;
    fs::remove_all(temp_, ec);
  }
}

std::ofstream OutputDir::open(const std::string& name) const {
  std::ofstream out(temp_ / name, std::ios::binary | std::ios::trunc);
  if (!out) throw engine::InputError((temp_ / name).string() + ": cannot open for writing");
  return out;
}

void OutputDir::commit() {
  std::error_code ec;
  fs::path old = final_;
  old += ".old-" + std::to_string(::getpid());
  const bool had_old = fs::exists(final_);
  if (had_old) fs::rename(final_, old, ec);
  if (ec) throw engine::InputError(final_.string() + ": cannot replace the earlier result: " + ec.message());
  fs::rename(temp_, final_, ec);
  if (ec) {
    if (had_old) fs::rename(old, final_);
    throw engine::InputError(final_.string() + ": cannot move the result into place: " + ec.message());
  }
  committed_ = true;
  if (had_old) fs::remove_all(old, ec);
}

}  // namespace cmsim::output
