#include "sim/experiment/interrupt_flag.h"

#include <csignal>

namespace cmsim::experiment {

namespace {
// A signal handler can only talk to the program through a lock-free global.
volatile std::sig_atomic_t g_interrupted = 0;
struct sigaction g_previous;

extern "C" void on_sigint(int) {
  g_interrupted = 1;
  // A second Ctrl-C gets the default action: terminate now.
  std::signal(SIGINT, SIG_DFL);
}
}  // namespace

InterruptFlag::InterruptFlag() {
  g_interrupted = 0;
  struct sigaction sa {};
  sa.sa_handler = on_sigint;
  sigemptyset(&sa.sa_mask);
  sa.sa_flags = 0;  // no SA_RESTART: a sleeping wait wakes up
  sigaction(SIGINT, &sa, &g_previous);
}

InterruptFlag::~InterruptFlag() { sigaction(SIGINT, &g_previous, nullptr); }

bool InterruptFlag::raised() { return g_interrupted != 0; }

}  // namespace cmsim::experiment
