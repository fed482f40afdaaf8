#include "sim/experiment/progress_reporter.h"

#include <unistd.h>

#include <cmath>
#include <cstdio>

namespace cmsim::experiment {

std::string format_duration(double seconds) {
  if (!(seconds >= 0) || seconds > 1e8) return "?";
  const auto s = static_cast<long long>(std::llround(seconds));
  char buf[32];
  if (s >= 3600)
    std::snprintf(buf, sizeof buf, "%lldh%02lldm", s / 3600, s % 3600 / 60);
  else if (s >= 60)
    std::snprintf(buf, sizeof buf, "%lldm%02llds", s / 60, s % 60);
  else
    std::snprintf(buf, sizeof buf, "%llds", s);
  return buf;
}

ProgressReporter::ProgressReporter(std::string label, std::uint64_t total, std::uint64_t already, ProgressMode mode)
    : label_(std::move(label)), total_(total), already_(already), mode_(mode) {
  if (mode_ == ProgressMode::AUTO) mode_ = ::isatty(STDERR_FILENO) ? ProgressMode::BAR : ProgressMode::LOG;
  start_ = last_ = std::chrono::steady_clock::now();
}

void ProgressReporter::update(std::uint64_t done) {
  if (mode_ == ProgressMode::OFF) return;
  const auto now = std::chrono::steady_clock::now();
  const auto interval = mode_ == ProgressMode::BAR ? std::chrono::milliseconds(200) : std::chrono::seconds(10);
  if (now - last_ < interval) return;
  last_ = now;
  draw(done, false);
}

void ProgressReporter::finish(std::uint64_t done) {
  if (mode_ == ProgressMode::OFF) return;
  if (mode_ == ProgressMode::BAR || drawn_) draw(done, true);
}

void ProgressReporter::draw(std::uint64_t done, bool final) {
  const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count();
  const double rate = elapsed > 0 ? static_cast<double>(done - already_) / elapsed : 0.0;
  const double eta = rate > 0 ? static_cast<double>(total_ - done) / rate : -1;
  const std::string tail = final ? "in " + format_duration(elapsed) : "ETA " + format_duration(eta);
  drawn_ = true;
  if (mode_ == ProgressMode::BAR) {
    constexpr int WIDTH = 30;
    const int filled = total_ ? static_cast<int>(WIDTH * done / total_) : WIDTH;
    std::string bar(static_cast<std::size_t>(filled), '=');
    if (filled < WIDTH) bar += '>';
    bar.resize(WIDTH, ' ');
    std::fprintf(stderr, "\r%s [%s] %llu/%llu  %.1f/s  %s\033[K%s", label_.c_str(), bar.c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_), rate, tail.c_str(),
                 final ? "\n" : "");
  } else {
    std::fprintf(stderr, "%s: %llu/%llu replications (%.1f/s, %s)\n", label_.c_str(),
                 static_cast<unsigned long long>(done), static_cast<unsigned long long>(total_), rate, tail.c_str());
  }
  std::fflush(stderr);
}

}  // namespace cmsim::experiment
