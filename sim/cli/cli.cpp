#include "sim/cli/cli.h"

#include <spdlog/spdlog.h>

#include <charconv>
#include <exception>
#include <iostream>

#include "cmsim_version.h"
#include "sim/engine/input_error.h"
#include "sim/experiment/interrupt_flag.h"
#include "sim/output/output_dir.h"

namespace cmsim::cli {
namespace {

void add_common_options(po::options_description& opts) {
  opts.add_options()("help,h", "show this help and exit")("log-level", po::value<std::string>()->default_value("info"),
                                                          "logging detail: trace, debug, info, warn, error, off");
}

void apply_log_level(const std::string& level) {
  const auto parsed = spdlog::level::from_str(level);
  // from_str maps unknown names to "off"; only accept "off" when it was asked for.
  if (parsed == spdlog::level::off && level != "off")
    throw UsageError("--log-level: expected one of trace, debug, info, warn, error, off; got \"" + level + "\"");
  spdlog::set_level(parsed);
}

void print_usage(std::ostream& os) {
  os << "cmsim " CMSIM_VERSION " - agent-based simulator of an AI compute market under export controls\n\n"
     << "usage: cmsim <command> [options]\n"
     << "       cmsim <command> --help\n\n"
     << "commands:\n";
  for (const auto& c : subcommands()) {
    std::string head = "  " + c.name;
    head.resize(20, ' ');
    os << head << c.summary << (c.handler ? "" : " [not built yet]") << "\n";
  }
  os << "\noptions:\n  --help, -h          this help\n  --version           print the version\n\n"
     << "output: -o DIR is written completely or not at all; an existing cmsim result there is replaced only\n"
     << "  with --force (the default output/<name>/ is replaced, and cmsim says so); a folder or file cmsim did\n"
     << "  not write is never replaced (docs/output.md)\n\n"
     << "exit status: 0 success, 1 a check failed, 2 bad input or usage (also an output location that cannot\n"
     << "  or may not be written, e.g. a full disk), 130 interrupted by Ctrl-C, 143 by SIGTERM (sweeps: --resume)\n";
}

}  // namespace

std::string printable_message(std::string_view text) {
  std::string out = engine::printable_text(text.substr(0, MAX_PRINTED_MESSAGE));
  if (text.size() > MAX_PRINTED_MESSAGE) out += "\u2026";
  return out;
}

void print_messages(std::ostream& os, const std::vector<std::string>& messages) {
  const std::size_t shown = std::min<std::size_t>(messages.size(), MAX_PRINTED_MESSAGES);
  for (std::size_t i = 0; i < shown; ++i) os << printable_message(messages[i]) << "\n";
  if (shown < messages.size()) os << "(and " << messages.size() - shown << " more messages)\n";
}

std::string padded(std::string_view text, std::size_t width) {
  std::string out(text);
  if (out.size() < width) out.resize(width, ' ');
  return out;
}

bool parse_args(const Subcommand& cmd, const std::vector<std::string>& args, po::options_description& opts,
                const po::positional_options_description& positional, po::variables_map& vm) {
  add_common_options(opts);
  try {
    po::store(po::command_line_parser(args).options(opts).positional(positional).run(), vm);
    if (vm.count("help")) {
      std::cout << "usage: cmsim " << cmd.name << " " << cmd.synopsis << "\n\n" << cmd.summary << "\n\n" << opts;
      return false;
    }
    po::notify(vm);
  } catch (const po::error& e) {
    throw UsageError(e.what());
  }
  apply_log_level(vm["log-level"].as<std::string>());
  return true;
}

std::uint64_t parse_unsigned(const std::string& option, const std::string& text, std::uint64_t min, std::uint64_t max) {
  std::uint64_t v = 0;
  const bool digits = !text.empty() && text.find_first_not_of("0123456789") == std::string::npos;
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (!digits || ec != std::errc{} || ptr != text.data() + text.size() || v < min || v > max)
    throw UsageError(option + ": expected a whole number in " + std::to_string(min) + ".." + std::to_string(max) +
                     ", got \"" + text + "\"");
  return v;
}

const Subcommand& find_subcommand(const std::string& name) {
  for (const auto& c : subcommands())
    if (c.name == name) return c;
  throw std::logic_error("subcommand not registered: " + name);
}

int run(int argc, char** argv) {
  spdlog::set_pattern("%^%l%$: %v");
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty()) {
    print_usage(std::cerr);
    return EXIT_BAD_INPUT;
  }
  const std::string& name = args.front();
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(std::cout);
    return EXIT_OK;
  }
  if (name == "--version") {
    std::cout << "cmsim " CMSIM_VERSION "\n";
    return EXIT_OK;
  }
  const Subcommand* cmd = nullptr;
  for (const auto& c : subcommands())
    if (c.name == name) cmd = &c;
  if (!cmd) {
    std::string names;
    for (const auto& c : subcommands()) names += (names.empty() ? "" : ", ") + c.name;
    std::cerr << "cmsim: unknown command \"" << name << "\"; expected one of: " << names << "\n";
    return EXIT_BAD_INPUT;
  }
  if (!cmd->handler) {
    std::cerr << "cmsim " << cmd->name << ": not built yet in this version of cmsim (" << cmd->summary
              << "); nothing was run\n";
    return EXIT_UNAVAILABLE;
  }
  // Ctrl-C or SIGTERM: 130/143 at any moment; while output is written, after removing it.
  experiment::InterruptFlag::install();
  try {
    const int status = cmd->handler(std::vector<std::string>(args.begin() + 1, args.end()));
    return experiment::InterruptFlag::raised() ? experiment::InterruptFlag::exit_status() : status;
  } catch (const output::Interrupted& e) {
    // (a message from cmsim itself)
    std::cerr << "cmsim " << cmd->name << ": " << e.what() << "\n";
    return experiment::InterruptFlag::exit_status();
  } catch (const UsageError& e) {
    std::cerr << "cmsim " << cmd->name << ": " << printable_message(e.what()) << " (see cmsim " << cmd->name
              << " --help)\n";
    return EXIT_BAD_INPUT;
  } catch (const engine::InputError& e) {
    print_messages(std::cerr, e.messages());
    return EXIT_BAD_INPUT;
  } catch (const std::bad_alloc&) {
    std::cerr << "cmsim " << cmd->name
              << ": out of memory; nothing was written. Use fewer agents, replications or threads\n";
    return EXIT_BAD_INPUT;
  } catch (const std::exception& e) {
    std::cerr << "cmsim " << cmd->name << ": internal error: " << printable_message(e.what()) << "\n";
    return EXIT_INTERNAL;
  }
}

}  // namespace cmsim::cli
