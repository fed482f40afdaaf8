// Ctrl-C (SIGINT) and SIGTERM. The CLI installs one handler for both when it starts.
// Outside any InterruptFlag the handler ends the process at once with 128 + the signal
// number (130 for SIGINT, 143 for SIGTERM): nothing is being written then. While an
// InterruptFlag exists (a sweep running, output being written) the first signal only
// raises the flag: the code polling it stops cleanly (running replications finish and are
// checkpointed; temporary output is removed, the earlier result untouched) and the CLI
// exits with the same status. A second signal ends the process at once (a temporary it
// leaves is removed by the next run writing to that path). The flag is the project's one
// mutable global, kept here.
#pragma once

namespace cmsim::experiment {

/// Defers SIGINT/SIGTERM for its lifetime (nestable), installing the handlers if needed.
class InterruptFlag {
 public:
  InterruptFlag();
  ~InterruptFlag();
  InterruptFlag(const InterruptFlag&) = delete;
  InterruptFlag& operator=(const InterruptFlag&) = delete;

  /// Installs the handlers (once) without deferring: a signal ends the process at once.
  static void install();
  /// Whether SIGINT or SIGTERM arrived while a flag existed.
  static bool raised();
  /// The exit status for the signal that raised the flag: 130 (SIGINT) or 143 (SIGTERM).
  static int exit_status();
};

}  // namespace cmsim::experiment
