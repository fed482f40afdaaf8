// The cmsim command line: subcommand registry, shared option handling, exit codes.
// This is the composition root: the only place that knows about every library.
#pragma once

#include <cstdint>
#include <functional>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include <boost/program_options.hpp>

namespace cmsim::cli {

/// Exit status contract (README, docs/output.md).
enum ExitCode : int {
  EXIT_OK = 0,
  EXIT_CHECK_FAILED = 1,  ///< a check ran and failed (e.g. a `must` fact outside its band)
  EXIT_BAD_INPUT = 2,     ///< bad input or usage
  EXIT_UNAVAILABLE = 3,   ///< the subcommand is not in this build
  EXIT_INTERNAL = 4,      ///< a bug: please report
};

/// Bad command-line usage; the CLI prints "cmsim <cmd>: <what>" and exits 2.
class UsageError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

/// A subcommand receives its own arguments (after the subcommand name).
using Handler = std::function<int(const std::vector<std::string>& args)>;

struct Subcommand {
  std::string name;
  std::string synopsis;  ///< one line: arguments
  std::string summary;   ///< one line: what it does
  Handler handler;       ///< empty when the subcommand is not built yet
};

namespace po = boost::program_options;

/// Parses a subcommand's arguments with its options and positionals, adding the common
/// options (--help, --log-level). Returns false when --help was printed.
bool parse_args(const Subcommand& cmd, const std::vector<std::string>& args, po::options_description& opts,
                const po::positional_options_description& positional, po::variables_map& vm);

/// Parses a whole non-negative decimal number for an option (no sign, no spaces), in
/// [min, max]; throws UsageError naming the option otherwise.
std::uint64_t parse_unsigned(const std::string& option, const std::string& text, std::uint64_t min = 0,
                             std::uint64_t max = UINT64_MAX);

/// Most messages printed for one error, and most bytes of one message: the last bound on
/// what hostile input can make cmsim print (the scenario loader already keeps 50).
inline constexpr std::size_t MAX_PRINTED_MESSAGES = 51;
inline constexpr std::size_t MAX_PRINTED_MESSAGE = 4000;

/// A message safe for a terminal: control characters and bytes that are not UTF-8 become
/// \\xNN, and it is cut after MAX_PRINTED_MESSAGE bytes.
std::string printable_message(std::string_view text);
/// Prints at most MAX_PRINTED_MESSAGES messages, one a line, then "(and N more messages)".
void print_messages(std::ostream& os, const std::vector<std::string>& messages);

/// `text` padded with spaces to `width` bytes, as printf's %-Ns: {fmt}'s width counts
/// display columns, which differs from bytes for text that is not ASCII (a user's ids).
std::string padded(std::string_view text, std::size_t width);

/// The list of subcommands, in help order.
const std::vector<Subcommand>& subcommands();

/// The registered subcommand with this name; throws std::logic_error if absent.
const Subcommand& find_subcommand(const std::string& name);

/// Entry point used by main().
int run(int argc, char** argv);

// Handlers, one file each.
int cmd_mm1(const std::vector<std::string>& args);
int cmd_validate(const std::vector<std::string>& args);
int cmd_rules(const std::vector<std::string>& args);
int cmd_run(const std::vector<std::string>& args);
int cmd_sweep(const std::vector<std::string>& args);
int cmd_compare(const std::vector<std::string>& args);
int cmd_merge(const std::vector<std::string>& args);
int cmd_parameters(const std::vector<std::string>& args);
int cmd_events(const std::vector<std::string>& args);
int cmd_rerun(const std::vector<std::string>& args);
int cmd_products(const std::vector<std::string>& args);
int cmd_validate_history(const std::vector<std::string>& args);
int cmd_calibrate(const std::vector<std::string>& args);
int cmd_backtest(const std::vector<std::string>& args);
int cmd_sensitivity(const std::vector<std::string>& args);
int cmd_attribute(const std::vector<std::string>& args);
int cmd_discover(const std::vector<std::string>& args);
int cmd_experiment(const std::vector<std::string>& args);

}  // namespace cmsim::cli
