#include "sim/experiment/interrupt_flag.h"

#include <unistd.h>

#include <atomic>
#include <csignal>

namespace cmsim::experiment {

namespace {
// A signal handler can only talk to the program through lock-free globals.
std::atomic<int> g_signal{0};    // the signal that raised the flag, 0 if none
std::atomic<int> g_deferred{0};  // how many InterruptFlag objects exist
std::atomic<bool> g_installed{false};
static_assert(std::atomic<int>::is_always_lock_free);

extern "C" void on_signal(int sig) {
  // Nobody polls the flag, or this is the second signal: end now (async-signal-safe).
  if (g_deferred.load() == 0 || g_signal.load() != 0) ::_exit(128 + sig);
  g_signal.store(sig);
}
}  // namespace

void InterruptFlag::install() {
  if (g_installed.exchange(true)) return;
  struct sigaction sa {};
  sa.sa_handler = on_signal;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a sleeping wait wakes up
  sigaction(SIGINT, &sa, nullptr);
  sigaction(SIGTERM, &sa, nullptr);
}

InterruptFlag::InterruptFlag() {
  install();
  ++g_deferred;
}

InterruptFlag::~InterruptFlag() { --g_deferred; }

bool InterruptFlag::raised() { return g_signal.load() != 0; }

int InterruptFlag::exit_status() { return 128 + (g_signal.load() != 0 ? g_signal.load() : SIGINT); }

}  // namespace cmsim::experiment
