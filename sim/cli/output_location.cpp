#include "sim/cli/output_location.h"

#include "sim/experiment/interrupt_flag.h"

namespace cmsim::cli {

OutputLocation output_location(const std::string& given, const std::string& default_path, bool force) {
  OutputLocation o;
  o.is_default = given.empty();
  o.path = o.is_default ? default_path : given;
  o.replace = o.is_default || force ? output::Replace::CMSIM_RESULT : output::Replace::NEVER;
  return o;
}

void check_output_location(const OutputLocation& where) { output::check_output_dir(where.path, where.replace); }

output::StopCheck interrupt_requested() {
  return [] { return experiment::InterruptFlag::raised(); };
}

std::string written_to(const std::string& path, bool replaced) {
  std::string dir = path;
  if (!dir.ends_with('/')) dir += '/';
  return " written to " + dir + (replaced ? " (replacing the earlier result there)" : "");
}

std::vector<std::string> command_without_output(const std::vector<std::string>& argv, bool drop_shard) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    const std::string& a = argv[i];
    if (a == "-o" || a == "--output" || (drop_shard && a == "--shard")) {
      ++i;
    } else if (a.rfind("--output=", 0) == 0 || (a.size() > 2 && a.rfind("-o", 0) == 0) || a == "--force" ||
               a == "--resume" || (drop_shard && a.rfind("--shard=", 0) == 0)) {
      continue;
    } else {
      out.push_back(a);
    }
  }
  return out;
}

}  // namespace cmsim::cli
