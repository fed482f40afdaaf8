// Ctrl-C during a sweep: the first SIGINT asks the runner to stop cleanly (running
// replications finish and are checkpointed, nothing half-done is written); a second one
// ends the process at once. The flag is the project's one mutable global, kept here.
#pragma once

namespace cmsim::experiment {

/// Installs the SIGINT handler for its lifetime and restores the previous one after.
class InterruptFlag {
 public:
  InterruptFlag();
  ~InterruptFlag();
  InterruptFlag(const InterruptFlag&) = delete;
  InterruptFlag& operator=(const InterruptFlag&) = delete;

  /// Whether SIGINT arrived since this object was made.
  static bool raised();
};

}  // namespace cmsim::experiment
