// The one exception type for bad user input (scenario files, command-line values, CSV).
// Libraries throw it; only the CLI turns it into a message and exit status 2.
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace cmsim::engine {

class InputError : public std::runtime_error {
 public:
  /// One or more complete messages, each of the form "file:line:col: key: what".
  explicit InputError(std::vector<std::string> messages)
      : std::runtime_error(join(messages)), messages_(std::move(messages)) {}
  explicit InputError(const std::string& message) : InputError(std::vector<std::string>{message}) {}

  const std::vector<std::string>& messages() const { return messages_; }

 private:
  static std::string join(const std::vector<std::string>& m) {
    std::string out;
    for (const auto& s : m) {
      if (!out.empty()) out += '\n';
      out += s;
    }
    return out;
  }
  std::vector<std::string> messages_;
};

}  // namespace cmsim::engine
